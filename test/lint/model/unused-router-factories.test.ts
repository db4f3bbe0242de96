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
});
