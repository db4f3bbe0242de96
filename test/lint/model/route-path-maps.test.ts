import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * Route paths kept in a shared package's map of endpoints (`pathMap.SIGN_UP.path`), reached through a local that holds
 * one entry (`const signUp = pathMap["SIGN_UP"]`, by a dot or a string key) and read where the route is registered.
 */

describe("[U] route paths from an imported map of endpoints", () => {
  it("an entry held in a local, by a dot or a string key, gives its path as the map says", () => {
    const tree: Tree = {
      "package.json": { name: "accounts", private: true, workspaces: ["services/*", "packages/*"] },
      "packages/endpoints/package.json": { name: "acme-endpoints", main: "src/index.ts" },
      "packages/endpoints/src/index.ts": `export const pathMap = {\n  SIGN_UP: { path: "/sign-up", method: "post" },\n  SIGN_IN: { path: "/sign-in", method: "post" },\n  PROFILE: { path: "/profile", method: "get" },\n};\n`,
      ...service("services/members", ["express", "acme-endpoints"], {
        "src/server.ts": `import express from "express";\nimport { pathMap } from "acme-endpoints";\nconst router = express.Router();\nconst signUp = pathMap["SIGN_UP"];\nrouter.post(signUp.path, (_req, res) => res.sendStatus(201));\nconst signIn = pathMap.SIGN_IN;\nrouter.post(signIn.path, (_req, res) => res.sendStatus(200));\nrouter.get(pathMap["PROFILE"].path, (_req, res) => res.json({}));\nconst app = express();\napp.use("/v1", router);\napp.listen(3000);\n`,
      }),
    };
    const { model } = lintTree(tree);
    expect(model.routes.map((route) => route.id).sort()).toEqual(["members GET /v1/profile", "members POST /v1/sign-in", "members POST /v1/sign-up"]);
  });
});
