import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * Two services on one Redis server, each on the index its REDIS_DB names. alpha hands ioredis an options object another
 * module exports (`new Redis(settings)`, `module.exports = { host, port, db }`); beta a constant holding what a function
 * of its file builds, with extra options spread in (`const base = buildOptions(); new Redis(base)`). Both also have a REDIS_URL without an index, which
 * only a client that reads nothing else would take.
 */
const cache = (alphaDb: string, betaDb: string): Tree => ({
  "docker-compose.yml": `services:\n  alpha:\n    build: ./alpha\n    environment:\n      REDIS_HOST: cache\n      REDIS_URL: redis://cache:6379\n      REDIS_DB: "${alphaDb}"\n  beta:\n    build: ./beta\n    environment:\n      REDIS_HOST: cache\n      REDIS_URL: redis://cache:6379\n      REDIS_DB: "${betaDb}"\n  cache:\n    image: redis:7\n`,
  ...service("alpha", ["express", "ioredis"], {
    "src/redis.settings.js": `module.exports = {\n  host: process.env.REDIS_HOST,\n  port: 6379,\n  db: Number(process.env.REDIS_DB) || 0,\n};\n`,
    "src/server.js": `const express = require("express");\nconst Redis = require("ioredis");\nconst settings = require("./redis.settings");\nconst redis = new Redis(settings);\nconst app = express();\napp.get("/v1/visits", async (req, res) => res.json({ visits: await redis.incr("visits") }));\napp.listen(3000);\n`,
  }),
  ...service("beta", ["express", "ioredis"], {
    "src/server.js": `const express = require("express");\nconst Redis = require("ioredis");\nfunction buildOptions(extra = {}) {\n  return { host: process.env.REDIS_HOST, port: 6379, db: Number(process.env.REDIS_DB) || 0, ...extra };\n}\nfunction connect() {\n  const base = buildOptions();\n  return new Redis(base);\n}\nconst redis = connect();\nconst app = express();\napp.get("/v1/likes", async (req, res) => res.json({ likes: await redis.incr("likes") }));\napp.listen(3001);\n`,
  }),
});

ruleTester("shared-database", {
  valid: [{ name: "each service on its own index, read from the options its client is handed", files: cache("1", "2") }],
  invalid: [
    {
      name: "both services on index 1",
      files: cache("1", "1"),
      errors: [{ messageId: "sharedConnection", data: { services: "alpha,beta" } }],
    },
  ],
});
