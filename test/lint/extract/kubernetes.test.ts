import { describe, expect, it } from "vitest";
import { imageName } from "../../../src/lint/discover/kubernetes.js";
import { lintTree, service } from "../helpers.js";

const k8s = (name: string, env: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: ${name}
          image: ghcr.io/acme/${name}:1.0.0
          ports:
            - containerPort: 8080
          envFrom:
            - configMapRef:
                name: ${name}-config
          env:
${env}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
data:
  LOG_LEVEL: info
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}-svc
  namespace: shop
spec:
  selector:
    app: ${name}
  ports:
    - port: 80
`;

describe("[U] kubernetes discovery", () => {
  it("Deployments give env (values, ConfigMaps) and Service names as hosts", () => {
    const result = lintTree({
      ...service("services/orders", ["express", "pg"], {
        "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\nconst app = express();\napp.get("/v1/orders", async (req, res) => res.json(await fetch(\`\${process.env.USERS_API}/v1/users\`)));\n`,
      }),
      ...service("services/users", ["express", "pg"], {
        "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\nconst app = express();\napp.get("/v1/users", (req, res) => res.json([]));\n`,
      }),
      "deploy/orders.yaml": k8s("orders", "            - name: DATABASE_URL\n              value: postgres://db.shop:5432/shop\n            - name: USERS_API\n              value: http://users-svc.shop"),
      "deploy/users.yaml": k8s("users", "            - name: DATABASE_URL\n              value: postgres://db.shop:5432/shop"),
      "charts/x/templates/broken.yaml": "apiVersion: v1\nkind: {{ .Values.kind }}\n",
    });
    const orders = result.model.services.find((s) => s.name === "orders")!;
    expect(orders.sources).toContain("kubernetes");
    expect(orders.env).toMatchObject({ LOG_LEVEL: "info", DATABASE_URL: "postgres://db.shop:5432/shop" });
    expect(orders.envSources.LOG_LEVEL).toBe("deploy/orders.yaml (ConfigMap orders-config)");
    expect(result.model.services.find((s) => s.name === "users")!.hosts).toEqual(expect.arrayContaining(["users-svc", "users-svc.shop"]));
    expect(result.model.calls.map((c) => [c.targetService, c.targetRoute])).toEqual([["users", "users GET /v1/users"]]);
    // The call has no timeout and no breaker: unprotected-call's, beside the shared database.
    expect(result.findings.filter((f) => f.ruleId !== "missing-tracing").map((f) => f.messageId).sort()).toEqual(["noGuard", "sharedConnection"]);
    expect(result.diagnostics).toEqual([]);
  });

  it("Secrets: envFrom secretRef (stringData, with a prefix) and secretKeyRef (base64 data); passwords stay out of the report", () => {
    const deployment = (name: string, container: string) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: ${name}\n          image: ${name}:1\n${container}`;
    const secret = (name: string, body: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\ntype: Opaque\n${body}`;
    const url = "postgres://shop:s3cret-pw@db.shop:5432/shop";
    const result = lintTree({
      ...service("services/orders", ["express", "pg"], { "src/server.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.ORDERS_DATABASE_URL });\n` }),
      ...service("services/users", ["express", "pg"], { "src/server.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n` }),
      "deploy/orders.yaml": `${deployment("orders", "          envFrom:\n            - prefix: ORDERS_\n              secretRef:\n                name: orders-secrets\n")}---\n${secret("orders-secrets", `stringData:\n  DATABASE_URL: ${url}\n`)}`,
      "deploy/users.yaml": `${deployment("users", "          env:\n            - name: DATABASE_URL\n              valueFrom:\n                secretKeyRef:\n                  name: users-secrets\n                  key: url\n")}---\n${secret("users-secrets", `data:\n  url: ${Buffer.from(url).toString("base64")}\n  binary: //79\n`)}`,
    });
    const orders = result.model.services.find((s) => s.name === "orders")!;
    const users = result.model.services.find((s) => s.name === "users")!;
    expect(orders.env.ORDERS_DATABASE_URL).toBe(url);
    expect(orders.envSources.ORDERS_DATABASE_URL).toBe("deploy/orders.yaml (Secret orders-secrets)");
    expect(users.env.DATABASE_URL).toBe(url);
    expect(users.envSources.DATABASE_URL).toBe("deploy/users.yaml (Secret users-secrets)");
    expect(result.findings.map((f) => f.messageId)).toEqual(["sharedConnection"]);
    expect(JSON.stringify(result.findings)).not.toContain("s3cret-pw");
  });

  it("kustomize generators: configMapGenerator literals and env files, secretGenerator, a kustomization.yaml without apiVersion", () => {
    const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  template:\n    metadata:\n      labels:\n        app: orders\n    spec:\n      containers:\n        - name: orders\n          image: orders:1\n          envFrom:\n            - configMapRef:\n                name: orders-config\n          env:\n            - name: DATABASE_URL\n              valueFrom:\n                secretKeyRef:\n                  name: orders-db\n                  key: url\n`;
    const result = lintTree({
      ...service("services/orders", ["express", "pg"], { "src/server.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n` }),
      "deploy/deployment.yaml": deployment,
      "deploy/kustomization.yaml": `resources:\n  - deployment.yaml\nconfigMapGenerator:\n  - name: orders-config\n    envs:\n      - config.env\n    literals:\n      - LOG_LEVEL=debug\n      - GREETING=a=b\nsecretGenerator:\n  - name: orders-db\n    literals:\n      - url=postgres://orders:pw@orders-db:5432/orders\n    envs:\n      - ../../outside.env\n`,
      "deploy/config.env": "PORT=8080\nLOG_LEVEL=info\n",
    });
    const orders = result.model.services.find((s) => s.name === "orders")!;
    expect(orders.env).toMatchObject({ PORT: "8080", LOG_LEVEL: "debug", GREETING: "a=b", DATABASE_URL: "postgres://orders:pw@orders-db:5432/orders" });
    expect(orders.envSources.PORT).toBe("deploy/kustomization.yaml (configMapGenerator orders-config)");
    expect(orders.envSources.DATABASE_URL).toBe("deploy/kustomization.yaml (secretGenerator orders-db)");
    // Its express has no route in this fixture, which is said as "not-understood"; the generators themselves raise nothing.
    expect(result.diagnostics.filter((d) => d.kind !== "not-understood")).toEqual([]);
  });

  it("Helm charts: templates rendered with the chart's values give the workloads' env, so two services the chart points at one database share it; what cannot be rendered is said", () => {
    const server = `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`;
    const deployment = (name: string) =>
      [
        "apiVersion: apps/v1",
        "kind: Deployment",
        "metadata:",
        `  name: {{ .Values.${name}.name }}`,
        "spec:",
        "  template:",
        "    spec:",
        "      containers:",
        `        - name: ${name}`,
        `          image: "{{ .Values.registry }}/${name}:{{ .Chart.AppVersion }}"`,
        "          env:",
        "            - name: DATABASE_URL",
        '              value: {{ include "store.dbUrl" . | quote }}',
        "            - name: API_KEY",
        "              value: {{ .Values.apiKey }}",
      ].join("\n");
    const result = lintTree({
      ...service("services/orders", ["express", "pg"], { "src/server.ts": server }),
      ...service("services/payments", ["express", "pg"], { "src/server.ts": server }),
      "helm/store/Chart.yaml": "apiVersion: v2\nname: store\nversion: 1.0.0\nappVersion: \"3.1\"\n",
      "helm/store/values.yaml": "registry: ghcr.io/acme\norders:\n  name: orders\npayments:\n  name: payments\ndb:\n  host: store-db\n",
      "helm/store/templates/_helpers.tpl": '{{- define "store.dbUrl" -}}\npostgres://app@{{ .Values.db.host }}:5432/store\n{{- end }}\n',
      "helm/store/templates/orders.yaml": deployment("orders"),
      "helm/store/templates/payments.yaml": deployment("payments"),
    });
    const orders = result.model.services.find((s) => s.name === "orders")!;
    expect(orders.sources).toContain("kubernetes");
    expect(orders.env.DATABASE_URL).toBe("postgres://app@store-db:5432/store");
    expect(orders.envSources.DATABASE_URL).toBe("helm/store/templates/orders.yaml (Deployment orders)");
    // The value set from .Values.apiKey, which values.yaml leaves out, is not made up (empty, as `helm template` would print it).
    expect(orders.env).not.toHaveProperty("API_KEY");
    const shared = result.findings.filter((f) => f.ruleId === "shared-database");
    expect(shared.map((f) => f.messageId)).toEqual(["sharedConnection"]);
    // The variable's line is the template's, not a line of the rendered text.
    expect(orders.envLocations?.DATABASE_URL).toEqual({ file: "helm/store/templates/orders.yaml", line: 12, column: 1 });
    const helm = result.diagnostics.filter((d) => d.message.startsWith("Helm chart store"));
    expect(helm).toEqual([
      expect.objectContaining({ kind: "not-understood", file: "helm/store/Chart.yaml", message: expect.stringContaining("Deployment orders's env API_KEY; Deployment payments's env API_KEY") }),
    ]);
  });

  it("image names without registry, tag or digest", () => {
    expect(imageName("ghcr.io/acme/orders:1.2.3")).toBe("orders");
    expect(imageName("orders@sha256:abc")).toBe("orders");
    expect(imageName("localhost:5000/users")).toBe("users");
  });
});

describe("[U] bare Pods and ReplicaSets are workloads (acc13c)", () => {
  const pod = (name: string, env: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  labels:\n    app: ${name}\nspec:\n  containers:\n    - name: ${name}\n      image: example/kiosk:${name}\n      env:\n${env}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}-http\nspec:\n  selector:\n    app: ${name}\n  ports:\n    - port: 80\n      targetPort: 3000\n`;
  const app = (name: string, code: string) => service(name, ["express", "axios"], { "src/server.ts": code });

  it("a Pod's env is its service's, and the Service selecting its labels is a host of it", () => {
    const result = lintTree({
      ...app("till", `import express from "express";\nimport axios from "axios";\nconst app = express();\napp.get("/v1/sales", async (req, res) => res.json((await axios.get(\`\${process.env.STOCK_URL}/v1/items\`)).data));\napp.listen(3000);\n`),
      ...app("stock", `import express from "express";\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.listen(3000);\n`),
      "k8s/pods.yaml": pod("till", "        - name: STOCK_URL\n          value: http://stock-http\n") + "---\n" + pod("stock", "        - name: LOG_LEVEL\n          value: info\n"),
    });
    const till = result.model.services.find((s) => s.name === "till")!;
    expect(till.env).toEqual({ STOCK_URL: "http://stock-http" });
    expect(till.sources).toEqual(["package", "kubernetes"]);
    expect(result.model.calls.map((c) => [c.service, c.targetService])).toEqual([["till", "stock"]]);
  });

  it("a ReplicaSet's pod template is read as a Deployment's is", () => {
    const result = lintTree({
      ...app("stock", `import express from "express";\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.listen(3000);\n`),
      "k8s/stock.yaml": `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: stock\nspec:\n  template:\n    metadata:\n      labels:\n        app: stock\n    spec:\n      containers:\n        - name: stock\n          image: example/kiosk:stock\n          env:\n            - name: LOG_LEVEL\n              value: debug\n`,
    });
    expect(result.model.services.map((s) => [s.name, s.env])).toEqual([["stock", { LOG_LEVEL: "debug" }]]);
  });
});
