import { describe, expect, it } from "vitest";
import { facts, lintTree, service } from "../helpers.js";

describe("[U] a config module that destructures the environment", () => {
  it("exports each name of `export const { X } = process.env` and of `const { Y = d } = process.env || {}; export { Y }` as a constant", () => {
    const f = facts(`export const { STORE_URL } = process.env;\nconst { CACHE_HOST, CACHE_PORT = 6390 } = process.env || {};\nconst { LOCAL_ONLY } = process.env;\nexport { CACHE_HOST, CACHE_PORT };\n`, "src/config.js");
    expect(Object.keys(f.exports).sort()).toEqual(["CACHE_HOST", "CACHE_PORT", "STORE_URL"]);
    expect(f.constants).toEqual({
      STORE_URL: { parts: [{ kind: "env", name: "STORE_URL" }] },
      CACHE_HOST: { parts: [{ kind: "env", name: "CACHE_HOST" }] },
      CACHE_PORT: { parts: [{ kind: "env", name: "CACHE_PORT", fallback: { parts: [{ kind: "text", text: "6390" }] } }] },
    });
  });
});

describe("[I] an imported setting with a fallback written where it is used", () => {
  const tree = (compose: string) => ({
    ...service("services/catalog", ["express", "mongoose"], {
      "src/config.js": `export const { STORE_URL } = process.env;\nexport const STORE_HOST = process.env.STORE_HOST || "mongodb://localhost:27017/";\n`,
      "src/server.js": `import express from "express";\nimport mongoose from "mongoose";\nimport { STORE_URL, STORE_HOST } from "./config";\nmongoose.connect(STORE_URL || \`\${STORE_HOST}catalog\`);\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.listen(3000);\n`,
    }),
    "docker-compose.yml": `services:\n  catalog:\n    build: ./services/catalog\n${compose}  mongo:\n    image: mongo:7\n`,
  });
  const identities = (result: ReturnType<typeof lintTree>) => result.model.datastores.map((d) => `${d.identity ?? "?"} (${d.resolution})`);

  it("is the imported value when its variable is set", () => {
    expect(identities(lintTree(tree(`    environment:\n      STORE_URL: mongodb://mongo:27017/items\n`)))).toEqual(["mongodb://mongo:27017/items (STORE_URL=mongodb://mongo:27017/items from docker-compose.yml (services.catalog.environment))"]);
  });

  it("is the fallback when it is not, the notes saying which was unset", () => {
    expect(identities(lintTree(tree(`    environment:\n      STORE_HOST: mongodb://mongo:27017/\n`)))).toEqual([
      "mongodb://mongo:27017/catalog (STORE_URL unset, default mongodb://mongo:27017/catalog, STORE_HOST=mongodb://mongo:27017/ from docker-compose.yml (services.catalog.environment))",
    ]);
  });
});

describe("[I] a settings table per environment, exported as the entry picked at run time (`export default config[env]`)", () => {
  const tree = (table: string) => ({
    ...service("services/catalog", ["express", "mongoose"], {
      "src/config.ts": `const dev = { db: { url: process.env.DEV_STORE_URL } };\nconst pro = { db: { url: process.env.STORE_URL } };\n${table}\nconst env = (process.env.NODE_ENV as "dev" | "pro") || "dev";\nexport default config[env];\n`,
      "src/server.ts": `import express from "express";\nimport mongoose from "mongoose";\nimport settings from "./config";\nconst { db } = settings;\nmongoose.connect(db.url);\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.listen(3000);\n`,
    }),
    "docker-compose.yml": `services:\n  catalog:\n    build: ./services/catalog\n    environment:\n      STORE_URL: mongodb://mongo:27017/items\n      DEV_STORE_URL: mongodb://localhost:27017/dev\n  mongo:\n    image: mongo:7\n`,
  });
  const identities = (result: ReturnType<typeof lintTree>) => result.model.datastores.map((d) => d.identity ?? "?");

  it("is the production entry (the one a deployment runs)", () => {
    expect(identities(lintTree(tree(`const config = { dev, pro };`)))).toEqual(["mongodb://mongo:27017/items"]);
  });

  it("else the development entry; a table with neither picks nothing", () => {
    expect(identities(lintTree(tree(`const config = { dev, test: pro };`)))).toEqual(["mongodb://localhost:27017/dev"]);
    expect(identities(lintTree(tree(`const config = { blue: dev, green: pro };`)))).toEqual(["?"]);
  });
});

