import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";
import type { LintResult } from "../../../src/lint/types.js";

/**
 * Sequences written with promise chains and callbacks as a reader reads them: each `.then` step after the one before
 * it, a function of the project handed over by name as a callback, a Promise.all group continued with `.then`, and
 * callbacks that follow awaited calls. The stock service asks pricing, tax and shipping (each a leaf service).
 */

const leaf = (name: string): Tree =>
  service(`services/${name}`, ["express"], { "src/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/${name}/:id", (req, res) => res.json({ id: req.params.id }));\napp.listen(3000);\n` });

/** The stock service: lines 1-5 are fixed (lookUpTax, a helper of the project, calls tax), then `lines`. */
const stock = (lines: string[]): Tree =>
  service("services/stock", ["express", "request"], {
    "src/server.js": [
      `const express = require("express");`,
      `const request = require("request");`,
      `const app = express();`,
      `function lookUpTax(item) { return fetch("http://tax:3000/v1/tax/" + item.id); }`,
      `function sendShipping(err, res, body) { request("http://shipping:3000/v1/shipping/" + body.id); }`,
      ...lines,
      `app.listen(3000);`,
      ``,
    ].join("\n"),
  });

const tree = (lines: string[]): Tree => ({ ...stock(lines), ...leaf("pricing"), ...leaf("tax"), ...leaf("shipping") });

const scan = (files: Tree): LintResult => lintTree(files, { only: "sync-call-chain" });

/** Each sequential finding's message, then its evidence as `  line message`. */
function found(result: LintResult): string[] {
  return result.findings
    .filter((f) => f.ruleId === "sync-call-chain")
    .flatMap((f) => [f.message, ...f.evidence.map((hop) => `  ${hop.location.line} ${hop.message}`)]);
}

const sequential = (targets: string) => `GET /v1/stock/:id in stock awaits ${targets} one after another; run independent calls in parallel (Promise.all) or move them off the request path`;
const PRICING = `fetch("http://pricing:3000/v1/pricing/" + req.params.id)`;
const TAX = `fetch("http://tax:3000/v1/tax/" + req.params.id)`;
const SHIPPING = `fetch("http://shipping:3000/v1/shipping/" + req.params.id)`;

describe("sync-call-chain: promise chains and callbacks", () => {
  it("each .then step runs after the one before it: a third step is the third of the sequence", () => {
    const result = scan(tree([`app.get("/v1/stock/:id", (req, res) => {`, `  ${PRICING}.then(() => ${TAX}).then(() => ${SHIPPING}).then((r) => res.json(r));`, `});`]));
    expect(found(result)).toEqual([
      sequential("pricing and tax and shipping"),
      "  6 stock GET /v1/stock/:id is handled here",
      "  7 calls pricing: GET http://pricing:3000/v1/pricing/{req.params.id}",
      "  7 then calls tax in the callback at line 7: GET http://tax:3000/v1/tax/{req.params.id}",
      "  7 then calls shipping in the callback at line 7: GET http://shipping:3000/v1/shipping/{req.params.id}",
    ]);
  });

  it("a step whose callback is no function of the project, and a .catch, are passed by", () => {
    const result = scan(tree([`app.get("/v1/stock/:id", (req, res) => {`, `  ${PRICING}`, `    .then(JSON.stringify)`, `    .catch((err) => res.status(502).end())`, `    .then(() => ${TAX})`, `    .then(() => ${SHIPPING});`, `});`]));
    expect(found(result).filter((line) => !line.startsWith("  "))).toEqual([sequential("pricing and tax and shipping")]);
  });

  it("a function of the project given to .then by name is a step, said by its name", () => {
    const result = scan(tree([`app.get("/v1/stock/:id", (req, res) => {`, `  ${PRICING}.then(lookUpTax).then((tax) => res.json(tax));`, `});`]));
    expect(found(result)).toEqual([
      sequential("pricing and tax"),
      "  6 stock GET /v1/stock/:id is handled here",
      "  7 calls pricing: GET http://pricing:3000/v1/pricing/{req.params.id}",
      "  7 then runs lookUpTax(), which calls tax",
    ]);
  });

  it("a function of the project given to a callback-style client by name runs after its call", () => {
    const result = scan(tree([`app.get("/v1/stock/:id", (req, res) => {`, `  request("http://pricing:3000/v1/pricing/" + req.params.id, sendShipping);`, `  res.status(202).end();`, `});`]));
    expect(found(result)).toEqual([
      sequential("pricing and shipping"),
      "  6 stock GET /v1/stock/:id is handled here",
      "  7 calls pricing: GET http://pricing:3000/v1/pricing/{req.params.id}",
      "  7 then runs sendShipping(), which calls shipping",
    ]);
  });

  it("a Promise.all group continued with .then is one step, and the callback waits for it", () => {
    const result = scan(tree([`app.get("/v1/stock/:id", (req, res) => {`, `  Promise.all([${PRICING}, ${TAX}])`, `    .then(() => ${SHIPPING})`, `    .then((r) => res.json(r));`, `});`]));
    expect(found(result)).toEqual([
      sequential("pricing and tax and shipping"),
      "  6 stock GET /v1/stock/:id is handled here",
      "  7 calls pricing, tax together (in parallel: pricing: GET http://pricing:3000/v1/pricing/{req.params.id}; tax: GET http://tax:3000/v1/tax/{req.params.id})",
      "  8 then calls shipping in the callback at line 8: GET http://shipping:3000/v1/shipping/{req.params.id}",
    ]);
  });

  it("callbacks after an awaited call wait for it: the awaited call is the first step", () => {
    const result = scan(tree([`app.get("/v1/stock/:id", async (req, res) => {`, `  await ${PRICING};`, `  request("http://tax:3000/v1/tax/" + req.params.id, () => request("http://shipping:3000/v1/shipping/1", () => res.end()));`, `});`]));
    expect(found(result)).toEqual([
      sequential("pricing and tax and shipping"),
      "  6 stock GET /v1/stock/:id is handled here",
      "  7 awaits pricing: GET http://pricing:3000/v1/pricing/{req.params.id}",
      "  8 calls tax: GET http://tax:3000/v1/tax/{req.params.id}",
      "  8 then calls shipping in the callback at line 8: GET http://shipping:3000/v1/shipping/1",
    ]);
  });

  it("a group of one call to another service (the other a call to the service itself) is said as that call", () => {
    const result = scan(tree([`app.get("/v1/stock/:id", async (req, res) => {`, `  await Promise.all([${PRICING}, fetch("http://stock:3000/v1/stock/levels")]);`, `  await ${TAX};`, `  res.end();`, `});`]));
    expect(found(result)).toEqual([
      sequential("pricing and tax"),
      "  6 stock GET /v1/stock/:id is handled here",
      "  7 awaits pricing: GET http://pricing:3000/v1/pricing/{req.params.id}",
      "  8 awaits tax: GET http://tax:3000/v1/tax/{req.params.id}",
    ]);
  });

  it("not one after another: a group continued by a callback that calls nobody, then a call not waiting for it; callbacks fired before an await", () => {
    const groupThenAwait = scan(tree([`app.get("/v1/stock/:id", async (req, res) => {`, `  Promise.all([${PRICING}, ${TAX}]).then((r) => console.log(r));`, `  await ${SHIPPING};`, `  res.end();`, `});`]));
    const firedBefore = scan(tree([`app.get("/v1/stock/:id", async (req, res) => {`, `  request("http://tax:3000/v1/tax/" + req.params.id, () => res.end());`, `  await ${PRICING};`, `});`]));
    expect([...found(groupThenAwait), ...found(firedBefore)]).toEqual([]);
  });

  it("a function given by name to a route registration is the route's handler, not a step of the function that registers it", () => {
    const result = scan(tree([`function list(req, res) { return ${PRICING}.then(() => ${TAX}); }`, `function register() {`, `  app.get("/v1/stock/:id", list);`, `}`, `register();`]));
    expect(Object.keys(result.model.edges).filter((from) => from.endsWith("#fn:register"))).toEqual([]);
    expect(found(result).filter((line) => !line.startsWith("  "))).toEqual([sequential("pricing and tax")]);
  });
});

describe("sync-call-chain: evidence of a function another module defines inline", () => {
  it("the function is said with its own file and line, not the call site's file", () => {
    const files: Tree = {
      ...tree([`const { view } = require("./view");`, `app.get("/v1/stock/:id", async (req, res) => {`, `  res.json(await view(req.params.id));`, `});`]),
      "services/stock/src/view.js": `\nexports.view = async (id) => {\n  const price = await fetch("http://pricing:3000/v1/pricing/" + id);\n  const tax = await fetch("http://tax:3000/v1/tax/" + id);\n  return { price, tax };\n};\n`,
    };
    expect(found(scan(files))).toEqual([
      "GET /v1/stock/:id in stock awaits pricing and tax one after another; run independent calls in parallel (Promise.all) or move them off the request path",
      "  7 stock GET /v1/stock/:id is handled here",
      "  8 runs the function at services/stock/src/view.js:2",
      "  3 awaits pricing: GET http://pricing:3000/v1/pricing/{id}",
      "  4 awaits tax: GET http://tax:3000/v1/tax/{id}",
    ]);
  });
});
