import { mkdirSync, realpathSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultConfig, parseConfig } from "../../src/lint/config.js";
import { lint } from "../../src/lint/engine.js";
import { walkFiles } from "../../src/lint/discover/files.js";
import { tempDir } from "../helpers/temp.js";
import { service, writeTree, type Tree } from "./helpers.js";

/**
 * arch-lint never leaves the folders it scans: a symlink out of them is
 * skipped with a diagnostic naming the link and where it points; a symlink
 * to something the scan reaches anyway is read there, once. Real links in
 * temp folders.
 */

const server = (route: string, body = "") =>
  `import express from "express";\nconst app = express();\napp.get("${route}", async (req, res) => {\n${body}  res.json({});\n});\napp.listen(3000);\n`;

/** A temp folder holding `repo/` (what is scanned) and siblings beside it. */
function setUp(tree: Tree): { base: string; repo: string } {
  const base = realpathSync(tempDir("arch-lint-links-"));
  writeTree(base, tree);
  mkdirSync(join(base, "repo"), { recursive: true });
  return { base, repo: join(base, "repo") };
}

const scan = (cwd: string, paths: string[] = ["."], config = defaultConfig(cwd)) => lint({ cwd, paths, config });
const diagnosticsOf = (result: ReturnType<typeof scan>) => result.diagnostics.map((d) => `${d.kind} ${d.file}: ${d.message}`);

describe("[I] symlinks out of the scanned folder", () => {
  it("a link to / is not followed: one diagnostic naming it, nothing of the machine read", () => {
    const { repo } = setUp(service("repo/orders", ["express"], { "src/server.ts": server("/v1/orders") }));
    symlinkSync("/", join(repo, "orders/root"));
    const result = scan(repo);
    expect(diagnosticsOf(result)).toEqual([`symlink-outside orders/root: symlink to /, outside the scanned folder ${repo}; not followed`]);
    expect(result.model.services.map((s) => s.name)).toEqual(["orders"]);
    expect(result.model.stats.filesParsed).toBe(1);
  });

  it("a link to a sibling folder invents no service, and its package.json, .env, compose and Kubernetes files are not read", () => {
    const { base, repo } = setUp({
      ...service("repo/orders", ["express"], { "src/server.ts": server("/v1/orders", "  await fetch(`${process.env.INVENTORY_URL}/v1/stock`);\n") }),
      ...service("inventory", ["express"], { "src/server.ts": server("/v1/stock") }),
      "outside/orders.env": "INVENTORY_URL=http://inventory:3000\n",
      "outside/docker-compose.yml": "services:\n  inventory:\n    build: ./inventory\n",
      "outside/deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  template:\n    spec:\n      containers:\n        - name: orders\n          image: orders\n          env:\n            - name: INVENTORY_URL\n              value: http://inventory:3000\n",
    });
    symlinkSync("../../inventory", join(repo, "orders/vendor"));
    symlinkSync("../../outside/orders.env", join(repo, "orders/.env"));
    symlinkSync("../outside/docker-compose.yml", join(repo, "docker-compose.yml"));
    symlinkSync("../outside/deploy.yaml", join(repo, "deploy.yaml"));
    symlinkSync(join(base, "inventory"), join(repo, "inventory"));
    writeTree(repo, { "compose.yaml": "services:\n  inventory:\n    build: ./inventory\n" });

    const result = scan(repo);
    expect(result.model.services.map((s) => s.name)).toEqual(["orders"]);
    expect(result.model.services[0]!.env).toEqual({});
    expect(result.model.routes.map((r) => `${r.service} ${r.path}`)).toEqual(["orders /v1/orders"]);
    expect(result.model.calls.map((c) => c.url)).toEqual(["${INVENTORY_URL}/v1/stock"]);
    expect(diagnosticsOf(result)).toEqual([
      `symlink-outside compose.yaml: services.inventory.build context "./inventory" goes through a symlink out of the scanned folders; not counted as a service built from this repository`,
      `symlink-outside deploy.yaml: symlink to ../outside/deploy.yaml (${base}/outside/deploy.yaml), outside the scanned folder ${repo}; not followed`,
      `symlink-outside docker-compose.yml: symlink to ../outside/docker-compose.yml (${base}/outside/docker-compose.yml), outside the scanned folder ${repo}; not followed`,
      `symlink-outside inventory: symlink to ${base}/inventory, outside the scanned folder ${repo}; not followed`,
      `symlink-outside orders/.env: symlink to ../../outside/orders.env (${base}/outside/orders.env), outside the scanned folder ${repo}; not followed`,
      `symlink-outside orders/vendor: symlink to ../../inventory (${base}/inventory), outside the scanned folder ${repo}; not followed`,
    ]);
  });

  it("with several paths, the scanned folders are those paths: a link to a folder beside them is outside, one into another path is read there", () => {
    const { repo } = setUp({
      ...service("repo/orders", ["express"], { "src/server.ts": server("/v1/orders") }),
      ...service("repo/users", ["express"], { "src/server.ts": server("/v1/users") }),
      ...service("repo/billing", ["express"], { "src/server.ts": server("/v1/billing") }),
    });
    symlinkSync("../billing", join(repo, "orders/billing"));
    symlinkSync("../users/src/server.ts", join(repo, "orders/users-server.ts"));
    // Not in a scanned folder: not looked at, so no diagnostic either.
    symlinkSync("/", join(repo, "stray"));
    symlinkSync("/", join(repo, "billing/root"));
    const result = scan(repo, ["orders", "users"]);
    expect(result.model.services.map((s) => s.name)).toEqual(["orders", "users"]);
    expect(result.model.routes.map((r) => `${r.location.file} ${r.path}`)).toEqual(["orders/src/server.ts /v1/orders", "users/src/server.ts /v1/users"]);
    expect(diagnosticsOf(result)).toEqual([`symlink-outside orders/billing: symlink to ../billing (${repo}/billing), outside the scanned folders ${repo}/orders, ${repo}/users; not followed`]);
  });

  it("a path argument that is itself a link is scanned, through the link", () => {
    const { base, repo } = setUp({
      ...service("repo/orders", ["express"], { "src/server.ts": server("/v1/orders") }),
      ...service("elsewhere/users", ["express"], { "src/server.ts": server("/v1/users") }),
    });
    symlinkSync(join(base, "elsewhere/users"), join(repo, "users"));
    const result = scan(repo, ["orders", "users"]);
    expect(result.model.routes.map((r) => `${r.location.file} ${r.path}`)).toEqual(["orders/src/server.ts /v1/orders", "users/src/server.ts /v1/users"]);
    expect(result.diagnostics).toEqual([]);
  });

  it("a path argument below a link is scanned through the link, and only it", () => {
    const { base, repo } = setUp({
      ...service("repo/orders", ["express"], { "src/server.ts": server("/v1/orders") }),
      ...service("elsewhere/apps/users", ["express"], { "src/server.ts": server("/v1/users") }),
      ...service("elsewhere/apps/billing", ["express"], { "src/server.ts": server("/v1/billing") }),
    });
    symlinkSync(join(base, "elsewhere/apps"), join(repo, "apps"));
    const result = scan(repo, ["orders", "apps/users"]);
    expect(result.model.routes.map((r) => `${r.location.file} ${r.path}`)).toEqual(["apps/users/src/server.ts /v1/users", "orders/src/server.ts /v1/orders"]);
    expect(result.diagnostics).toEqual([]);
  });

  it("a config service path through a link out of the scan is a configuration error", () => {
    const { base, repo } = setUp({ ...service("repo/orders", ["express"], { "src/server.ts": server("/v1/orders") }), "elsewhere/gateway/index.js": "" });
    symlinkSync(join(base, "elsewhere/gateway"), join(repo, "gateway"));
    const config = parseConfig({ services: { gateway: { path: "gateway" } } }, undefined, repo);
    expect(() => scan(repo, ["."], config)).toThrow(`services.gateway.path: "gateway" is not a folder inside ${repo} (it goes through a symlink out of the scanned folders)`);
  });
});

describe("[I] symlinks inside the scanned folder", () => {
  it("a linked folder and a linked file are read once, at their own path, and imports through the link still resolve", () => {
    const { repo } = setUp({
      ...service("repo/orders", ["express"], {
        "src/server.ts": `import express from "express";\nimport { stock } from "./shared/inventory.js";\nconst app = express();\napp.get("/v1/orders", async (req, res) => res.json(await stock()));\napp.listen(3000);\n`,
      }),
      "repo/libs/shared/inventory.ts": "export async function stock() {\n  return fetch(`${process.env.INVENTORY_URL}/v1/stock`);\n}\n",
      ...service("repo/inventory", ["express"], { "src/server.ts": server("/v1/stock", "  await fetch(`${process.env.BILLING_URL}/v1/accounts`);\n") }),
      ...service("repo/billing", ["express"], { "src/server.ts": server("/v1/accounts") }),
      "repo/docker-compose.yml": "services:\n  orders:\n    build: ./orders\n  inventory:\n    build: ./stock\n  billing:\n    build: ./billing\n",
      "repo/config/orders.env": "INVENTORY_URL=http://inventory:3000\n",
      "repo/inventory/.env": "BILLING_URL=http://billing:3000\n",
    });
    symlinkSync("../../libs/shared", join(repo, "orders/src/shared"));
    symlinkSync("server.ts", join(repo, "orders/src/main.ts"));
    symlinkSync("../config/orders.env", join(repo, "orders/.env"));
    symlinkSync("inventory", join(repo, "stock"));

    const walked = walkFiles(repo);
    expect(walked.files.map((f) => f.rel).filter((rel) => rel.endsWith(".ts"))).toEqual([
      "billing/src/server.ts",
      "inventory/src/server.ts",
      "libs/shared/inventory.ts",
      "orders/src/server.ts",
    ]);
    expect([...walked.links]).toEqual([
      ["orders/.env", "config/orders.env"],
      ["orders/src/main.ts", "orders/src/server.ts"],
      ["orders/src/shared", "libs/shared"],
      ["stock", "inventory"],
    ]);

    const result = scan(repo);
    expect(result.diagnostics).toEqual([]);
    // The compose context through the link is the folder it points to: one inventory service, not two.
    expect(result.model.services.map((s) => `${s.name} ${s.root}`)).toEqual(["billing billing", "inventory inventory", "orders orders"]);
    expect(result.model.services.find((s) => s.name === "orders")!.envSources).toEqual({ INVENTORY_URL: "orders/.env" });
    expect(result.model.routes.map((r) => `${r.location.file} ${r.path}`)).toEqual(["billing/src/server.ts /v1/accounts", "inventory/src/server.ts /v1/stock", "orders/src/server.ts /v1/orders"]);
    const chain = result.findings.find((f) => f.ruleId === "sync-call-chain")!;
    expect(chain.evidence.map((hop) => `${hop.location.file}:${hop.location.line} ${hop.message}`)).toEqual([
      "orders/src/server.ts:4 orders GET /v1/orders is handled here",
      "orders/src/server.ts:4 calls stock()",
      "libs/shared/inventory.ts:2 calls inventory synchronously: GET http://inventory:3000/v1/stock",
      "inventory/src/server.ts:3 inventory GET /v1/stock is handled here",
      "inventory/src/server.ts:4 calls billing synchronously: GET http://billing:3000/v1/accounts",
      "billing/src/server.ts:3 billing GET /v1/accounts is handled here",
    ]);
  });

  it("loops: a link to a parent folder, a link to itself, two links to each other, a chain of links", () => {
    const { repo } = setUp(service("repo/orders", ["express"], { "src/server.ts": server("/v1/orders") }));
    symlinkSync("..", join(repo, "orders/src/parent"));
    symlinkSync(".", join(repo, "orders/here"));
    symlinkSync("self", join(repo, "orders/self"));
    symlinkSync("pong", join(repo, "orders/ping"));
    symlinkSync("ping", join(repo, "orders/pong"));
    symlinkSync("here", join(repo, "orders/again"));
    symlinkSync("..", join(repo, "up"));
    const result = scan(repo);
    expect(result.model.routes.map((r) => r.location.file)).toEqual(["orders/src/server.ts"]);
    expect(diagnosticsOf(result)).toEqual([
      "symlink-loop orders/ping: symlink loop; skipped",
      "symlink-loop orders/pong: symlink loop; skipped",
      "symlink-loop orders/self: symlink loop; skipped",
      `symlink-outside up: symlink to .. (${realpathSync(join(repo, ".."))}), outside the scanned folder ${repo}; not followed`,
    ]);
  });

  it("a scan root that is a link is scanned", () => {
    const { base } = setUp(service("repo/orders", ["express"], { "src/server.ts": server("/v1/orders") }));
    symlinkSync(join(base, "repo"), join(base, "link"));
    symlinkSync("../repo/orders", join(base, "repo/alias"));
    const result = scan(join(base, "link"));
    expect(result.model.routes.map((r) => r.location.file)).toEqual(["orders/src/server.ts"]);
    expect(result.diagnostics).toEqual([]);
  });
});
