import { describe, expect, it } from "vitest";
import { facts, lintTree, service, type Tree } from "../helpers.js";

/**
 * An Express app handed to a function of another module by member (extract/app-handoffs.ts): `routes.assign(app)` of
 * `const routes = require("./routes")`, through an index module that hands it on to each router module the same way.
 */

const desk = (index: string, entry = `const express = require("express");\nconst routes = require("./routes");\nconst app = express();\nroutes.assign(app);\napp.listen(3000);\n`): Tree =>
  service("desk", ["express"], {
    "src/server.js": entry,
    "src/routes/index.js": index,
    "src/routes/tickets.js": `exports.assign = (app) => {\n  app.get("/v1/tickets", (req, res) => res.json([]));\n  app.post("/v1/tickets", (req, res) => res.status(201).end());\n};\n`,
    "src/routes/health.js": `module.exports.assign = function (server) {\n  server.get("/v1/health", (req, res) => res.end());\n};\n`,
  });

/** Each route with the places it was handed on through (its mount chain), as `file:line`. */
const routesOf = (tree: Tree) =>
  lintTree(tree, { only: "unversioned-route" })
    .model.routes.map((r) => `${r.method} ${r.path} via ${r.mountChain.map((at) => `${at.file.replace("desk/src/", "")}:${at.line}`).join(" ")}`)
    .sort();

describe("[I] the app handed on by member to another module's function", () => {
  it("through require(), and on through the index to each router module", () => {
    const index = `const tickets = require("./tickets");\nconst health = require("./health");\nexports.assign = (app) => {\n  tickets.assign(app);\n  health.assign(app);\n};\n`;
    expect(routesOf(desk(index))).toEqual(["GET /v1/health via server.js:4 routes/index.js:5", "GET /v1/tickets via server.js:4 routes/index.js:4", "POST /v1/tickets via server.js:4 routes/index.js:4"]);
  });

  it("through a namespace import", () => {
    const index = `import * as tickets from "./tickets";\nexport function assign(app) {\n  tickets.assign(app);\n}\n`;
    const entry = `import express from "express";\nimport * as routes from "./routes";\nconst app = express();\nroutes.assign(app);\napp.listen(3000);\n`;
    expect(routesOf(desk(index, entry))).toEqual(["GET /v1/tickets via server.js:4 routes/index.js:3", "POST /v1/tickets via server.js:4 routes/index.js:3"]);
  });

  it("a package's function given the app is no mount of ours, nor is a value that is no app", () => {
    const entry = `const express = require("express");\nconst routes = require("./routes");\nconst helmet = require("helmet");\nconst app = express();\nhelmet.install(app);\nconst settings = {};\nroutes.assign(settings);\nroutes.assign(app);\n`;
    expect(facts(entry, "src/server.js").mounts.map((m) => `L${m.location.line} ${m.child.kind === "import" ? `${m.child.specifier}#${m.child.name}` : m.child.id}`)).toEqual(["L8 ./routes#assign"]);
  });
});
