import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/** What a function's calls say about the functions they reach (extract/call-facts.ts): the model's call graph reads these. */
const callees = (code: string) =>
  facts(code, "src/orders.ts").callees.map((c) => {
    const target = `${c.object ? `${c.object}.` : ""}${c.name}`;
    const extras = [
      c.after ? `after L${c.after.line}` : "",
      c.fnArgs ? `fnArgs ${c.fnArgs.map((a) => `${a.index}:${a.ref.object ? `${a.ref.object}.` : ""}${a.ref.name}`).join(",")}` : "",
      c.urlArgs ? `urlArgs ${c.urlArgs.map((a) => `${a.index}:${a.url.parts.map((p) => (p.kind === "text" ? p.text : p.kind === "env" ? `\${${p.name}}` : "?")).join("")}`).join(",")}` : "",
    ].filter(Boolean);
    return `${c.from} → ${target} L${c.location.line}${extras.length ? ` (${extras.join("; ")})` : ""}`;
  });

describe("[U] callee facts", () => {
  it("a function handed over bound (x.method.bind(x)) names that method, for a helper that wraps its parameter", () => {
    const code = [
      `import { guarded } from "./breaker";`,
      `export class Payments {`,
      `  async charge(order) {`,
      `    return guarded(this.send.bind(this))(order);`,
      `  }`,
      `  async send(order) {}`,
      `}`,
    ].join("\n");
    expect(callees(code)).toContain("fn:Payments.charge → guarded L4 (fnArgs 0:fn:Payments.send)");
  });

  it("a URL passed to a function of the project is kept with its position, for a helper that requests with its parameter", () => {
    const code = [
      `import { getJson } from "./http";`,
      `export async function loadUser(id) {`,
      "  return getJson(`${process.env.USERS_URL}/v1/users/${id}`, { retries: 2 });",
      `}`,
    ].join("\n");
    expect(callees(code)).toEqual(["fn:loadUser → getJson L3 (urlArgs 0:${USERS_URL}/v1/users/?)"]);
  });

  it("a handler given to this.router's verb is the route's, not a callback of the method that registers it; one given to another member's method runs after it", () => {
    const code = [
      `import { listOrders, loadOrders } from "./handlers";`,
      `export class OrdersRoutes {`,
      `  register() {`,
      `    this.router.get("/v1/orders", listOrders);`,
      `    this.cache.wrap("orders", loadOrders);`,
      `  }`,
      `}`,
    ].join("\n");
    expect(callees(code).filter((c) => / → (list|load)Orders /.test(c))).toEqual(["fn:OrdersRoutes.register → loadOrders L5 (after L5)"]);
  });
});

describe("[U] what module-level calls pass and functions return (model/value-flow.ts reads these)", () => {
  it("a module-level call passing an options object is kept with what it passes; one passing a label is kept without it", () => {
    const f = facts(`import { createGateway } from "./gateway";\nexport const app = createGateway({ ordersUrl: "http://orders:3000" });\nexport const other = createGateway("orders");\n`, "src/server.ts");
    expect(f.callees.map((c) => `${c.from ?? "module"} → ${c.name} L${c.location.line} ${c.flowArgs?.map((a) => a?.kind ?? "-").join(",") ?? "nothing followed"}`)).toEqual([
      "module → createGateway L2 object",
      "module → createGateway L3 nothing followed",
    ]);
  });

  it("a module-level call of an imported module's function or down a builder's chain is kept, with the URL it passes", () => {
    const f = facts(`const storage = require("@depot/storage");\nconst { Kit } = require("@depot/kit");\nstorage.open("mongodb://store/stock");\nnew Kit().named("x").withMongo("mongodb://store/kit").start();\nlocal.run();\n`, "src/main.js");
    expect(f.callees.map((c) => `${c.object}.${c.name} L${c.location.line} ${c.flowArgs?.map((a) => a?.kind ?? "-").join(",") ?? "nothing followed"}`)).toEqual([
      "storage.open L3 value",
      "Kit.start L4 nothing followed",
      "Kit.withMongo L4 value",
      "Kit.named L4 nothing followed",
    ]);
  });

  it("a module-level call passing an HTTP client is kept too: the callee may request through it", () => {
    const f = facts(`import axios from "axios";\nimport { createGateway } from "./gateway";\nexport const app = createGateway(axios);\n`, "src/server.ts");
    expect(f.callees.map((c) => `${c.from ?? "module"} → ${c.name} L${c.location.line} ${c.flowArgs?.map((a) => a?.kind ?? "-").join(",")}`)).toEqual(["module → createGateway L3 http"]);
  });

  it("a function returning an object bound to a local returns that object to its callers", () => {
    const f = facts(`import axios from "axios";\nexport function makeDeps(options) {\n  const deps = { requestFn: options.requestFn ?? axios, base: "http://orders:3000" };\n  return deps;\n}\n`, "src/deps.ts");
    expect(Object.entries(f.flowReturns ?? {}).map(([fn, arg]) => `${fn} ${arg.kind}`)).toEqual(["fn:makeDeps object"]);
  });
});
