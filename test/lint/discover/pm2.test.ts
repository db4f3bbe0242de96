import { describe, expect, it } from "vitest";
import { isEcosystemFile, pm2AppFile, readPm2Apps, readProcfile } from "../../../src/lint/discover/pm2.js";
import { lintTree, type Tree } from "../helpers.js";

describe("pm2 ecosystem files: the apps they keep running", () => {
  it("names ecosystem files, not an app's own code", () => {
    for (const name of ["ecosystem.config.js", "ecosystem.config.cjs", "pm2.config.js", "pm2.orders.config.js", "process.config.js", "process.yml", "deploy/ecosystem.yaml"]) expect(isEcosystemFile(name), name).toBe(true);
    for (const name of ["process.js", "src/processor.js", "ecosystem.ts", "pm2-helpers.ts"]) expect(isEcosystemFile(name), name).toBe(false);
  });

  it("reads each app's script, cwd and name, not a name inside its env", () => {
    const text = `module.exports = {\n  apps: [\n    { name: "ledger", cwd: "./ledger", script: "main.js", env: { name: "not-an-app", PORT: 5100 } },\n    {\n      script: './bin/cron.js',\n      name: 'nightly',\n    },\n    { name: "shop", cwd: "./shop", script: "npm", args: "run start:prod" },\n  ],\n};\n`;
    const apps = readPm2Apps("ops/ecosystem.config.js", text, []);
    expect(apps.map((a) => `${a.name} ${a.script} ${a.cwd ?? "-"} ${a.line}`)).toEqual(["ledger main.js ./ledger 3", "nightly ./bin/cron.js - 5", "shop npm ./shop 8"]);
    expect(apps.map(pm2AppFile)).toEqual(["ops/ledger/main.js", "ops/bin/cron.js", undefined]);
  });

  it("reads a YAML process file; a path of a container's file system is none of the repository's", () => {
    const apps = readPm2Apps("process.yml", "apps:\n  - name: ledger\n    script: ledger/main.js\n  - script: /srv/app/index.js\n", []);
    expect(apps.map(pm2AppFile)).toEqual(["ledger/main.js", undefined]);
  });
});

describe("Procfiles: the processes a package runs", () => {
  it("reads each process's file, not a release task or a command that runs no file of its own", () => {
    const text = "web: node --max-old-space-size=256 services/counter.js\nrelease: node scripts/migrate.js\nworker: NODE_ENV=production node jobs/tally.js\nclock: npm run clock\naudit: cd services/audit && npx tsx main.ts\n";
    expect(readProcfile("deploy/Procfile", text).map((app) => `${app.name} ${pm2AppFile(app)} ${app.line}`)).toEqual(["web deploy/services/counter.js 1", "worker deploy/jobs/tally.js 3", "audit deploy/services/audit/main.ts 5"]);
  });

  it("[I] a package whose Procfile runs two of its files is two services", () => {
    const tree: Tree = {
      "package.json": { name: "tally", dependencies: { express: "*", amqplib: "*" } },
      Procfile: "web: node services/counter.js\nworker: node jobs/tally.js\n",
      "services/counter.js": `const app = require("express")();\napp.get("/v1/count", (req, res) => res.json(1));\napp.listen(process.env.PORT);\n`,
      "jobs/tally.js": `const amqp = require("amqplib");\namqp.connect(process.env.AMQP_URL).then((c) => c.createChannel()).then((ch) => ch.consume("tallies", () => {}));\n`,
    };
    expect(lintTree(tree, { only: "unversioned-route" }).model.services.map((s) => `${s.name} ${s.entry}`)).toEqual(["counter services/counter.js", "tally jobs/tally.js"]);
    delete tree.Procfile;
    expect(lintTree(tree, { only: "unversioned-route" }).model.services.map((s) => `${s.name} ${s.entry ?? "-"}`)).not.toEqual(["counter services/counter.js", "tally jobs/tally.js"]);
  });
});

/** A browser app that also holds the servers pm2 runs: a page server, a gateway and an API, none started by a script. */
function bundled(withEcosystem: boolean): Tree {
  const tree: Tree = {
    "web/package.json": { name: "planner-web", scripts: { start: "react-scripts start", build: "react-scripts build" }, dependencies: { express: "*", "react-dom": "*", "react-scripts": "*", "http-proxy": "*" } },
    "web/src/index.js": `import React from "react";\nimport { render } from "react-dom";\nrender(React.createElement("main"), document.getElementById("root"));\n`,
    "web/server/pages.js": `const express = require("express");\nconst app = express();\napp.use(express.static("build"));\napp.listen(5200);\n`,
    "web/server/edge.js": `const express = require("express");\nconst proxy = require("http-proxy").createProxyServer();\nconst app = express();\nconst agenda = process.env.AGENDA_URL || "http://localhost:5202";\napp.all("/v1/agenda*", (req, res) => proxy.web(req, res, { target: agenda }));\napp.listen(5201);\n`,
    "web/server/agenda.js": `const express = require("express");\nconst app = express();\napp.get("/v1/agenda/items", (req, res) => res.json([]));\napp.listen(5202);\n`,
  };
  if (withEcosystem) tree["web/process.config.js"] = `module.exports = {\n  apps: [\n    { name: "pages", script: "./server/pages.js" },\n    { name: "edge", script: "./server/edge.js", watch: true },\n    { name: "agenda", script: "./server/agenda.js" },\n  ],\n};\n`;
  return tree;
}

describe("[I] services that only a pm2 ecosystem file starts", () => {
  it("a browser app's server files that its ecosystem file runs are a service each", () => {
    const { model } = lintTree(bundled(true), { only: "unversioned-route" });
    expect(model.services.map((s) => `${s.name} ${s.entry}`)).toEqual(["agenda web/server/agenda.js", "edge web/server/edge.js", "pages web/server/pages.js"]);
    expect(model.routes.map((r) => `${r.service} ${r.method} ${r.path}`)).toContain("agenda GET /v1/agenda/items");
  });

  it("without it the package is a front end: no service", () => {
    expect(lintTree(bundled(false), { only: "unversioned-route" }).model.services).toEqual([]);
  });

  it("an app in a folder of its own is that folder's package, a service though it depends on no server (a queue worker)", () => {
    const tree: Tree = {
      "package.json": { name: "planner", scripts: { start: "pm2 start ecosystem.config.js" }, dependencies: { pm2: "*" } },
      "ecosystem.config.js": `module.exports = {\n  apps: [\n    { name: "intake", cwd: "./intake", script: "index.js" },\n    { name: "board", cwd: "./board", script: "index.js" },\n  ],\n};\n`,
      "intake/package.json": { name: "intake", main: "index.js", dependencies: { "@aws-sdk/client-sqs": "*" } },
      "intake/index.js": `const { SQSClient, ReceiveMessageCommand } = require("@aws-sdk/client-sqs");\nconst sqs = new SQSClient({});\nsetInterval(() => sqs.send(new ReceiveMessageCommand({ QueueUrl: process.env.QUEUE_URL })), 1000);\n`,
      "board/package.json": { name: "board", main: "index.js", scripts: { start: "node index.js" }, dependencies: { express: "*" } },
      "board/index.js": `const app = require("express")();\napp.get("/v1/board", (req, res) => res.json([]));\napp.listen(5300);\n`,
    };
    expect(lintTree(tree, { only: "unversioned-route" }).model.services.map((s) => s.name)).toEqual(["board", "intake"]);
    delete tree["ecosystem.config.js"];
    expect(lintTree(tree, { only: "unversioned-route" }).model.services.map((s) => s.name)).toEqual(["board"]);
  });
});
