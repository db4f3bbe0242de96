import { describe, expect, it } from "vitest";
import { facts, lintTree, type Tree } from "../helpers.js";

/** Elysia (extract/elysia.ts): Bun's web framework, its instances, prefixes, groups and plugins. */

const routes = (code: string) => facts(code, "src/index.ts").routes.map((r) => `${r.method} ${r.path} ${r.owner}`);

describe("[U] Elysia routes (lead22)", () => {
  it("verbs on an instance, chained or not; a group's callback owns its routes; a prefix option is the instance's", () => {
    const code = `import { Elysia } from "elysia";\nconst app = new Elysia().get("/", () => "up").post("/notes", ({ body }) => body);\napp.group("/v1", (v1) => v1.get("/notes", () => []));\nexport const tags = new Elysia({ prefix: "/v1/tags" }).get("/", () => []);\napp.listen(3000);\n`;
    expect(routes(code)).toEqual(["POST /notes var:app", "GET / var:app", "GET /notes fn@L3C18", "GET / var:tags"]);
    const f = facts(code, "src/index.ts");
    expect(f.objectPrefixes).toEqual({ "var:tags": "/v1/tags" });
    expect(f.mounts.map((m) => `${m.parent} ${m.prefix} ${m.child.kind === "local" ? m.child.id : ""}`)).toEqual(["var:app /v1 fn@L3C18"]);
  });

  it("an app made in the chain that serves it, bound to no name: its own verbs and prefix", () => {
    expect(routes(`import { Elysia } from "elysia";\nnew Elysia({ prefix: "/v1" }).get("/notes", () => []).post("/notes", () => 1).listen(3000);\n`)).toEqual(["POST /notes elysia@L2C1", "GET /notes elysia@L2C1"]);
    expect(facts(`import { Elysia } from "elysia";\nnew Elysia({ prefix: "/v1" }).get("/notes", () => []).listen(3000);\n`).objectPrefixes).toEqual({ "elysia@L2C1": "/v1" });
  });

  it("the default import is the same class; a route's hooks after its handler are no handler", () => {
    const f = facts(`import Elysia, { t } from "elysia";\nimport { login } from "./login";\nexport const auth = new Elysia();\nauth.post("/v1/sessions", login, { body: t.Object({ email: t.String() }) });\n`, "src/index.ts");
    expect(f.routes.map((r) => `${r.method} ${r.path} ${r.handlerRef?.name ?? r.handler}`)).toEqual(["POST /v1/sessions login"]);
  });

  it("a class named Elysia of another module makes no app", () => {
    expect(routes(`import { Elysia } from "./mock";\nconst app = new Elysia();\napp.get("/notes", () => []);\n`)).toEqual([]);
  });
});

const notes: Tree = {
  "services/notes/package.json": { name: "notes", scripts: { start: "bun run src/index.ts" }, dependencies: { elysia: "*" } },
  "services/notes/src/tags.ts": `import { Elysia } from "elysia";\nexport const tags = new Elysia({ prefix: "/tags" }).get("/", () => []).delete("/:id", () => null);\n`,
  "services/notes/src/index.ts": `import { Elysia } from "elysia";\nimport { tags } from "./tags";\nnew Elysia().group("/v1", (v1) => v1.get("/notes", () => [])).use(tags).listen(3000);\n`,
};

describe("[I] an Elysia service's routes with their prefixes (lead22)", () => {
  it("the group's are versioned; the plugin's, under its own prefix, are not", () => {
    const result = lintTree(notes, { only: "unversioned-route" });
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["DELETE /tags/:id", "GET /tags", "GET /v1/notes"]);
    expect(result.findings.map((f) => `${f.data?.method} ${f.data?.path}`).sort()).toEqual(["DELETE /tags/:id", "GET /tags"]);
  });
});
