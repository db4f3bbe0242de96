import { describe, expect, it } from "vitest";
import { ModuleResolver, type GlobalDir } from "../../../src/lint/model/resolve.js";
import { facts, lintTree, type Tree } from "../helpers.js";

/**
 * Express apps that run from another working directory require their own files by a path built from a folder:
 * `__dirname`, or a global their entry points at it (`global.base = path.resolve(__dirname)`, then
 * `require(`${global.base}/routes/x`)` anywhere). Read as modules chosen at run time, their routers lost the prefix
 * they are mounted under (served at `/` instead of `/entries`), and a gateway's calls lost the addresses its
 * settings file (`require(".../config.json").ledger`) gives.
 */

const ledger: Tree = {
  "ledger/package.json": { name: "ledger", main: "main.js", scripts: { start: "node main.js" }, dependencies: { express: "*" } },
  // The entry starts the app another file builds, on the port the settings file names.
  "ledger/main.js": `const { http } = require("./lib/config.json");\nconst app = require("./lib/app");\napp.listen(process.env.PORT || http.port);\n`,
  "ledger/lib/config.json": { http: { port: 7301 } },
  "ledger/lib/app.js": [
    `const path = require("path");`,
    `global.base = path.resolve(__dirname);`,
    `const express = require("express");`,
    "const entries = require(`${global.base}/routes/entries/index`);",
    `const balances = require(path.join(__dirname, "routes", "balances"));`,
    `const app = express();`,
    `app.use("/entries", entries);`,
    `app.use("/balances", balances);`,
    `module.exports = app;`,
    ``,
  ].join("\n"),
  "ledger/lib/routes/entries/index.js": `const router = require("express").Router();\nrouter.get("/", require("./list"));\nrouter.post("/:account", require(\`\${global.base}/routes/entries/add\`));\nmodule.exports = router;\n`,
  "ledger/lib/routes/entries/list.js": `module.exports = (req, res) => res.json([]);\n`,
  "ledger/lib/routes/entries/add.js": `module.exports = (req, res) => res.sendStatus(201);\n`,
  "ledger/lib/routes/balances.js": `const router = require("express").Router();\nrouter.get("/:account", (req, res) => res.json({}));\nmodule.exports = router;\n`,
};

const desk: Tree = {
  "desk/package.json": { name: "desk", main: "main.js", scripts: { start: "node main.js" }, dependencies: { express: "*", axios: "*" } },
  "desk/main.js": `const app = require("./src/app");\napp.listen(7300);\n`,
  "desk/src/app.js": `global.base = __dirname;\nconst app = require("express")();\napp.use("/v2/ledger", require(\`\${global.base}/forward\`));\nmodule.exports = app;\n`,
  "desk/src/forward.js": [
    "const target = require(`${global.base}/config.json`).ledger;",
    `const axios = require("axios");`,
    `const router = require("express").Router();`,
    `router.get("/entries", require("./entries"));`,
    `module.exports = router;`,
    ``,
  ].join("\n"),
  "desk/src/entries.js": "const target = require(`${global.base}/config.json`).ledger;\nconst axios = require(\"axios\");\nmodule.exports = async (req, res) => {\n  const answer = await axios.get(`${target.host}:${target.port}${req.url}`);\n  res.json(answer.data);\n};\n",
  "desk/src/config.json": { ledger: { host: "http://localhost", port: 7301 } },
};

describe("[U] requires by a path built from a folder", () => {
  it("a router required from `${global.x}/…` or path.join(__dirname, …) keeps the prefix it is mounted under", () => {
    const routes = lintTree(ledger, { only: "unversioned-route" })
      .model.routes.map((route) => `${route.method} ${route.path}`)
      .sort();
    expect(routes).toEqual(["GET /balances/:account", "GET /entries", "POST /entries/:account"]);
  });

  it("a gateway's call reads its address from a settings file required the same way, and reaches the service listening there", () => {
    const result = lintTree({ ...ledger, ...desk }, { only: "unprotected-call" });
    const call = result.model.calls.find((c) => c.service === "desk");
    expect(call).toMatchObject({ url: "http://localhost:7301{req.url}", targetService: "ledger" });
    // A handler given as `require("./entries")` is the route's: its unguarded call is made while handling the request.
    expect(result.findings.map((f) => `${f.ruleId} ${f.data?.service} → ${f.data?.targetService}`)).toEqual(["unprotected-call desk → ledger"]);
  });

  it("an address from a settings file is configuration, not an address written into the code", () => {
    const result = lintTree({ ...ledger, ...desk }, { only: "hardcoded-endpoint" });
    expect(result.findings).toEqual([]);
  });

  it("a global that two services point at their own folders resolves to the requiring file's own", () => {
    const other: Tree = Object.fromEntries(Object.entries(ledger).map(([path, content]) => [path.replace(/^ledger\//, "journal/"), typeof content === "string" ? content : path.endsWith("package.json") ? { ...content, name: "journal" } : content]));
    const routes = lintTree({ ...ledger, ...other }, { only: "unversioned-route" })
      .model.routes.map((route) => `${route.service} ${route.method} ${route.path}`)
      .sort();
    expect(routes).toEqual([
      "journal GET /balances/:account",
      "journal GET /entries",
      "journal POST /entries/:account",
      "ledger GET /balances/:account",
      "ledger GET /entries",
      "ledger POST /entries/:account",
    ]);
  });

  it("records the specifier each form spells, and the folder a global is pointed at", () => {
    const f = facts(
      [
        `const path = require("path");`,
        `globalThis.root = path.join(__dirname, "..");`,
        "const a = require(`${__dirname}/a`);",
        `const b = require(__dirname + "/../b");`,
        `const c = require(path.resolve(__dirname, "c", "index"));`,
        "const d = require(`${global.root}/d`).named;",
        "const e = require(`./${name}`);",
        ``,
      ].join("\n"),
      "svc/src/app.js",
    );
    expect(f.imports.map((i) => `${i.local} ${i.imported} ${i.specifier}`)).toEqual(["path default path", "a default ./a", "b default ../b", "c default ./c/index", "d named ${global.root}/d"]);
    expect(f.globalDirs).toEqual([{ name: "root", path: ".." }]);
    // A name chosen at run time stays one.
    expect(f.loadsAtRunTime).toBe(7);
  });
});

describe("[U] the folder a global holds", () => {
  const resolver = (globalDirs: GlobalDir[]) => new ModuleResolver({ files: new Set(["a/x/r.js", "a/y/r.js"]), workspacePackages: {}, packageMains: {}, tsconfigs: [], globalDirs });

  it("is the one set nearest the requiring file", () => {
    expect(resolver([{ name: "base", dir: "a/x" }, { name: "base", dir: "b" }]).resolve("a/x/deep/file.js", "${global.base}/r")).toBe("a/x/r.js");
  });

  it("is unknown when two are set as near, and the global's name must match", () => {
    expect(resolver([{ name: "base", dir: "a/x" }, { name: "base", dir: "a/y" }]).resolve("a/z/file.js", "${global.base}/r")).toBeUndefined();
    expect(resolver([{ name: "root", dir: "a/x" }]).resolve("a/x/file.js", "${global.base}/r")).toBeUndefined();
  });
});
