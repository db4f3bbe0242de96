import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";
import type { FileFacts } from "../../../src/lint/types.js";

/** The callee facts of calls on an object, with what the model reads of their arguments. */
const methodCalls = (f: FileFacts) =>
  f.callees.filter((c) => c.object !== undefined).map((c) => ({ call: `${c.object}.${c.name}`, literalArgs: c.literalArgs, flowArgs: c.flowArgs?.map((a) => a?.kind ?? null) }));

describe("[U] calls on a local object", () => {
  it("are dropped when the file declares no method of that name (rows.map, app.get)", () => {
    const f = facts(`import { pool } from "./db";\nexport function routes(app) {\n  app.get("/v1/orders", async (req, res) => {\n    const { rows } = await pool.query("SELECT id FROM orders");\n    res.json(rows.map((row) => row.id));\n  });\n}\n`);
    expect(methodCalls(f).map((c) => c.call)).toEqual(["pool.query"]);
  });

  it("keep their arguments when the file declares the method, before or after the call", () => {
    const f = facts(`export function h(id) {\n  return orders.list(id, "all");\n}\nconst orders = { list(id, scope) { return fetch("http://orders/v1/orders/" + id); } };\n`);
    expect(methodCalls(f)).toEqual([{ call: "orders.list", literalArgs: [null, "all"], flowArgs: ["ref", "value"] }]);
  });

  it("keep their arguments when the method's name is written only after a dot in the text (an escaped name, a quoted key with a dot)", () => {
    const escaped = facts(`const orders = { \\u006cist(id, scope) { return id; } };\nexport function h(id) {\n  return orders.list(id, "all");\n}\n`);
    expect(methodCalls(escaped)).toEqual([{ call: "orders.list", literalArgs: [null, "all"], flowArgs: ["ref", "value"] }]);
    const dotted = facts(`const api = { "v1.find": async (id) => id };\nexport function h(id) {\n  return api.find(id, "x");\n}\n`);
    expect(methodCalls(dotted)).toEqual([{ call: "api.find", literalArgs: [null, "x"], flowArgs: ["ref", "value"] }]);
  });
});
