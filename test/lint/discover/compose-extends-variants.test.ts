import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * One service's compose file written as a chassis: a base entry and variants of it that `extends` the base
 * (`ci-api` with its own links, `dev-api` started by a watcher through gulp), each variant with its own database
 * container linked under the one name the code uses (`db`). A reader names one service, with one database per
 * variant; before, each variant was a service of its own (and, in the repository this came from, the base and a
 * variant were reported sharing "the" database that each links under one name).
 * The dev variant's command (`gulp watch`) and its Dockerfile's `npm install -g gulp` named the gulp/ folder of
 * build tasks, which made it a service there.
 */

const variants = (devName = "dev-api", workerCommand?: string): Tree => ({
  "package.json": { name: "ledger", scripts: { start: "node dist/main.js" }, dependencies: { express: "*", pg: "*" } },
  "src/main.ts": `import express from "express";\nimport { Pool } from "pg";\nconst pool = new Pool({ host: process.env.DB_HOST, port: Number(process.env.DB_PORT), database: process.env.DB_NAME });\nconst app = express();\napp.get("/v1/entries", async (_req, res) => res.json((await pool.query("select * from entries")).rows));\napp.listen(8080);\n`,
  "gulp/watch.js": `const gulp = require("gulp");\nmodule.exports = () => gulp.watch("src/**/*.ts");\n`,
  "gulpfile.js": `require("./gulp/watch");\n`,
  Dockerfile: `FROM node:22\nRUN npm install -g gulp\nWORKDIR /srv\nCOPY . .\nRUN npm ci && npm run build\nCMD ["node", "dist/main.js"]\n`,
  "docker-compose.yml": [
    "services:",
    "  base-db:",
    "    image: postgres:16",
    "  base-api:",
    "    build: .",
    "    environment:",
    "      - DB_HOST=db",
    "      - DB_PORT=5432",
    "      - DB_NAME=ledger",
    "  ci-db:",
    "    extends: base-db",
    "  ci-api:",
    "    extends: base-api",
    "    links:",
    "      - ci-db:db",
    "  dev-db:",
    "    extends: base-db",
    `  ${devName}:`,
    "    extends: base-api",
    "    command: gulp watch",
    "    links:",
    "      - dev-db:db",
    ...(workerCommand ? ["  sweeper:", "    extends: base-api", `    command: ${workerCommand}`] : []),
    "",
  ].join("\n"),
});

const services = (t: Tree) =>
  lintTree(t, { only: "shared-database" })
    .model.services.map((s) => `${s.name} ${JSON.stringify(s.root)}`)
    .sort();

describe("[U] compose entries that extend one base as variants of one service", () => {
  it("are one service, named by the package when the name they share is generic", () => {
    expect(services(variants())).toEqual(['ledger ""']);
  });

  it("an entry extending the base under another name (a worker) stays a service of its own", () => {
    expect(services(variants("dev-api", "node dist/sweeper.js"))).toEqual(['ledger ""', 'sweeper ""']);
  });

  it("a variant whose name differs by more than a variant word is another entry", () => {
    expect(services(variants("reports-api")).length).toBe(2);
  });
});
