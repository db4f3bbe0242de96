import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempTree } from "../helpers/temp.js";
import { UsageError } from "../../src/shared/errors.js";
import { chooseServicesDir, findWorkspace, isCovered, planWorkspaceRegistration, type Workspace } from "../../src/scaffold/workspace.js";

const repo = (files: Record<string, string>): string => tempTree(files, "create-service-ws-");

const json = (value: unknown, indent: string | number = 2): string => `${JSON.stringify(value, null, indent)}\n`;

function found(start: string): Workspace {
  const workspace = findWorkspace(start);
  if (!workspace) throw new Error(`no workspace found from ${start}`);
  return workspace;
}

describe("findWorkspace", () => {
  it("npm workspaces (array form)", () => {
    const root = repo({ "package.json": json({ name: "mono", private: true, workspaces: ["packages/*", "services/*"] }) });
    expect(findWorkspace(root)).toEqual({ root, tools: ["npm"], listFile: "package.json", patterns: ["packages/*", "services/*"], servicesDir: "services" });
  });

  it("npm workspaces ({packages} form)", () => {
    const root = repo({ "package.json": json({ name: "mono", workspaces: { packages: ["apps/*", "libs/*"], nohoist: ["**/x"] } }) });
    expect(findWorkspace(root)).toEqual({ root, tools: ["npm"], listFile: "package.json", patterns: ["apps/*", "libs/*"], servicesDir: "apps" });
  });

  it("yarn, by yarn.lock or .yarnrc.yml", () => {
    const lock = repo({ "package.json": json({ workspaces: ["packages/*"] }), "yarn.lock": "" });
    expect(found(lock).tools).toEqual(["yarn"]);
    const berry = repo({ "package.json": json({ workspaces: ["packages/*"] }), ".yarnrc.yml": "nodeLinker: node-modules\n" });
    expect(found(berry).tools).toEqual(["yarn"]);
  });

  it("pnpm, by pnpm-workspace.yaml, which wins over package.json workspaces", () => {
    const root = repo({
      "pnpm-workspace.yaml": "packages:\n  - 'services/*'\n  - libs/*\n",
      "package.json": json({ name: "mono", workspaces: ["ignored/*"] }),
    });
    expect(findWorkspace(root)).toEqual({ root, tools: ["pnpm"], listFile: "pnpm-workspace.yaml", patterns: ["services/*", "libs/*"], servicesDir: "services" });
  });

  it("pnpm without packages has no patterns", () => {
    const root = repo({ "pnpm-workspace.yaml": "# nothing yet\n" });
    expect(findWorkspace(root)).toEqual({ root, tools: ["pnpm"], listFile: "pnpm-workspace.yaml", patterns: [], servicesDir: "services" });
  });

  it("nx without package workspaces: no list file, services go to apps/", () => {
    const root = repo({ "nx.json": json({ npmScope: "acme" }), "package.json": json({ name: "mono" }) });
    expect(findWorkspace(root)).toEqual({ root, tools: ["nx"], listFile: undefined, patterns: [], servicesDir: "apps" });
  });

  it("nx with workspaceLayout.appsDir", () => {
    const root = repo({ "nx.json": json({ workspaceLayout: { appsDir: "services/", libsDir: "libs" } }) });
    expect(found(root).servicesDir).toBe("services");
  });

  it("nx on top of npm workspaces", () => {
    const root = repo({ "nx.json": "{}", "package.json": json({ workspaces: ["packages/*"] }) });
    expect(findWorkspace(root)).toEqual({ root, tools: ["npm", "nx"], listFile: "package.json", patterns: ["packages/*"], servicesDir: "apps" });
  });

  it("turbo, alone or with npm", () => {
    const alone = repo({ "turbo.json": json({ tasks: {} }) });
    expect(findWorkspace(alone)).toEqual({ root: alone, tools: ["turbo"], listFile: undefined, patterns: [], servicesDir: "services" });
    const withNpm = repo({ "turbo.json": "{}", "package.json": json({ workspaces: ["apps/*", "packages/*"] }) });
    expect(findWorkspace(withNpm)).toMatchObject({ tools: ["npm", "turbo"], servicesDir: "apps" });
  });

  it("walks up from a nested folder, past packages that are not workspace roots", () => {
    const root = repo({
      "package.json": json({ workspaces: ["services/*"] }),
      "services/billing/package.json": json({ name: "billing" }),
      "services/billing/src/deep/x.ts": "",
    });
    expect(found(join(root, "services", "billing", "src", "deep")).root).toBe(root);
    expect(found(join(root, "services", "billing")).root).toBe(root);
  });

  it("returns undefined outside any workspace", () => {
    const root = repo({ "package.json": json({ name: "plain" }), "sub/x.txt": "" });
    // Walking up from a temp folder reaches the file system root; nothing above a fresh tmp dir is a workspace.
    expect(findWorkspace(join(root, "sub"))).toBeUndefined();
  });

  it("reports a broken package.json or pnpm-workspace.yaml as a UsageError", () => {
    const brokenJson = repo({ "package.json": "{ nope" });
    expect(() => findWorkspace(brokenJson)).toThrow(UsageError);
    expect(() => findWorkspace(brokenJson)).toThrow(new RegExp(`^${join(brokenJson, "package.json").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not valid JSON \\(.+\\); fix it or pass --dir$`));
    const brokenYaml = repo({ "pnpm-workspace.yaml": "packages: [\n" });
    expect(() => findWorkspace(brokenYaml)).toThrow(UsageError);
    expect(() => findWorkspace(brokenYaml)).toThrow(/pnpm-workspace\.yaml: not valid YAML \(.+\); fix it or pass --dir$/);
  });
});

describe("chooseServicesDir", () => {
  it.each([
    [["packages/*", "services/*"], undefined, ["npm"], "services"],
    [["./services/*"], undefined, ["npm"], "services"],
    [["services/**"], undefined, ["npm"], "services"],
    [["apps/*", "services/*"], undefined, ["npm"], "services"],
    [["apps/*", "packages/*"], undefined, ["npm"], "apps"],
    [["packages/*"], undefined, ["npm"], "services"],
    [["packages/*"], "backend/", ["npm", "nx"], "backend"],
    [["packages/*"], undefined, ["npm", "nx"], "apps"],
    [[], undefined, ["turbo"], "services"],
    [["*", "!services/legacy"], undefined, ["npm"], "services"],
    [["services/*"], "apps", ["nx"], "services"],
  ] as Array<[string[], string | undefined, Array<"npm" | "nx" | "turbo">, string]>)("%j, appsDir %j, %j -> %j", (patterns, appsDir, tools, expected) => {
    expect(chooseServicesDir(patterns, appsDir, tools)).toBe(expected);
  });
});

describe("isCovered", () => {
  it.each([
    ["services/orders", ["services/*"], true],
    ["services/orders", ["./services/*"], true],
    ["services/orders", ["services/*/"], true],
    ["services/orders", ["services/**"], true],
    ["services/orders", ["services/orders"], true],
    ["services/orders", ["packages/*"], false],
    ["services/team/orders", ["services/*"], false],
    ["services/orders", ["services/*", "!services/orders"], false],
    ["services/orders", ["!services/orders", "services/*"], true],
    ["services/legacy", ["services/*", "!services/legacy"], false],
    ["services/orders", ["services/*", "!services/legacy"], true],
    ["services/orders", [], false],
  ])("%j by %j: %j", (rel, patterns, covered) => {
    expect(isCovered(rel, patterns)).toBe(covered);
  });
});

describe("planWorkspaceRegistration", () => {
  it("returns undefined when a glob already covers the target", () => {
    const root = repo({ "package.json": json({ workspaces: ["services/*"] }) });
    expect(planWorkspaceRegistration(found(root), join(root, "services", "orders"))).toBeUndefined();
  });

  it("adds the path to the array form, keeping 2-space indentation and the trailing newline", () => {
    const original = json({ name: "mono", private: true, workspaces: ["packages/*"] });
    const root = repo({ "package.json": original });
    const update = planWorkspaceRegistration(found(root), join(root, "services", "orders"));
    expect(update).toEqual({ path: join(root, "package.json"), content: json({ name: "mono", private: true, workspaces: ["packages/*", "services/orders"] }) });
  });

  it("adds the path to the {packages} form, keeping 4-space indentation", () => {
    const root = repo({ "package.json": json({ name: "mono", workspaces: { packages: ["packages/*"], nohoist: ["x"] } }, 4) });
    const update = planWorkspaceRegistration(found(root), join(root, "services", "orders"));
    expect(update?.content).toBe(json({ name: "mono", workspaces: { packages: ["packages/*", "services/orders"], nohoist: ["x"] } }, 4));
  });

  it("keeps tab indentation and the absence of a trailing newline", () => {
    const root = repo({ "package.json": JSON.stringify({ name: "mono", workspaces: ["libs/*"] }, null, "\t") });
    const update = planWorkspaceRegistration(found(root), join(root, "apps", "orders"));
    expect(update?.content).toBe(JSON.stringify({ name: "mono", workspaces: ["libs/*", "apps/orders"] }, null, "\t"));
  });

  it("keeps the key order of package.json", () => {
    const root = repo({ "package.json": json({ workspaces: ["libs/*"], name: "mono", scripts: { build: "x" } }) });
    const update = planWorkspaceRegistration(found(root), join(root, "services", "orders"))!;
    expect(Object.keys(JSON.parse(update.content))).toEqual(["workspaces", "name", "scripts"]);
  });

  it("registers a path that a negated pattern excludes", () => {
    const root = repo({ "package.json": json({ workspaces: ["services/*", "!services/orders"] }) });
    const update = planWorkspaceRegistration(found(root), join(root, "services", "orders"));
    expect(JSON.parse(update!.content).workspaces).toEqual(["services/*", "!services/orders", "services/orders"]);
  });

  it("edits pnpm-workspace.yaml so that comments and layout survive", () => {
    const original = [
      "# Packages of the acme monorepo.",
      "packages:",
      "  # shared code",
      "  - 'libs/*'",
      "  - apps/* # front ends",
      "",
      "# keep in sync with CI",
      "catalog:",
      "  react: ^19.0.0",
      "",
    ].join("\n");
    const root = repo({ "pnpm-workspace.yaml": original });
    const update = planWorkspaceRegistration(found(root), join(root, "services", "orders"));
    expect(update).toEqual({
      path: join(root, "pnpm-workspace.yaml"),
      content: [
        "# Packages of the acme monorepo.",
        "packages:",
        "  # shared code",
        "  - 'libs/*'",
        "  - apps/* # front ends",
        "  - services/orders",
        "",
        "# keep in sync with CI",
        "catalog:",
        "  react: ^19.0.0",
        "",
      ].join("\n"),
    });
  });

  it("adds a packages list to a pnpm-workspace.yaml without one", () => {
    const root = repo({ "pnpm-workspace.yaml": "# empty for now\n" });
    const update = planWorkspaceRegistration(found(root), join(root, "services", "orders"));
    expect(update?.content).toBe("# empty for now\n\npackages:\n  - services/orders\n");
  });

  it("returns undefined in pnpm when a glob covers the path", () => {
    const root = repo({ "pnpm-workspace.yaml": "packages:\n  - services/*\n" });
    expect(planWorkspaceRegistration(found(root), join(root, "services", "orders"))).toBeUndefined();
  });

  it("returns undefined without a list file (nx, turbo alone)", () => {
    const nx = repo({ "nx.json": "{}" });
    expect(planWorkspaceRegistration(found(nx), join(nx, "apps", "orders"))).toBeUndefined();
    const turbo = repo({ "turbo.json": "{}" });
    expect(planWorkspaceRegistration(found(turbo), join(turbo, "services", "orders"))).toBeUndefined();
  });

  it("returns undefined for the root itself or a target outside the workspace", () => {
    const root = repo({ "package.json": json({ workspaces: ["packages/*"] }) });
    const workspace = found(root);
    expect(planWorkspaceRegistration(workspace, root)).toBeUndefined();
    expect(planWorkspaceRegistration(workspace, join(root, ".."))).toBeUndefined();
    expect(planWorkspaceRegistration(workspace, join(root, "..", "elsewhere", "orders"))).toBeUndefined();
  });

  it("registers a target in a folder whose name merely starts with '..'", () => {
    const root = repo({ "package.json": json({ workspaces: ["packages/*"] }) });
    const update = planWorkspaceRegistration(found(root), join(root, "..services", "orders"));
    expect(JSON.parse(update!.content).workspaces).toEqual(["packages/*", "..services/orders"]);
  });

  it("does not write anything itself", () => {
    const original = json({ workspaces: ["packages/*"] });
    const root = repo({ "package.json": original });
    expect(planWorkspaceRegistration(found(root), join(root, "services", "orders"))).toBeDefined();
    expect(readFileSync(join(root, "package.json"), "utf8")).toBe(original);
  });
});
