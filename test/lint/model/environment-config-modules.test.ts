import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * Written for this test: a service whose config/index.js exports one of two modules by the environment's name
 * (`module.exports = process.env.NODE_ENV === "production" ? prod : dev`). The production module sets only the port;
 * the development one writes the database's address. A reader reads the connection from the development module:
 * before, the export was a choice arch-lint did not follow, so the connection was unresolved and its literal host unseen.
 */

const tree = (index: string, prod = `module.exports = { port: process.env.PORT || 4000 };\n`): Tree => ({
  "mailer/package.json": { name: "mailer", scripts: { start: "node server.js" }, dependencies: { express: "*", mongoose: "*" } },
  "mailer/server.js": `const express = require("express");\nrequire("./db");\nconst { port } = require("./config");\nconst app = express();\napp.get("/v1/mails", (req, res) => res.json([]));\napp.listen(port);\n`,
  "mailer/db.js": `const mongoose = require("mongoose");\nconst { mongoUrl } = require("./config");\nmongoose.connect(mongoUrl);\nmodule.exports = mongoose;\n`,
  "mailer/config/index.js": index,
  "mailer/config/config.prod.js": prod,
  "mailer/config/config.dev.js": `module.exports = {\n  port: process.env.PORT || 4000,\n  mongoUrl: "mongodb://mail-store.internal:27017/mails",\n};\n`,
});

const CHOICE = `const dev = require("./config.dev");\nconst prod = require("./config.prod");\nmodule.exports = process.env.NODE_ENV === "production" ? prod : dev;\n`;

const store = (t: Tree) => lintTree(t, { only: "hardcoded-endpoint" });

describe("[U] a config module chosen by the environment's name", () => {
  it("reads a setting from the production module first, then from the other", () => {
    const result = store(tree(CHOICE));
    expect(result.model.datastores.map((d) => d.identity)).toEqual(["mongodb://mail-store.internal:27017/mails"]);
    expect(result.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.line}`)).toEqual(["hardcoded-endpoint mailer/db.js:3"]);
  });

  it("the production module's own setting wins, whichever way the condition is written", () => {
    const prod = `module.exports = { port: 4000, mongoUrl: process.env.MONGO_URL };\n`;
    const negated = CHOICE.replace(`=== "production" ? prod : dev`, `!== "production" ? dev : prod`);
    for (const index of [CHOICE, negated]) {
      expect(store(tree(index, prod)).findings).toEqual([]);
    }
  });

  it("a choice in place of requires (require(...) in each arm) is read the same", () => {
    const inPlace = `module.exports = process.env.NODE_ENV === "production" ? require("./config.prod") : require("./config.dev");\n`;
    expect(store(tree(inPlace)).model.datastores.map((d) => d.identity)).toEqual(["mongodb://mail-store.internal:27017/mails"]);
  });
});
