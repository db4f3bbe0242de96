import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";
import type { LintResult } from "../../../src/lint/types.js";

/**
 * What a reader of sync-call-chain's findings sees, exactly: each message with its numbers, the data, the severity and
 * every hop of the evidence with its file and line, for chains (where one ends, how long it may get), cycles (which
 * hops, where it starts) and sequential awaits. Each service's routes start on line 3, each handler's call on the next.
 */

/** An express service `name` whose routes are `path → handler body`, each on lines of its own. */
const svc = (name: string, routes: Record<string, string>): Tree =>
  service(`services/${name}`, ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\n${Object.entries(routes).map(([path, body]) => `app.get("${path}", async (req, res) => {\n${body}\n  res.json({});\n});\n`).join("")}app.listen(3000);\n`,
  });
const call = (service: string, path: string) => `  await fetch("http://${service}:3000${path}");`;

const scan = (files: Tree, options?: Record<string, unknown>): LintResult =>
  lintTree(files, { only: "sync-call-chain", ...(options ? { rules: { "sync-call-chain": { options } } } : {}) });

/** Each finding as `file:line severity messageId: message {data}`, then its evidence as `  file:line message`. */
function found(result: LintResult): string[] {
  return result.findings
    .filter((f) => f.ruleId === "sync-call-chain")
    .flatMap((f) => [`${f.location.file}:${f.location.line} ${f.severity} ${f.messageId}: ${f.message} ${JSON.stringify(f.data)}`, ...f.evidence.map((hop) => `  ${hop.location.file}:${hop.location.line} ${hop.message}`)]);
}

/** The evidence of a hop from `from`'s route (handled at `line`) to `to` at `path`. */
const handled = (service: string, path: string, line = 3) => `  services/${service}/src/server.ts:${line} ${service} GET ${path} is handled here`;
const calls = (from: string, to: string, path: string, line = 4) => `  services/${from}/src/server.ts:${line} calls ${to} synchronously: GET http://${to}:3000${path}`;
/** A straight chain through services `names`, each answering GET /v1/<name> and calling the next. */
const straight = (names: string[]): Tree => Object.assign({}, ...names.map((name, i) => svc(name, { [`/v1/${name}`]: i < names.length - 1 ? call(names[i + 1]!, `/v1/${names[i + 1]}`) : "" })));
const chainEvidence = (names: string[]) => names.flatMap((name, i) => [handled(name, `/v1/${name}`), ...(i < names.length - 1 ? [calls(name, names[i + 1]!, `/v1/${names[i + 1]}`)] : [])]);

describe("sync-call-chain: chains", () => {
  const abcd = straight(["a", "b", "c", "d"]);
  const chainOfFour = (maxDepth: number) => [
    `services/a/src/server.ts:4 warn chain: GET /v1/a in a waits on a chain of 3 synchronous calls (more than ${maxDepth}): a GET /v1/a → b GET /v1/b → c GET /v1/c → d GET /v1/d {"services":"a,b,c,d","depth":3,"maxDepth":${maxDepth}}`,
    ...chainEvidence(["a", "b", "c", "d"]),
  ];

  it("a → b → c → d is one finding, from the route the request enters by: none from b, whose own chain is inside it", () => {
    expect(found(scan(abcd))).toEqual(chainOfFour(1));
  });

  it("maxDepth 2 still reports three calls; maxDepth 3 allows them", () => {
    expect(found(scan(abcd, { maxDepth: 2 }))).toEqual(chainOfFour(2));
    expect(found(scan(abcd, { maxDepth: 3 }))).toEqual([]);
  });

  it("a handler down the chain that calls the last service twice (reads, then updates) is one chain, not one per route it reaches", () => {
    const files = {
      ...svc("a", { "/v1/a": call("b", "/v1/b") }),
      ...svc("b", { "/v1/b": `${call("c", "/v1/c/read")}\n${call("c", "/v1/c/write")}` }),
      ...svc("c", { "/v1/c/read": "", "/v1/c/write": "" }),
    };
    const chains = scan(files).findings.filter((f) => f.ruleId === "sync-call-chain" && f.messageId === "chain");
    expect(chains.map((f) => `${f.location.file}:${f.location.line} ${f.data?.services}`)).toEqual(["services/a/src/server.ts:4 a,b,c"]);
  });

  it("a chain ends at a call to a route the other service does not serve: said by its URL, with no handler", () => {
    const files = { ...svc("a", { "/v1/a": call("b", "/v1/b") }), ...svc("b", { "/v1/b": call("c", "/v1/missing") }), ...svc("c", { "/v1/c": "" }) };
    expect(found(scan(files))).toEqual([
      `services/a/src/server.ts:4 warn chain: GET /v1/a in a waits on a chain of 2 synchronous calls (more than 1): a GET /v1/a → b GET /v1/b → c GET http://c:3000/v1/missing {"services":"a,b,c","depth":2,"maxDepth":1}`,
      handled("a", "/v1/a"),
      calls("a", "b", "/v1/b"),
      handled("b", "/v1/b"),
      calls("b", "c", "/v1/missing"),
    ]);
  });

  it("a chain that ends at a route the last service does not serve is reported from the entry route only, and only past maxDepth", () => {
    const missingAtD = { ...svc("a", { "/v1/a": call("b", "/v1/b") }), ...svc("b", { "/v1/b": call("c", "/v1/c") }), ...svc("c", { "/v1/c": call("d", "/v1/missing") }), ...svc("d", { "/v1/d": "" }) };
    expect(found(scan(missingAtD))).toEqual([
      `services/a/src/server.ts:4 warn chain: GET /v1/a in a waits on a chain of 3 synchronous calls (more than 1): a GET /v1/a → b GET /v1/b → c GET /v1/c → d GET http://d:3000/v1/missing {"services":"a,b,c,d","depth":3,"maxDepth":1}`,
      ...chainEvidence(["a", "b", "c"]),
      calls("c", "d", "/v1/missing"),
    ]);
    const oneHop = scan({ ...svc("a", { "/v1/a": call("b", "/v1/missing") }), ...svc("b", { "/v1/b": "" }) });
    expect(oneHop.model.calls.map((c) => `${c.service} → ${c.targetService} ${c.targetRoute ?? "no route"}`)).toEqual(["a → b no route"]);
    expect(found(oneHop)).toEqual([]);
  });

  it("two entry routes through one chain are two findings", () => {
    const files = { ...svc("a", { "/v1/a": call("b", "/v1/b") }), ...svc("x", { "/v1/x": call("b", "/v1/b") }), ...svc("b", { "/v1/b": call("c", "/v1/c") }), ...svc("c", { "/v1/c": "" }) };
    const result = scan(files);
    expect(result.findings.map((f) => f.message)).toEqual([
      "GET /v1/a in a waits on a chain of 2 synchronous calls (more than 1): a GET /v1/a → b GET /v1/b → c GET /v1/c",
      "GET /v1/x in x waits on a chain of 2 synchronous calls (more than 1): x GET /v1/x → b GET /v1/b → c GET /v1/c",
    ]);
  });

  it("two cycles through one service are two findings", () => {
    const files = { ...svc("a", { "/v1/a": call("b", "/v1/b"), "/v1/a2": call("c", "/v1/c") }), ...svc("b", { "/v1/b": call("a", "/v1/a") }), ...svc("c", { "/v1/c": call("a", "/v1/a2") }) };
    expect(scan(files).findings.map((f) => f.message)).toEqual([
      "synchronous call cycle: a → b → a (a GET /v1/a → b GET /v1/b → a GET /v1/a)",
      "synchronous call cycle: a → c → a (a GET /v1/a2 → c GET /v1/c → a GET /v1/a2)",
    ]);
  });

  it("b calls two routes c does not serve: one chain, ending at the first URL", () => {
    const files = { ...svc("a", { "/v1/a": call("b", "/v1/b") }), ...svc("b", { "/v1/b": `${call("c", "/v1/one")}\n${call("c", "/v1/two")}` }), ...svc("c", { "/v1/c": "" }) };
    expect(scan(files).findings.map((f) => f.message)).toEqual([
      "GET /v1/a in a waits on a chain of 2 synchronous calls (more than 1): a GET /v1/a → b GET /v1/b → c GET http://c:3000/v1/one",
    ]);
  });

  it("a handler without a name past line 9 is said by the line it starts on", () => {
    const b = [
      `const express = require("express");`,
      ...Array.from({ length: 9 }, (_, i) => `// ${i + 2}`),
      `const app = express();`, // 11
      `const wrap = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);`, // 12
      `const getB = wrap(async (req, res) => {`, // 13
      `  await fetch("http://c:3000/v1/c");`, // 14
      `  res.json({});`,
      `});`,
      `app.get("/v1/b", getB);`, // 17
      ``,
    ].join("\n");
    const files = { ...svc("a", { "/v1/a": call("b", "/v1/b") }), ...service("services/b", ["express"], { "src/server.js": b }), ...svc("c", { "/v1/c": "" }) };
    expect(found(scan(files)).slice(1)).toEqual([
      handled("a", "/v1/a"),
      calls("a", "b", "/v1/b"),
      "  services/b/src/server.js:17 b GET /v1/b is handled here",
      "  services/b/src/server.js:13 runs the function at line 13",
      "  services/b/src/server.js:14 calls c synchronously: GET http://c:3000/v1/c",
      handled("c", "/v1/c"),
    ]);
  });

  it("a chain through ten services is followed for eight hops", () => {
    const names = ["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"];
    const shown = names.slice(0, 9);
    expect(found(scan(straight(names)))).toEqual([
      `services/s0/src/server.ts:4 warn chain: GET /v1/s0 in s0 waits on a chain of 8 synchronous calls (more than 1): ${shown.map((name) => `${name} GET /v1/${name}`).join(" → ")} {"services":"${shown.join(",")}","depth":8,"maxDepth":1}`,
      ...chainEvidence(shown),
    ]);
  });
});

describe("sync-call-chain: cycles", () => {
  it("a → b → c → b: the cycle is b → c → b, an error, and the request's way into it is no chain of its own", () => {
    const files = { ...svc("a", { "/v1/a": call("b", "/v1/b") }), ...svc("b", { "/v1/b": call("c", "/v1/c") }), ...svc("c", { "/v1/c": call("b", "/v1/b") }) };
    expect(found(scan(files))).toEqual([
      `services/b/src/server.ts:4 error cycle: synchronous call cycle: b → c → b (b GET /v1/b → c GET /v1/c → b GET /v1/b) {"services":"b,c,b"}`,
      handled("b", "/v1/b"),
      calls("b", "c", "/v1/c"),
      handled("c", "/v1/c"),
      calls("c", "b", "/v1/b"),
      handled("b", "/v1/b"),
    ]);
  });

  it("a cycle entered at c (x → c → d → b → c) is said from the route of the smallest id, once", () => {
    const files = { ...svc("x", { "/v1/x": call("c", "/v1/c") }), ...svc("b", { "/v1/b": call("c", "/v1/c") }), ...svc("c", { "/v1/c": call("d", "/v1/d") }), ...svc("d", { "/v1/d": call("b", "/v1/b") }) };
    expect(found(scan(files))).toEqual([
      `services/b/src/server.ts:4 error cycle: synchronous call cycle: b → c → d → b (b GET /v1/b → c GET /v1/c → d GET /v1/d → b GET /v1/b) {"services":"b,c,d,b"}`,
      ...chainEvidence(["b", "c", "d"]),
      calls("d", "b", "/v1/b"),
      handled("b", "/v1/b"),
    ]);
  });

  it("a cycle back to another route of the first service ends at that route (a → b → a's GET /v1/a2)", () => {
    const files = { ...svc("a", { "/v1/a": call("b", "/v1/b"), "/v1/a2": "" }), ...svc("b", { "/v1/b": call("a", "/v1/a2") }) };
    expect(found(scan(files))).toEqual([
      `services/a/src/server.ts:4 error cycle: synchronous call cycle: a → b → a (a GET /v1/a → b GET /v1/b → a GET /v1/a2) {"services":"a,b,a"}`,
      handled("a", "/v1/a"),
      calls("a", "b", "/v1/b"),
      handled("b", "/v1/b"),
      calls("b", "a", "/v1/a2"),
      handled("a", "/v1/a2", 7),
    ]);
  });
});

describe("sync-call-chain: sequential awaits", () => {
  it("b, then c and d together, then b again: three steps in order, the group located at its Promise.all", () => {
    const files = {
      ...svc("a", { "/v1/a": [call("b", "/v1/b"), `  await Promise.all([fetch("http://c:3000/v1/c"), fetch("http://d:3000/v1/d")]);`, call("b", "/v1/b2")].join("\n") }),
      ...svc("b", { "/v1/b": "", "/v1/b2": "" }),
      ...svc("c", { "/v1/c": "" }),
      ...svc("d", { "/v1/d": "" }),
    };
    const result = scan(files);
    expect(found(result)).toEqual([
      `services/a/src/server.ts:3 warn sequential: GET /v1/a in a awaits b and c and d one after another; run independent calls in parallel (Promise.all) or move them off the request path {"service":"a","route":"GET /v1/a","targets":"b,c,d"}`,
      handled("a", "/v1/a"),
      "  services/a/src/server.ts:4 awaits b: GET http://b:3000/v1/b",
      "  services/a/src/server.ts:5 awaits c, d together (in parallel: c: GET http://c:3000/v1/c; d: GET http://d:3000/v1/d)",
      "  services/a/src/server.ts:6 awaits b: GET http://b:3000/v1/b2",
    ]);
    expect(result.findings[0]!.evidence[2]!.location).toMatchObject({ line: 5, column: 9 });
  });
});

describe("sync-call-chain: what counts as a step of a sequence", () => {
  const leaf = (name: string, path: string): Tree => service(`services/${name}`, ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("${path}", (req, res) => res.json({}));\napp.listen(3000);\n` });
  const leaves: Tree = { ...leaf("b", "/v1/b"), ...leaf("c", "/v1/c"), ...leaf("d", "/v1/d") };
  /** Service a: src/server.js is `lines`; loadB() (lines 3-5) calls b. */
  const a = (lines: string[], deps: string[] = [], extra: Record<string, string> = {}): Tree =>
    service("services/a", ["express", ...deps], {
      "src/server.js": [`const express = require("express");`, `const app = express();`, `async function loadB() {`, `  return fetch("http://b:3000/v1/b");`, `}`, ...lines, ``].join("\n"),
      ...extra,
    });
  const route = (body: string[]) => [`app.get("/v1/a", async (req, res) => {`, ...body, `  res.json({});`, `});`];
  const SEQUENTIAL = (targets: string[], line = 6) =>
    `services/a/src/server.js:${line} warn sequential: GET /v1/a in a awaits ${targets.join(" and ")} one after another; run independent calls in parallel (Promise.all) or move them off the request path {"service":"a","route":"GET /v1/a","targets":"${targets.join(",")}"}`;
  const calledFrom = (result: LintResult) => result.model.calls.filter((c) => c.service === "a").map((c) => `${c.location.line} ${c.targetService}`).sort();

  it("an awaited helper that calls b is a step, said by its name", () => {
    expect(found(scan({ ...leaves, ...a(route([`  await loadB();`, `  await fetch("http://c:3000/v1/c");`])) }))).toEqual([
      SEQUENTIAL(["b", "c"]),
      "  services/a/src/server.js:6 a GET /v1/a is handled here",
      "  services/a/src/server.js:7 awaits loadB(), which calls b",
      "  services/a/src/server.js:8 awaits c: GET http://c:3000/v1/c",
    ]);
  });

  it("a helper or a call not awaited is no step: one awaited call is no sequence", () => {
    const helper = scan({ ...leaves, ...a(route([`  loadB();`, `  await fetch("http://c:3000/v1/c");`])) });
    const call = scan({ ...leaves, ...a(route([`  fetch("http://b:3000/v1/b");`, `  await fetch("http://c:3000/v1/c");`])) });
    expect(calledFrom(helper)).toEqual(["4 b", "8 c"]);
    expect(calledFrom(call)).toEqual(["4 b", "7 b", "8 c"]);
    expect([...found(helper), ...found(call)]).toEqual([]);
  });

  it("two groups one after the other; a helper in a group said by its name; the service's call to itself left out of its group", () => {
    const result = scan({ ...leaves, ...a(route([`  await Promise.all([fetch("http://d:3000/v1/d"), loadB()]);`, `  await Promise.all([fetch("http://c:3000/v1/c"), fetch("http://a:3000/v1/a")]);`])) });
    expect(found(result)).toEqual([
      SEQUENTIAL(["d", "b", "c"]),
      "  services/a/src/server.js:6 a GET /v1/a is handled here",
      "  services/a/src/server.js:7 awaits d, b together (in parallel: d: GET http://d:3000/v1/d; loadB(), which calls b)",
      "  services/a/src/server.js:8 awaits c: GET http://c:3000/v1/c",
    ]);
  });

  it("a group's parts in the order they are written, on one line or several; two steps on one line in the order written", () => {
    const oneLine = scan({ ...leaves, ...a(route([`  await Promise.all([loadB(), fetch("http://d:3000/v1/d")]);`, `  await fetch("http://c:3000/v1/c");`])) });
    expect(found(oneLine)).toEqual([
      SEQUENTIAL(["b", "d", "c"]),
      "  services/a/src/server.js:6 a GET /v1/a is handled here",
      "  services/a/src/server.js:7 awaits b, d together (in parallel: loadB(), which calls b; d: GET http://d:3000/v1/d)",
      "  services/a/src/server.js:8 awaits c: GET http://c:3000/v1/c",
    ]);
    const lines = scan({ ...leaves, ...a(route([`  await Promise.all([`, `    loadB(),`, `    fetch("http://d:3000/v1/d"),`, `  ]);`, `  await fetch("http://c:3000/v1/c");`])) });
    expect(found(lines)).toEqual([
      SEQUENTIAL(["b", "d", "c"]),
      "  services/a/src/server.js:6 a GET /v1/a is handled here",
      "  services/a/src/server.js:7 awaits b, d together (in parallel: loadB(), which calls b; d: GET http://d:3000/v1/d)",
      "  services/a/src/server.js:11 awaits c: GET http://c:3000/v1/c",
    ]);
    const sameLine = scan({ ...leaves, ...a(route([`  await loadB(); await fetch("http://c:3000/v1/c");`])) });
    expect(found(sameLine)).toEqual([
      SEQUENTIAL(["b", "c"]),
      "  services/a/src/server.js:6 a GET /v1/a is handled here",
      "  services/a/src/server.js:7 awaits loadB(), which calls b",
      "  services/a/src/server.js:7 awaits c: GET http://c:3000/v1/c",
    ]);
  });

  it("an awaited helper that only calls the service itself, or only opens a gRPC stream, is no step", () => {
    const self = scan({ ...leaves, ...a([`async function ping() {`, `  return fetch("http://a:3000/v1/a");`, `}`, ...route([`  await ping();`, `  await fetch("http://c:3000/v1/c");`])]) });
    expect(calledFrom(self)).toEqual(["11 c", "4 b", "7 a"]);
    expect(found(self)).toEqual([]);
    const proto = `syntax = "proto3";\npackage shop;\nservice FeedService {\n  rpc Watch(Req) returns (stream Res);\n}\nmessage Req {}\nmessage Res {}\n`;
    const load = `const grpc = require("@grpc/grpc-js");\nconst protoLoader = require("@grpc/proto-loader");\nconst shop = grpc.loadPackageDefinition(protoLoader.loadSync(__dirname + "/shop.proto")).shop;\n`;
    const stream = scan({
      ...leaves,
      ...service("services/a", ["express", "@grpc/grpc-js", "@grpc/proto-loader"], {
        "src/shop.proto": proto,
        "src/server.js": `${load}const express = require("express");\nconst feed = new shop.FeedService("feed:50051", grpc.credentials.createInsecure());\nconst app = express();\nasync function watch() {\n  return feed.watch({});\n}\napp.get("/v1/a", async (req, res) => {\n  await watch();\n  await fetch("http://c:3000/v1/c");\n  res.json({});\n});\n`,
      }),
      ...service("services/feed", ["@grpc/grpc-js", "@grpc/proto-loader"], {
        "src/shop.proto": proto,
        "src/server.js": `${load}const server = new grpc.Server();\nserver.addService(shop.FeedService.service, { watch: (call) => call.end() });\nserver.bindAsync("0.0.0.0:50051", grpc.ServerCredentials.createInsecure(), () => {});\n`,
      }),
    });
    expect(stream.model.calls.filter((c) => c.service === "a").map((c) => `${c.location.line} ${c.targetService} ${c.grpc?.streaming ? "streaming" : "unary"}`)).toEqual(["12 c unary", "8 feed streaming"]);
    expect(found(stream)).toEqual([]);
  });

  it("an awaited helper that calls no service is no step: it does not make a lone group a sequence", () => {
    const result = scan({ ...leaves, ...a([`function log() {`, `  console.log("a");`, `}`, ...route([`  await log();`, `  await Promise.all([fetch("http://b:3000/v1/b"), fetch("http://c:3000/v1/c")]);`])]) });
    expect(calledFrom(result)).toEqual(["11 b", "11 c", "4 b"]);
    expect(found(result)).toEqual([]);
  });

  it("a helper that calls two services is said with both, alone or in a group; a group past line 9 and column 9 is located there", () => {
    const result = scan({
      ...leaves,
      ...a([`function loadBC() {`, `  return Promise.all([fetch("http://b:3000/v1/b"), fetch("http://c:3000/v1/c")]);`, `}`, `app.get("/v1/a", async (req, res) => {`, `  await loadBC();`, `  const [d] = await Promise.all([fetch("http://d:3000/v1/d"), loadBC()]);`, `  res.json(d);`, `});`]),
    });
    expect(found(result)).toEqual([
      SEQUENTIAL(["b", "c", "d"], 9),
      "  services/a/src/server.js:9 a GET /v1/a is handled here",
      "  services/a/src/server.js:10 awaits loadBC(), which calls b, c",
      "  services/a/src/server.js:11 awaits d, b, c together (in parallel: d: GET http://d:3000/v1/d; loadBC(), which calls b, c)",
    ]);
    expect(result.findings[0]!.evidence[2]!.location).toMatchObject({ line: 11, column: 21 });
  });

  it("two routes awaiting services one after another are two findings, each with the fingerprint a baseline holds", () => {
    const result = scan({
      ...leaves,
      ...a([
        `async function retry(n) {`,
        `  await fetch("http://d:3000/v1/d");`,
        `  return n > 0 ? retry(n - 1) : null;`,
        `}`,
        `app.get("/v1/a", async (req, res) => {`,
        `  await fetch("http://b:3000/v1/b");`,
        `  await fetch("http://c:3000/v1/c");`,
        `  res.json({});`,
        `});`,
        `app.get("/v1/a2", async (req, res) => {`,
        `  await fetch("http://c:3000/v1/c");`,
        `  await loadB();`,
        `  res.json({});`,
        `});`,
        `app.get("/v1/a3", async (req, res) => {`,
        `  await retry(3);`,
        `  res.json({});`,
        `});`,
      ]),
    });
    expect(result.findings.map((f) => `${f.data.route} ${f.data.targets} ${f.fingerprint}`)).toEqual(["GET /v1/a b,c 6f77e88146a3273e", "GET /v1/a2 c,b 6817c4a54c3c4d65"]);
  });

  it("the sequence is in a function the handler's helper calls: each call on the way is a hop of the evidence", () => {
    const result = scan({
      ...leaves,
      ...a([`const { view } = require("./view");`, ...route([`  res.locals.view = await view();`])], [], {
        "src/view.js": `async function inner() {\n  await fetch("http://b:3000/v1/b");\n  await fetch("http://c:3000/v1/c");\n}\nasync function view() {\n  return inner();\n}\nmodule.exports = { view };\n`,
      }),
    });
    expect(found(result)).toEqual([
      SEQUENTIAL(["b", "c"], 7),
      "  services/a/src/server.js:7 a GET /v1/a is handled here",
      "  services/a/src/server.js:8 calls view()",
      "  services/a/src/view.js:6 calls inner()",
      "  services/a/src/view.js:2 awaits b: GET http://b:3000/v1/b",
      "  services/a/src/view.js:3 awaits c: GET http://c:3000/v1/c",
    ]);
  });

  it("callbacks: a call made in the callback of the previous one follows it, said where it is made", () => {
    const nested = scan({
      ...leaves,
      ...service("services/a", ["express", "request"], {
        "src/server.js": [`const express = require("express");`, `const request = require("request");`, `const app = express();`, `app.get("/v1/a", (req, res) => {`, `  request("http://b:3000/v1/b", () => {`, `    request("http://c:3000/v1/c", () => res.json({}));`, `  });`, `});`, ``].join("\n"),
      }),
    });
    expect(found(nested)).toEqual([
      SEQUENTIAL(["b", "c"], 4),
      "  services/a/src/server.js:4 a GET /v1/a is handled here",
      "  services/a/src/server.js:5 calls b: GET http://b:3000/v1/b",
      "  services/a/src/server.js:6 then calls c in the callback at line 5: GET http://c:3000/v1/c",
    ]);
    const promises = scan({ ...leaves, ...a([`app.get("/v1/a", (req, res) => {`, `  fetch("http://b:3000/v1/b")`, `    .then(() => fetch("http://c:3000/v1/c"))`, `    .then(() => res.json({}));`, `});`]) });
    expect(found(promises)).toEqual([
      SEQUENTIAL(["b", "c"]),
      "  services/a/src/server.js:6 a GET /v1/a is handled here",
      "  services/a/src/server.js:7 calls b: GET http://b:3000/v1/b",
      "  services/a/src/server.js:8 then calls c in the callback at line 8: GET http://c:3000/v1/c",
    ]);
  });
});

describe("sync-call-chain: of two routes with one id, the chain goes on through the one that calls on", () => {
  const onward = "(await fetch(`${process.env.PRICING_URL}/v1/ping`)).ok";
  /** A call that reaches no other service: one whose URL resolves to no service, and one to catalog itself. */
  const unresolved = "(await fetch(`${process.env.STATUS_URL}/v1/status`)).ok";
  const itself = '(await fetch("http://catalog:3000/ready")).ok';
  /** catalog serves GET /health twice: its own (src/server.ts line 3) and the one @shop/kit registers (line 4), each answering `ok` with the expression given. */
  const healthOf = (kit: string, own: string): Tree => {
    return {
      "package.json": { name: "shop", private: true, workspaces: ["packages/*", "services/*"] },
      "packages/kit/package.json": { name: "@shop/kit", main: "src/index.ts", types: "src/index.ts", dependencies: { fastify: "*" } },
      "packages/kit/src/index.ts": `import Fastify from "fastify";\nexport function createServer() {\n  const app = Fastify();\n  app.get("/health", async () => ({ ok: ${kit} }));\n  return app;\n}\n`,
      ...service("services/catalog", ["fastify", "@shop/kit"], {
        "src/server.ts": `import { createServer } from "@shop/kit";\nconst app = createServer();\napp.get("/health", async () => ({ ok: ${own} }));\napp.listen({ port: 3000 });\n`,
      }),
      ...service("services/edge", ["express"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/status", async (req, res) => {\n  const catalog = await fetch(\`\${process.env.CATALOG_URL}/health\`);\n  res.json({ ok: catalog.ok });\n});\napp.listen(8080);\n`,
      }),
      ...service("services/pricing", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/ping", (req, res) => res.json({}));\napp.listen(3001);\n` }),
      "docker-compose.yml": "services:\n  edge:\n    build: ./services/edge\n    environment:\n      CATALOG_URL: http://catalog:3000\n  catalog:\n    build: ./services/catalog\n    environment:\n      PRICING_URL: http://pricing:3001\n  pricing:\n    build: ./services/pricing\n",
    };
  };
  const chain = (handledAt: string, callAt: string) => [
    `services/edge/src/server.ts:4 warn chain: GET /v1/status in edge waits on a chain of 2 synchronous calls (more than 1): edge GET /v1/status → catalog GET /health → pricing GET /v1/ping {"services":"edge,catalog,pricing","depth":2,"maxDepth":1}`,
    "  services/edge/src/server.ts:3 edge GET /v1/status is handled here",
    "  services/edge/src/server.ts:4 calls catalog synchronously: GET http://catalog:3000/health",
    `  ${handledAt} catalog GET /health is handled here`,
    `  ${callAt} calls pricing synchronously: GET http://pricing:3001/v1/ping`,
    "  services/pricing/src/server.ts:3 pricing GET /v1/ping is handled here",
  ];

  it("the service's own route calls on", () => {
    const result = scan(healthOf("true", onward));
    expect(result.model.routes.filter((r) => r.id.includes("/health")).map((r) => `${r.location.file}:${r.location.line}`)).toEqual(["packages/kit/src/index.ts:4", "services/catalog/src/server.ts:3"]);
    expect(found(result)).toEqual(chain("services/catalog/src/server.ts:3", "services/catalog/src/server.ts:3"));
  });

  it("the shared package's route calls on", () => {
    expect(found(scan(healthOf(onward, "true")))).toEqual(chain("packages/kit/src/index.ts:4", "packages/kit/src/index.ts:4"));
  });

  it("a call of the shared route that reaches no service, or the service itself, is no calling on", () => {
    expect(found(scan(healthOf(unresolved, onward)))).toEqual(chain("services/catalog/src/server.ts:3", "services/catalog/src/server.ts:3"));
    expect(found(scan(healthOf(itself, onward)))).toEqual(chain("services/catalog/src/server.ts:3", "services/catalog/src/server.ts:3"));
  });

  it("both call on: the first the model lists stands for the id", () => {
    expect(found(scan(healthOf(onward, onward)))).toEqual(chain("packages/kit/src/index.ts:4", "packages/kit/src/index.ts:4"));
  });
});

describe("sync-call-chain: steps that follow one another through callbacks", () => {
  const leaf = (name: string): Tree => service(`services/${name}`, ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/${name}", (req, res) => res.json({}));\napp.listen(3000);\n` });
  const leaves: Tree = { ...leaf("b"), ...leaf("c"), ...leaf("d") };
  /** Service a (request and fetch): src/server.js is three lines of set-up, then `lines`. */
  const a = (lines: string[]): Tree =>
    service("services/a", ["express", "request"], { "src/server.js": [`const express = require("express");`, `const request = require("request");`, `const app = express();`, ...lines, ``].join("\n") });
  const SEQUENTIAL = (targets: string[], line: number) =>
    `services/a/src/server.js:${line} warn sequential: GET /v1/a in a awaits ${targets.join(" and ")} one after another; run independent calls in parallel (Promise.all) or move them off the request path {"service":"a","route":"GET /v1/a","targets":"${targets.join(",")}"}`;

  it("a .then that calls no service is no step; the one after it is", () => {
    const result = scan({ ...leaves, ...a([`app.get("/v1/a", (req, res) => {`, `  fetch("http://b:3000/v1/b")`, `    .then((r) => r.json())`, `    .then(() => fetch("http://c:3000/v1/c"))`, `    .then(() => res.json({}));`, `});`]) });
    expect(found(result)).toEqual([
      SEQUENTIAL(["b", "c"], 4),
      "  services/a/src/server.js:4 a GET /v1/a is handled here",
      "  services/a/src/server.js:5 calls b: GET http://b:3000/v1/b",
      "  services/a/src/server.js:7 then calls c in the callback at line 7: GET http://c:3000/v1/c",
    ]);
  });

  it("a callback that reaches a service through a function, or calls more than its own call reaches, is said by its line and what it calls", () => {
    const throughHelper = scan({ ...leaves, ...a([`function onB(err, body, res) {`, `  request("http://c:3000/v1/c", () => res.json({}));`, `}`, `app.get("/v1/a", (req, res) => {`, `  request("http://b:3000/v1/b", (err, body) => onB(err, body, res));`, `});`]) });
    expect(found(throughHelper)).toEqual([
      SEQUENTIAL(["b", "c"], 7),
      "  services/a/src/server.js:7 a GET /v1/a is handled here",
      "  services/a/src/server.js:8 calls b: GET http://b:3000/v1/b",
      "  services/a/src/server.js:8 then runs the callback at line 8, which calls c",
    ]);
    const more = scan({ ...leaves, ...a([`function loadD() {`, `  return fetch("http://d:3000/v1/d");`, `}`, `app.get("/v1/a", (req, res) => {`, `  request("http://b:3000/v1/b", () => {`, `    request("http://c:3000/v1/c");`, `    loadD();`, `  });`, `});`]) });
    expect(found(more)).toEqual([
      SEQUENTIAL(["b", "c", "d"], 7),
      "  services/a/src/server.js:7 a GET /v1/a is handled here",
      "  services/a/src/server.js:8 calls b: GET http://b:3000/v1/b",
      "  services/a/src/server.js:8 then runs the callback at line 8, which calls c, d",
    ]);
  });

  it("a helper's promise then a callback: the helper's step is said by its name, without `then`", () => {
    const result = scan({ ...leaves, ...a([`function loadB() {`, `  return fetch("http://b:3000/v1/b");`, `}`, `app.get("/v1/a", (req, res) => {`, `  loadB().then(() => fetch("http://c:3000/v1/c")).then(() => res.json({}));`, `});`]) });
    expect(found(result)).toEqual([
      SEQUENTIAL(["b", "c"], 7),
      "  services/a/src/server.js:7 a GET /v1/a is handled here",
      "  services/a/src/server.js:8 runs loadB(), which calls b",
      "  services/a/src/server.js:8 then calls c in the callback at line 8: GET http://c:3000/v1/c",
    ]);
  });

  it("a call to the service itself, then one to b: one other service, no sequence", () => {
    const result = scan({ ...leaves, ...a([`app.get("/v1/a", (req, res) => {`, `  fetch("http://a:3000/v1/self")`, `    .then(() => fetch("http://b:3000/v1/b"))`, `    .then(() => res.json({}));`, `});`]) });
    expect(result.model.calls.map((c) => `${c.location.line} ${c.targetService}`)).toEqual(["5 a", "6 b"]);
    expect(found(result)).toEqual([]);
  });

  it("a gRPC stream opened in a callback is no step", () => {
    const proto = `syntax = "proto3";\npackage shop;\nservice FeedService {\n  rpc Watch(Req) returns (stream Res);\n}\nmessage Req {}\nmessage Res {}\n`;
    const load = `const grpc = require("@grpc/grpc-js");\nconst protoLoader = require("@grpc/proto-loader");\nconst shop = grpc.loadPackageDefinition(protoLoader.loadSync(__dirname + "/shop.proto")).shop;\n`;
    const result = scan({
      ...leaves,
      ...service("services/a", ["express", "@grpc/grpc-js", "@grpc/proto-loader"], {
        "src/shop.proto": proto,
        "src/server.js": `${load}const express = require("express");\nconst feed = new shop.FeedService("feed:50051", grpc.credentials.createInsecure());\nconst app = express();\napp.get("/v1/a", (req, res) => {\n  fetch("http://b:3000/v1/b").then(() => feed.watch({}).on("data", (d) => res.write(d)));\n});\n`,
      }),
      ...service("services/feed", ["@grpc/grpc-js", "@grpc/proto-loader"], {
        "src/shop.proto": proto,
        "src/server.js": `${load}const server = new grpc.Server();\nserver.addService(shop.FeedService.service, { watch: (call) => call.end() });\nserver.bindAsync("0.0.0.0:50051", grpc.ServerCredentials.createInsecure(), () => {});\n`,
      }),
    });
    expect(result.model.calls.filter((c) => c.service === "a").map((c) => `${c.location.line} ${c.targetService} ${c.grpc?.streaming ? "streaming" : "unary"}`).sort()).toEqual(["8 b unary", "8 feed streaming"]);
    expect(found(result)).toEqual([]);
  });

  it("a callback that first calls the service itself is said by the call it makes to another service", () => {
    const result = scan({ ...leaves, ...a([`app.get("/v1/a", (req, res) => {`, `  request("http://b:3000/v1/b", () => {`, `    request("http://a:3000/v1/self");`, `    request("http://c:3000/v1/c", () => res.json({}));`, `  });`, `});`]) });
    expect(found(result)).toEqual([
      SEQUENTIAL(["b", "c"], 4),
      "  services/a/src/server.js:4 a GET /v1/a is handled here",
      "  services/a/src/server.js:5 calls b: GET http://b:3000/v1/b",
      "  services/a/src/server.js:7 then calls c in the callback at line 5: GET http://c:3000/v1/c",
    ]);
  });

  it("of two callback sequences the first is said; one that reaches one service only is none", () => {
    const two = scan({ ...leaves, ...a([`app.get("/v1/a", (req, res) => {`, `  request("http://b:3000/v1/b", () => request("http://c:3000/v1/c"));`, `  request("http://d:3000/v1/d", () => request("http://b:3000/v1/b", () => res.json({})));`, `});`]) });
    expect(two.findings.map((f) => f.message)).toEqual(["GET /v1/a in a awaits b and c one after another; run independent calls in parallel (Promise.all) or move them off the request path"]);
    const oneService = scan({ ...leaves, ...a([`app.get("/v1/a", (req, res) => {`, `  request("http://c:3000/v1/c", () => request("http://d:3000/v1/d"));`, `  request("http://b:3000/v1/b", () => request("http://b:3000/v1/b2", () => request("http://b:3000/v1/b3", () => res.json({}))));`, `});`]) });
    expect(oneService.findings.map((f) => f.message)).toEqual(["GET /v1/a in a awaits c and d one after another; run independent calls in parallel (Promise.all) or move them off the request path"]);
    const oneServiceFirst = scan({ ...leaves, ...a([`app.get("/v1/a", (req, res) => {`, `  request("http://b:3000/v1/b", () => request("http://b:3000/v1/b2"));`, `  request("http://c:3000/v1/c", () => request("http://d:3000/v1/d", () => res.json({})));`, `});`]) });
    expect(oneServiceFirst.findings.map((f) => f.message)).toEqual(["GET /v1/a in a awaits c and d one after another; run independent calls in parallel (Promise.all) or move them off the request path"]);
  });

  it("callbacks after awaited steps wait for them: the awaited steps come first in the sequence", () => {
    const message = (targets: string) => `GET /v1/a in a awaits ${targets} one after another; run independent calls in parallel (Promise.all) or move them off the request path`;
    const oneStep = scan({ ...leaves, ...a([`app.get("/v1/a", async (req, res) => {`, `  await Promise.all([fetch("http://b:3000/v1/b"), fetch("http://c:3000/v1/c")]);`, `  request("http://d:3000/v1/d", () => request("http://b:3000/v1/b", () => res.json({})));`, `});`]) });
    expect(oneStep.findings.map((f) => f.message)).toEqual([message("b and c and d")]);
    const oneService = scan({ ...leaves, ...a([`app.get("/v1/a", async (req, res) => {`, `  await fetch("http://c:3000/v1/c");`, `  await fetch("http://c:3000/v1/c2");`, `  request("http://d:3000/v1/d", () => request("http://b:3000/v1/b", () => res.json({})));`, `});`]) });
    expect(oneService.findings.map((f) => f.message)).toEqual([message("c and d and b")]);
  });

  it("a call to b in the callback of a call to b is one service: no sequence", () => {
    const result = scan({ ...leaves, ...a([`app.get("/v1/a", (req, res) => {`, `  request("http://b:3000/v1/b", () => {`, `    request("http://b:3000/v1/b2", () => res.json({}));`, `  });`, `});`]) });
    expect(result.model.calls.map((c) => `${c.location.line} ${c.targetService}`)).toEqual(["5 b", "6 b"]);
    expect(found(result)).toEqual([]);
  });
});

describe("sync-call-chain: fingerprints a baseline holds stay the same from one version to the next", () => {
  it("of a chain, a chain ending at a URL, a closed cycle and an open one", () => {
    const chain = scan(straight(["a", "b", "c"]));
    const toUrl = scan({ ...svc("a", { "/v1/a": call("b", "/v1/b") }), ...svc("b", { "/v1/b": call("c", "/v1/missing") }), ...svc("c", { "/v1/c": "" }) });
    const closed = scan({ ...svc("a", { "/v1/a": call("b", "/v1/b") }), ...svc("b", { "/v1/b": call("a", "/v1/a") }) });
    const open = scan({ ...svc("a", { "/v1/a": call("b", "/v1/b"), "/v1/a2": "" }), ...svc("b", { "/v1/b": call("a", "/v1/a2") }) });
    expect([chain, toUrl, closed, open].map((result) => result.findings.map((f) => `${f.messageId} ${f.fingerprint}`))).toEqual([["chain 45e162ebb54d340a"], ["chain 8ea891b88cf54050"], ["cycle 39071ab8b847fb06"], ["cycle 1edef1d8df5b8bcf"]]);
  });
});
