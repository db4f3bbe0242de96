import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/** A Seneca pattern service, a cote responder and an Express front, each a package of its own started by its Dockerfile. */
const tree: Tree = {
  "front/package.json": { name: "front", main: "index.js", dependencies: { express: "*", seneca: "*" } },
  "front/index.js": `const seneca = require("seneca")().client({ host: process.env.PRICING_HOST || "pricing", port: 7401, pin: "area:pricing" });\nconst app = require("express")();\napp.get("/v1/quote", (req, res) => seneca.act({ area: "pricing", cmd: "quote" }, (err, out) => res.json(out)));\napp.listen(7400);\n`,
  "pricing/package.json": { name: "pricing", main: "index.js", dependencies: { seneca: "*" } },
  "pricing/index.js": `const seneca = require("seneca")();\nseneca.add({ area: "pricing", cmd: "quote" }, (msg, reply) => reply(null, { amount: 3 }));\nseneca.listen({ port: 7401, pin: "area:pricing" });\n`,
  "stock/package.json": { name: "stock", main: "index.js", dependencies: { cote: "*" } },
  "stock/index.js": `const cote = require("cote");\nconst responder = new cote.Responder({ name: "stock responder", namespace: "stock" });\nresponder.on("count", (req, cb) => cb(null, 12));\n`,
  "shared/package.json": { name: "shared", main: "index.js", dependencies: { lodash: "*" } },
  "shared/index.js": `module.exports = { round: (n) => Math.round(n) };\n`,
};

describe("[I] Seneca and cote services", () => {
  it("a package that depends on Seneca or cote and has an entry is a service", () => {
    const { model, diagnostics } = lintTree(tree, { only: "unversioned-route" });
    expect(model.services.map((s) => s.name)).toEqual(["front", "pricing", "stock"]);
    // cote's messages are not read: said, not missed silently (Seneca's written-out patterns are: extract/seneca.ts).
    // (A file with nothing else to read is not parsed: the service is said to show nothing checked.)
    expect(diagnostics.filter((d) => d.service === "stock" && d.kind === "not-understood")).toHaveLength(1);
  });
});
