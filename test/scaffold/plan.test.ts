import { beforeEach, describe, expect, it } from "vitest";
import { join } from "node:path";
import { FailureError } from "../../src/shared/errors.js";
import { planNextSteps, planService } from "../../src/scaffold/plan.js";
import { resolveAnswers } from "../../src/scaffold/answers.js";
import { MANIFEST_FILE, sha256, type Manifest } from "../../src/scaffold/manifest.js";
import { loadTemplateSpec, type TemplateSpec } from "../../src/scaffold/template-spec.js";
import type { VirtualTree } from "../../src/scaffold/virtual-tree.js";
import { makeTemplate } from "./template-fixture.js";

const BUILTIN_TEMPLATE = join(import.meta.dirname, "../../templates/service");
/** A fixed tool version keeps the plans independent of package.json. */
const TOOL_VERSION = "0.0.0-test";

const manifestOf = (tree: VirtualTree): Manifest => JSON.parse(tree.readText(MANIFEST_FILE)!) as Manifest;

/** Every file as one comparable blob: path, mode and bytes. */
const serialise = (tree: VirtualTree): string =>
  tree.entries().map(([path, file]) => `${path} ${file.mode.toString(8)} ${file.content.toString("base64")}`).join("\n");

describe("planService", () => {
  // A fresh template per test: tempDir() folders are removed after each test.
  let spec: TemplateSpec;
  beforeEach(() => {
    spec = makeTemplate({ "README.md.hbs": "# {{name}}\n{{description}}\n", "bin/run": { content: "#!/bin/sh\n", mode: 0o755 } });
  });

  it("adds a manifest that lists every other file with its real hash", () => {
    const tree = planService({ spec, name: "orders", answers: { description: "d" }, toolVersion: TOOL_VERSION });
    expect(tree.paths()).toEqual([MANIFEST_FILE, "README.md", "bin/run"]);
    const manifest = manifestOf(tree);
    expect(Object.keys(manifest.files)).toEqual(["README.md", "bin/run"]);
    for (const [path, file] of tree.entries()) {
      if (path === MANIFEST_FILE) continue;
      expect(manifest.files[path]).toEqual({ sha256: sha256(file.content), mode: file.mode.toString(8) });
    }
    expect(manifest).toMatchObject({
      manifestVersion: 1,
      tool: { name: "create-service", version: TOOL_VERSION },
      template: { name: "small", version: "1.2.3" },
      name: "orders",
      answers: { description: "d" },
    });
    expect(tree.readText(MANIFEST_FILE)).toBe(`${JSON.stringify(manifest, null, 2)}\n`);
  });

  it("renders with the name, the answers and the template's name and version", () => {
    const withTemplate = makeTemplate({ "a.txt.hbs": "{{name}} {{description}} {{template.name}}@{{template.version}}" });
    const tree = planService({ spec: withTemplate, name: "orders", answers: { description: "d" }, toolVersion: TOOL_VERSION });
    expect(tree.readText("a.txt")).toBe("orders d small@1.2.3");
  });

  it("is deterministic: two plans are equal byte for byte", () => {
    const input = { spec, name: "orders", answers: { description: "d" }, toolVersion: TOOL_VERSION };
    expect(serialise(planService(input))).toBe(serialise(planService(input)));
  });

  it("renders the template's next steps with the same values as its files, or gives \"\" without them", () => {
    const withSteps = { ...makeTemplate({ "a.txt": "a" }), nextSteps: "npm run dev serves {{name}} ({{description}}) on {{portFor name}}\n" };
    expect(planNextSteps({ spec: withSteps, name: "orders", answers: { description: "d" }, toolVersion: TOOL_VERSION })).toBe("npm run dev serves orders (d) on 25387");
    expect(planNextSteps({ spec, name: "orders", answers: { description: "d" }, toolVersion: TOOL_VERSION })).toBe("");
    const typo = { ...withSteps, nextSteps: "{{nmae}}" };
    expect(() => planNextSteps({ spec: typo, name: "orders", answers: {}, toolVersion: TOOL_VERSION })).toThrow(
      new FailureError('template file template.yaml nextSteps: "nmae" not defined - 1:2'),
    );
  });

  it("refuses a template that ships its own manifest", () => {
    const shipsManifest = makeTemplate({ [MANIFEST_FILE]: "{}", "a.txt": "a" });
    expect(() => planService({ spec: shipsManifest, name: "orders", answers: { description: "d" }, toolVersion: TOOL_VERSION })).toThrow(
      new FailureError(`template small must not contain ${MANIFEST_FILE}: create-service writes it`),
    );
  });
});

describe("planService with a development build of create-service (vendoredTool)", () => {
  const TARBALL = Buffer.from("the packed create-service");
  const vendoredTool = (loads: string[]) => ({ path: "vendor/create-service-0.0.0-test.tgz", load: () => (loads.push("load"), TARBALL) });

  it("writes the tarball when the service refers to it, and records it in the manifest", () => {
    const loads: string[] = [];
    const withDependency = makeTemplate({ "package.json.hbs": `{ "devDependencies": { "create-service": {{json tool.dependency}} } }\n` });
    const tree = planService({ spec: withDependency, name: "orders", answers: { description: "d" }, toolVersion: TOOL_VERSION, vendoredTool: vendoredTool(loads) });
    expect(tree.readText("package.json")).toBe(`{ "devDependencies": { "create-service": "file:vendor/create-service-0.0.0-test.tgz" } }\n`);
    expect(tree.read("vendor/create-service-0.0.0-test.tgz")).toEqual(TARBALL);
    expect(manifestOf(tree).files["vendor/create-service-0.0.0-test.tgz"]).toEqual({ sha256: sha256(TARBALL), mode: "644" });
    expect(loads).toEqual(["load"]);
  });

  it("neither packs nor writes it for a template that never names it", () => {
    const loads: string[] = [];
    const spec = makeTemplate({ "README.md.hbs": "# {{name}}\n", "bin/run": { content: "#!/bin/sh\n", mode: 0o755 } });
    const tree = planService({ spec, name: "orders", answers: { description: "d" }, toolVersion: TOOL_VERSION, vendoredTool: vendoredTool(loads) });
    expect(tree.paths()).toEqual([MANIFEST_FILE, "README.md", "bin/run"]);
    expect(loads).toEqual([]);
  });

  it("the built-in template installs it from the tarball: package.json names it, the Dockerfile's npm ci stage copies it", async () => {
    const builtin = loadTemplateSpec(BUILTIN_TEMPLATE);
    const answers = await resolveAnswers(builtin, "orders", {});
    const tree = planService({ spec: builtin, name: "orders", answers, toolVersion: TOOL_VERSION, vendoredTool: vendoredTool([]) });
    const pkg = JSON.parse(tree.readText("package.json")!) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies["create-service"]).toBe("file:vendor/create-service-0.0.0-test.tgz");
    expect(tree.read("vendor/create-service-0.0.0-test.tgz")).toEqual(TARBALL);
    const build = tree.readText("Dockerfile")!.split(/^FROM /m)[1]!;
    expect(build.indexOf("COPY vendor/create-service-0.0.0-test.tgz ./vendor/create-service-0.0.0-test.tgz")).toBeGreaterThan(0);
    expect(build.indexOf("COPY vendor/")).toBeLessThan(build.indexOf("RUN npm ci"));
  });
});

describe("the built-in template, for \"orders\" with default answers", () => {
  const plan = async (): Promise<VirtualTree> => {
    const spec = loadTemplateSpec(BUILTIN_TEMPLATE);
    const answers = await resolveAnswers(spec, "orders", {});
    return planService({ spec, name: "orders", answers, toolVersion: TOOL_VERSION });
  };

  it("is deterministic", async () => {
    expect(serialise(await plan())).toBe(serialise(await plan()));
  });

  // What it writes, file family by file family: test/template/file-families.test.ts (and files.test.ts).

  it("mentions nothing machine-specific", async () => {
    const tree = await plan();
    for (const [path, file] of tree.entries()) {
      const text = file.content.toString("utf8");
      expect(text, path).not.toContain(BUILTIN_TEMPLATE);
      expect(text, path).not.toContain(process.cwd());
      expect(text, path).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    }
  });
});
