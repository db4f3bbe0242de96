import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

describe("[I] routers that only an unused factory builds", () => {
  it("are not served: a factory file imported but never used gives no route; a mounted factory's routes stay, as do those of a factory whose file is used or which it calls itself", () => {
    const result = lintTree({
      ...service("services/inbox", ["hono"], {
        "src/server.ts": `import { Hono } from "hono";\nimport { threadRoutes } from "./routes/threads.js";\nimport { labelRoutes } from "./routes/labels.js";\nimport { folderRoutes, FOLDER_LIMIT } from "./routes/folders.js";\nconst app = new Hono();\n// Flattened here; the threads router is left over.\napp.get("/v1/threads", (c) => c.json([]));\napp.route("/v1/labels", labelRoutes());\napp.get("/v1/limits", (c) => c.json({ folders: FOLDER_LIMIT }));\nexport default app;\n`,
        "src/routes/threads.ts": `import { Hono } from "hono";\nexport function threadRoutes(): Hono {\n  const router = new Hono();\n  router.get("/", (c) => c.json([]));\n  router.delete("/:id", (c) => c.body(null, 204));\n  return router;\n}\n`,
        "src/routes/labels.ts": `import { Hono } from "hono";\nexport function labelRoutes(): Hono {\n  const router = new Hono();\n  router.get("/", (c) => c.json([]));\n  return router;\n}\n`,
        // Its file is used (a constant), so its factory may be reached in ways not followed: kept.
        "src/routes/folders.ts": `import { Hono } from "hono";\nexport const FOLDER_LIMIT = 20;\nexport function folderRoutes(): Hono {\n  const router = new Hono();\n  router.get("/folders", (c) => c.json([]));\n  return router;\n}\n`,
        // Imported by nobody (a loader may require it by a computed path): kept.
        "src/routes/tags.ts": `import { Hono } from "hono";\nexport function tagRoutes(): Hono {\n  const router = new Hono();\n  router.get("/tags", (c) => c.json([]));\n  return router;\n}\n`,
        // Not imported at all, but it calls its own factory: kept.
        "src/routes/notes.ts": `import { Hono } from "hono";\nexport function noteRoutes(): Hono {\n  const router = new Hono();\n  router.get("/notes", (c) => c.json([]));\n  return router;\n}\nconst notes = noteRoutes();\nnotes.get("/notes/pinned", (c) => c.json([]));\n`,
      }),
    });
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /folders", "GET /notes", "GET /notes/pinned", "GET /tags", "GET /v1/labels", "GET /v1/limits", "GET /v1/threads"]);
  });

  it("what keeps a factory's routes: the file calls or mounts the factory, names it again, is used by another import of it or loaded by import(); an unexported function is no factory", () => {
    const factory = (name: string, path: string, tail = "") => `import { Hono } from "hono";\nexport function ${name}(): Hono {\n  const router = new Hono();\n  router.get("${path}", (c) => c.json([]));\n  return router;\n}\n${tail}`;
    const result = lintTree({
      ...service("services/inbox", ["hono"], {
        // Every import below is unused but K_LIMIT's.
        "src/server.ts": [
          `import { Hono } from "hono";`,
          `import { aRoutes } from "./routes/a.js";`,
          `import { bRoutes } from "./routes/b.js";`,
          `import { cRoutes } from "./routes/c.js";`,
          `import { eRoutes } from "./routes/e.js";`,
          `import "./routes/e.js";`,
          `import { fRoutes } from "./routes/f.js";`,
          `import { gRoutes } from "./routes/g.js";`,
          `import { K_LIMIT } from "./routes/k.js";`,
          `import { kRoutes } from "./routes/k.js";`,
          `const app = new Hono();`,
          `app.get("/v1/limit", (c) => c.json({ limit: K_LIMIT }));`,
          `app.get("/v1/lazy", async (c) => c.json(await import("./routes/h.js")));`,
          `export default app;`,
        ].join("\n"),
        "src/routes/a.ts": factory("aRoutes", "/a", `export const pinned = aRoutes();\n`),
        "src/routes/b.ts": factory("bRoutes", "/b", `const root = new Hono();\nroot.route("/x", bRoutes());\nexport { root };\n`),
        // Named again (a method of another object of that name): kept, the name may reach it.
        "src/routes/c.ts": factory("cRoutes", "/c", `const other = { cRoutes() { return 1; } };\nexport const n = other.cRoutes();\n`),
        "src/routes/e.ts": factory("eRoutes", "/e"),
        "src/routes/f.ts": `import { Hono } from "hono";\nfunction fRoutes(): Hono {\n  const router = new Hono();\n  router.get("/f", (c) => c.json([]));\n  return router;\n}\nexport const fAlias = 1;\n`,
        // Imported, used nowhere: not served.
        "src/routes/g.ts": factory("gRoutes", "/g"),
        "src/routes/h.ts": factory("hRoutes", "/h"),
        "src/other.ts": `import { hRoutes } from "./routes/h.js";\nexport const other = 1;\n`,
        "src/routes/k.ts": factory("kRoutes", "/k", `export const K_LIMIT = 5;\n`),
      }),
    });
    expect(result.model.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(["GET /a", "GET /c", "GET /e", "GET /f", "GET /h", "GET /k", "GET /v1/lazy", "GET /v1/limit", "GET /x/b"]);
  });
});
