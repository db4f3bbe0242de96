import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * One package deployed as several processes (a web server and its queue consumer, two compose services built from one
 * folder) is one codebase that owns its data: its processes sharing their database is no finding. Another package's
 * service on that database still is.
 */
const pkg = (name: string): Tree => ({
  [`${name}/package.json`]: { name, scripts: { start: "node web.js", worker: "node worker.js" }, dependencies: { express: "*", pg: "*", amqplib: "*" } },
  [`${name}/db.js`]: `const { Pool } = require("pg");\nmodule.exports = new Pool({ connectionString: process.env.DATABASE_URL });\n`,
  [`${name}/web.js`]: `const express = require("express");\nconst db = require("./db");\nconst app = express();\napp.get("/v1/items", async (req, res) => res.json((await db.query("SELECT * FROM items")).rows));\napp.listen(3000);\n`,
  [`${name}/worker.js`]: `const amqp = require("amqplib");\nconst db = require("./db");\namqp.connect(process.env.AMQP_URL).then(async (c) => {\n  const ch = await c.createChannel();\n  ch.consume("items", (m) => db.query("INSERT INTO items (body) VALUES ($1)", [m.content.toString()]));\n});\n`,
});

const compose = (extra = "") =>
  `services:\n  stock-web:\n    build: ./stock\n    command: node web.js\n    environment:\n      DATABASE_URL: postgres://app@db:5432/stock\n  stock-worker:\n    build: ./stock\n    command: node worker.js\n    environment:\n      DATABASE_URL: postgres://app@db:5432/stock\n      AMQP_URL: amqp://mq\n${extra}  db:\n    image: postgres:17\n  mq:\n    image: rabbitmq:4\n`;

const findings = (tree: Tree) => lintTree(tree, { only: "shared-database" }).findings.map((f) => f.data.services);

describe("shared-database: processes of one package", () => {
  it("a web server and its consumer built from one folder share their database without a finding", () => {
    expect(findings({ ...pkg("stock"), "docker-compose.yml": compose() })).toEqual([]);
  });

  it("a service of another package on that database is still reported, with every process it shares with", () => {
    const other = "  audit:\n    build: ./audit\n    command: node web.js\n    environment:\n      DATABASE_URL: postgres://app@db:5432/stock\n";
    expect(findings({ ...pkg("stock"), ...pkg("audit"), "docker-compose.yml": compose(other) })).toEqual(["audit,stock-web,stock-worker"]);
  });
});
