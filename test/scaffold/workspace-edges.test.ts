import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { tempTree } from "../helpers/temp.js";
import { UsageError } from "../../src/shared/errors.js";
import { chooseServicesDir, findWorkspace, isCovered, planWorkspaceRegistration } from "../../src/scaffold/workspace.js";

/** What workspace.test.ts leaves open: odd values in the files a workspace is read from, and the layout kept when one is edited. */

const repo = (files: Record<string, string>): string => tempTree(files, "create-service-ws-");

describe("findWorkspace: odd values", () => {
  it("keeps only the text entries of a workspaces list, in either form", () => {
    const array = repo({ "package.json": JSON.stringify({ workspaces: ["services/*", 3, null] }) });
    expect(findWorkspace(array)?.patterns).toEqual(["services/*"]);
    const object = repo({ "package.json": JSON.stringify({ workspaces: { packages: [true, "apps/*"] } }) });
    expect(findWorkspace(object)?.patterns).toEqual(["apps/*"]);
    const pnpm = repo({ "pnpm-workspace.yaml": "packages:\n  - 1\n  - libs/*\n" });
    expect(findWorkspace(pnpm)?.patterns).toEqual(["libs/*"]);
  });

  it("is no workspace when workspaces is neither a list nor holds one", () => {
    const root = repo({ "package.json": JSON.stringify({ workspaces: { nohoist: ["x"] } }) });
    expect(findWorkspace(root)).toBeUndefined();
  });

  it("has no patterns when pnpm-workspace.yaml's packages is not a list", () => {
    const root = repo({ "pnpm-workspace.yaml": "packages: services/*\n" });
    expect(findWorkspace(root)).toMatchObject({ tools: ["pnpm"], patterns: [] });
  });

  it("ignores an Nx appsDir that is not text", () => {
    const root = repo({ "nx.json": JSON.stringify({ workspaceLayout: { appsDir: 5 } }) });
    expect(findWorkspace(root)?.servicesDir).toBe("apps");
  });

  it("reports a broken nx.json as a UsageError naming it", () => {
    const root = repo({ "nx.json": "{ nope" });
    expect(() => findWorkspace(root)).toThrow(UsageError);
    expect(() => findWorkspace(root)).toThrow(`${join(root, "nx.json")}: not valid JSON`);
  });

  it("stops at the nearest root, even when a workspace root is further up", () => {
    const outer = repo({ "package.json": JSON.stringify({ workspaces: ["services/*"] }), "inner/turbo.json": "{}", "inner/sub/x": "" });
    expect(findWorkspace(join(outer, "inner", "sub"))).toMatchObject({ root: join(outer, "inner"), tools: ["turbo"] });
  });
});

describe("chooseServicesDir and isCovered: trailing slashes", () => {
  it("trims every trailing slash of an Nx appsDir", () => {
    expect(chooseServicesDir([], "backend//", ["nx"])).toBe("backend");
    expect(chooseServicesDir([], "platform/services/", ["nx"])).toBe("platform/services");
  });

  it("reads a pattern with several trailing slashes", () => {
    expect(isCovered("services/orders", ["services/*//"])).toBe(true);
    expect(isCovered("services/orders", ["./services/orders/"])).toBe(true);
  });
});

describe("planWorkspaceRegistration: layout", () => {
  it("indents a one-line package.json with two spaces", () => {
    const root = repo({ "package.json": '{"name":"mono","workspaces":["libs/*"]}' });
    const update = planWorkspaceRegistration(findWorkspace(root)!, join(root, "services", "orders"));
    expect(update?.content).toBe(JSON.stringify({ name: "mono", workspaces: ["libs/*", "services/orders"] }, null, 2));
  });

  it("registers a nested target by its path from the root", () => {
    const root = repo({ "pnpm-workspace.yaml": "packages:\n  - libs/*\n" });
    const update = planWorkspaceRegistration(findWorkspace(root)!, join(root, "services", "team", "orders"));
    expect(update).toEqual({ path: join(root, "pnpm-workspace.yaml"), content: "packages:\n  - libs/*\n  - services/team/orders\n" });
  });
});
