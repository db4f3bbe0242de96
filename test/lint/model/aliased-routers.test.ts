import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

// A router made in a settings module and imported by the route files through a tsconfig path alias
// (`import { router } from "@/config/http"`) is the same router as one imported by a relative path: its routes are
// mounted where the app mounts it.
const routes = (specifier: string) =>
  lintTree(
    {
      ...service("auth", ["express"], {
        "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: "./src", paths: { "@/*": ["*"] } } }),
        "src/config/http.ts": `import express from "express";\nexport const app = express();\nexport const router = express.Router();\n`,
        "src/routes/session.routes.ts": `import { router } from "${specifier}";\nrouter.post("/login", (req, res) => res.json({}));\nrouter.get("/me", (req, res) => res.json({}));\n`,
        "src/server.ts": `import { app, router } from "@/config/http";\nimport "@/routes/session.routes";\napp.use("/api", router);\napp.listen(3000);\n`,
      }),
      ...service("mail", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/mails", (req, res) => res.json([]));\napp.listen(3001);\n` }),
    },
    { only: "unversioned-route" },
  ).model.routes.filter((route) => route.service === "auth").map((route) => `${route.method} ${route.path}`);

describe("[I] routes on a router imported through a path alias", () => {
  it("are the router's routes, mounted where the app mounts it, as with a relative import", () => {
    expect(routes("@/config/http")).toEqual(["POST /api/login", "GET /api/me"]);
    expect(routes("../config/http")).toEqual(["POST /api/login", "GET /api/me"]);
  });
});
