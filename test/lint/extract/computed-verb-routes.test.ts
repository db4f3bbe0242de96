import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * Routes registered with a verb the code computes (`app[method](path, handler)` in a loop over a route table, a
 * gateway's or a controller registry's): no route is made of them, and the registration is said, not left silent.
 */
const said = (register: string) =>
  lintTree(
    service("relay", ["express"], {
      "src/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/alive", (req, res) => res.send("ok"));\n${register}\napp.listen(3000);\n`,
    }),
    { only: "unversioned-route" },
  ).diagnostics.filter((d) => d.message.includes("registers a route whose method or path is not written there")).map((d) => `${d.line} ${d.message.split(" at ")[0]}`);

describe("[U] express: routes registered with a computed verb", () => {
  it("app[verb](…) over a table's entries is said, with the call as written", () => {
    expect(said(`const table = loadTable();\nfor (const entry of table) app[entry.verb](entry.path, (req, res) => res.json({}));`)).toEqual(["5 relay: app[entry.verb](entry.path, …)"]);
  });

  it("a router's computed verb is said too; an element written as a string or on an object that is no app is not", () => {
    expect(said(`const router = express.Router();\nconst cache = new Map();\nfor (const v of verbs()) router[v.toLowerCase()]("/v1/things", (req, res) => res.json({}));\napp["get"]("/v1/plain", (req, res) => res.json({}));\ncache[key](1, 2);\napp.use(router);`)).toEqual(["6 relay: router[v.toLowerCase()](\"/v1/things\", …)"]);
  });
});
