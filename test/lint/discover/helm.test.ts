import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { chartOf, readHelmCharts, renderHelmTemplate, UNRESOLVED } from "../../../src/lint/discover/helm.js";
import { lintTree } from "../helpers.js";

/** A chart written for these tests: a shop whose two services share helpers, as charts made by `helm create` do. */
const files: Record<string, string> = {
  "deploy/shop/Chart.yaml": "apiVersion: v2\nname: shop\nversion: 0.3.1\nappVersion: \"2.0\"\n",
  "deploy/shop/values.yaml": [
    "registry: registry.example.com/shop",
    "database:",
    "  host: shop-pg",
    "  name: shop",
    "billing:",
    "  enabled: false",
    "catalog:",
    "  replicas: 2",
    "  port: 8080",
    "  env:",
    "    LOG_LEVEL: debug",
    "    CACHE_TTL: 60",
    "  extraArgs: [--trace, --verbose]",
    "tracing:",
    "  endpoint: http://collector:4318",
    "",
  ].join("\n"),
  "deploy/shop/templates/_helpers.tpl": [
    '{{- define "shop.fullname" -}}',
    "{{ .Release.Name }}-{{ .Chart.Name }}",
    "{{- end }}",
    "",
    '{{- define "shop.labels" -}}',
    "app.kubernetes.io/part-of: {{ .Chart.Name }}",
    "helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}",
    "{{- end }}",
    "",
    '{{- define "shop.dbUrl" -}}',
    'postgres://{{ .Values.database.host }}:5432/{{ .Values.database.name | default "app" }}',
    "{{- end }}",
  ].join("\n"),
  "deploy/shop/templates/catalog.yaml": [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: catalog",
    "  labels:",
    '    {{- include "shop.labels" . | nindent 4 }}',
    "spec:",
    "  replicas: {{ .Values.catalog.replicas }}",
    "  template:",
    "    spec:",
    "      containers:",
    "        - name: catalog",
    '          image: "{{ .Values.registry }}/catalog:{{ .Values.catalog.tag | default .Chart.AppVersion }}"',
    "          args:",
    "            {{- toYaml .Values.catalog.extraArgs | nindent 12 }}",
    "          env:",
    "            - name: DATABASE_URL",
    '              value: {{ include "shop.dbUrl" . | quote }}',
    "            {{- range $key, $value := .Values.catalog.env }}",
    "            - name: {{ $key }}",
    "              value: {{ $value | quote }}",
    "            {{- end }}",
    "            {{- if .Values.billing.enabled }}",
    "            - name: BILLING_URL",
    "              value: http://billing",
    "            {{- else }}",
    "            - name: BILLING_DISABLED",
    '              value: "true"',
    "            {{- end }}",
    "            {{- with .Values.tracing }}",
    "            - name: OTEL_EXPORTER_OTLP_ENDPOINT",
    "              value: {{ .endpoint }}",
    "            {{- end }}",
    "            - name: SESSION_SECRET",
    "              value: {{ .Values.sessionSecret }}",
    "            - name: PORT",
    '              value: {{ printf "%d" (int .Values.catalog.port) | quote }}',
  ].join("\n"),
  "deploy/shop/charts/orders/Chart.yaml": "apiVersion: v2\nname: orders\nversion: 1.0.0\n",
  "deploy/shop/charts/orders/values.yaml": "image: orders:dev\nqueue: orders-local\n",
  "deploy/shop/charts/orders/templates/deployment.yaml": [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    '  name: {{ include "shop.fullname" . }}',
    "spec:",
    "  template:",
    "    spec:",
    "      containers:",
    "        - name: orders",
    "          image: {{ .Values.image }}",
    "          env:",
    "            - name: QUEUE",
    "              value: {{ .Values.queue }}",
    "            - name: DATABASE_URL",
    '              value: {{ include "shop.dbUrl" . }}',
  ].join("\n"),
};

const read = (rel: string): string | undefined => files[rel];
const charts = () =>
  readHelmCharts(
    Object.keys(files).filter((file) => file.endsWith("Chart.yaml")),
    read,
    Object.keys(files).filter((file) => file.includes("/templates/")),
  );

function render(file: string) {
  const all = charts();
  const chart = chartOf(file, all)!;
  const rendered = renderHelmTemplate(files[file]!, chart);
  return { ...rendered, doc: parse(rendered.text) as Record<string, any> };
}

const envOf = (doc: Record<string, any>): Record<string, string> =>
  Object.fromEntries((doc.spec.template.spec.containers[0].env as { name: string; value: string }[]).map((item) => [item.name, String(item.value)]));

describe("[U] Helm templates rendered with the chart's default values", () => {
  it("fills values, includes defines with nindent, repeats range over a map, takes the branch the values choose, and reads with's field", () => {
    const { doc } = render("deploy/shop/templates/catalog.yaml");
    expect(doc.metadata.labels).toEqual({ "app.kubernetes.io/part-of": "shop", "helm.sh/chart": "shop-0.3.1" });
    expect(doc.spec.replicas).toBe(2);
    expect(doc.spec.template.spec.containers[0].image).toBe("registry.example.com/shop/catalog:2.0");
    expect(doc.spec.template.spec.containers[0].args).toEqual(["--trace", "--verbose"]);
    expect(envOf(doc)).toMatchObject({
      DATABASE_URL: "postgres://shop-pg:5432/shop",
      CACHE_TTL: "60",
      LOG_LEVEL: "debug",
      BILLING_DISABLED: "true",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
      PORT: "8080",
    });
    expect(envOf(doc)).not.toHaveProperty("BILLING_URL");
  });

  it("marks a value the chart's values do not set as unresolved instead of rendering it empty", () => {
    const { doc } = render("deploy/shop/templates/catalog.yaml");
    expect(envOf(doc).SESSION_SECRET).toBe(UNRESOLVED);
  });

  it("says which expressions it could not evaluate", () => {
    const chart = charts()[0]!;
    const rendered = renderHelmTemplate("value: {{ .Values.registry | sha256sum }}\nother: {{ lookup \"v1\" \"Secret\" \"ns\" \"x\" }}\n", chart);
    expect(rendered.text).toBe(`value: ${UNRESOLVED}\nother: ${UNRESOLVED}\n`);
    expect(rendered.unresolved).toEqual(["{{ .Values.registry | sha256sum }}", '{{ lookup "v1" "Secret" "ns" "x" }}']);
  });

  it("maps each rendered line back to the template line it came from", () => {
    const { text, lines } = render("deploy/shop/templates/catalog.yaml");
    const rendered = text.split("\n");
    const templateLines = files["deploy/shop/templates/catalog.yaml"]!.split("\n");
    const at = (needle: string) => lines[rendered.findIndex((line) => line.includes(needle))]!;
    expect(templateLines[at("name: DATABASE_URL") - 1]).toContain("name: DATABASE_URL");
    expect(templateLines[at("name: SESSION_SECRET") - 1]).toContain("name: SESSION_SECRET");
    // An included or ranged line belongs to the action that made it.
    expect(templateLines[at("helm.sh/chart") - 1]).toContain('include "shop.labels"');
    expect(templateLines[at("name: CACHE_TTL") - 1]).toContain("name: {{ $key }}");
    expect(lines).toHaveLength(rendered.length);
  });

  it("gives a subchart its own values and its parent's release name and helpers", () => {
    const { doc } = render("deploy/shop/charts/orders/templates/deployment.yaml");
    expect(doc.metadata.name).toBe("shop-orders");
    expect(doc.spec.template.spec.containers[0].image).toBe("orders:dev");
    expect(envOf(doc)).toEqual({ QUEUE: "orders-local", DATABASE_URL: `postgres://${UNRESOLVED}:5432/app` });
  });

  it("lets a parent chart's values for a subchart win over the subchart's own", () => {
    const withOverride: Record<string, string> = { ...files, "deploy/shop/values.yaml": `${files["deploy/shop/values.yaml"]}orders:\n  queue: orders-prod\n` };
    const all = readHelmCharts(
      Object.keys(withOverride).filter((file) => file.endsWith("Chart.yaml")),
      (rel) => withOverride[rel],
      Object.keys(withOverride).filter((file) => file.includes("/templates/")),
    );
    const file = "deploy/shop/charts/orders/templates/deployment.yaml";
    const doc = parse(renderHelmTemplate(withOverride[file]!, chartOf(file, all)!).text) as Record<string, any>;
    expect(envOf(doc).QUEUE).toBe("orders-prod");
  });

  it("takes only files under a chart's templates/ folder as its templates", () => {
    const all = charts();
    expect(chartOf("deploy/shop/templates/catalog.yaml", all)?.name).toBe("shop");
    expect(chartOf("deploy/shop/charts/orders/templates/deployment.yaml", all)?.name).toBe("orders");
    expect(chartOf("deploy/shop/values.yaml", all)).toBeUndefined();
    expect(chartOf("deploy/other/templates/x.yaml", all)).toBeUndefined();
  });
});

describe("[U] Helm templates that are odd or hostile", () => {
  const chart = () => charts()[0]!;

  it("stops a template whose nested ranges would multiply out of bounds, and says so", () => {
    const values = { ...chart(), values: { rows: Array.from({ length: 200 }, (_, i) => i) } };
    const template = "{{- range .Values.rows }}{{- range $.Values.rows }}{{- range $.Values.rows }}x{{ . }}{{- end }}{{- end }}{{- end }}";
    const rendered = renderHelmTemplate(template, values);
    expect(rendered.unresolved).toEqual(["the rest of the template (over 50000 template actions)"]);
    expect(rendered.text.length).toBeLessThan(500_000);
  });

  it("ends an include that includes itself, and reads an odd escape or an unclosed block without throwing", () => {
    const looping = { ...chart(), defines: new Map([["loop", '{{ include "loop" . }}']]) };
    expect(renderHelmTemplate('a: {{ include "loop" . }}', looping).text).toContain(UNRESOLVED);
    expect(renderHelmTemplate('a: {{ "\\q" }}', chart()).text).toBe("a: \\q");
    const unclosed = renderHelmTemplate("a: 1\n{{- if .Values.registry }}\nb: 2\n", chart());
    expect(unclosed.unresolved).toEqual(["an unclosed {{ if }}"]);
  });
});

describe("[I] a chart kept in an app's folder", () => {
  const appWithChart = (app: string, image: string): Record<string, string> => ({
    [`${app}/Dockerfile`]: "FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /bin/app\nFROM gcr.io/distroless/static\nCOPY --from=build /bin/app /app\nENTRYPOINT [\"/app\"]\n",
    [`${app}/go.mod`]: `module example.com/${app}\n`,
    [`${app}/chart/Chart.yaml`]: `apiVersion: v2\nname: ${app}\nversion: 0.1.0\n`,
    [`${app}/chart/values.yaml`]: "imageTag: latest\nbroker: kafka:9092\n",
    [`${app}/chart/templates/deployment.yaml`]: [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      `  name: ${app}`,
      "spec:",
      "  template:",
      "    spec:",
      "      containers:",
      `        - image: ${image}`,
      "          env:",
      "            - name: BROKER",
      "              value: {{ .Values.broker }}",
      "",
    ].join("\n"),
  });

  it("deploys that app when its image is left to values nobody set; an image of its own is placed as any other", () => {
    const unset = lintTree(appWithChart("ledger", "{{ .Values.imageUrl }}:{{ .Values.imageTag }}"));
    expect(unset.model.services.map((s) => `${s.name} ${s.root} ${s.language} ${s.sources.join("+")}`)).toEqual(["ledger ledger go kubernetes"]);
    expect(unset.model.services[0]!.env).toEqual({ BROKER: "kafka:9092" });
    // A stock image the chart names is no app of the repository.
    expect(lintTree(appWithChart("ledger", "redis:7")).model.services).toEqual([]);
  });
});
