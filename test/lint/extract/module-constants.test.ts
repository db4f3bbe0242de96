import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/** What a module offers other modules (extract/module-bindings.ts, variables.ts): exported enums, module-level results. */
describe("[U] module-level enums and results", () => {
  it("an exported enum's members are constants other modules can read; an enum kept in the module is not exported", () => {
    const f = facts(`export enum Queues {\n  Mail = "mail",\n  Sms = "sms",\n}\nenum Topics {\n  Created = "order.created",\n}\nexport const topic = Topics.Created;\n`, "src/names.ts");
    expect(Object.keys(f.constants).filter((k) => k.includes("."))).toEqual(["Queues.Mail", "Queues.Sms"]);
    expect(f.exports).toEqual({ Queues: "const:Queues", topic: "const:topic" });
  });

  it("what a function of the project makes at the top of the module is recorded for importers; inside a function it is not", () => {
    const f = facts(`import { loadClient } from "./grpc";\nexport const users = loadClient({ serviceName: "UserService", address: "users:50051" });\nexport function local() {\n  const orders = loadClient({ serviceName: "OrderService", address: "orders:50051" });\n  return orders;\n}\n`, "src/clients.ts");
    expect((f.moduleResults ?? []).map((r) => `${r.name} = ${r.callee}() @${r.location.line}`)).toEqual(["users = loadClient() @2"]);
  });

  it("module.exports = Object.assign({}, { db, server }): the one literal merged into a fresh object, as if exported alone", () => {
    const merged = facts(`const db = { host: process.env.DB_HOST || "localhost", name: "shop" };\nconst server = { port: 3001 };\nmodule.exports = Object.assign({}, { db, server });\n`, "config/config.js");
    expect(Object.keys(merged.constants).filter((k) => k.startsWith("default."))).toEqual(["default.db.host", "default.db.name", "default.server.port"]);
    // Two literals merged, or one merged into an object that is not fresh, stay unread.
    const two = facts(`const db = { host: "a" };\nmodule.exports = Object.assign({}, { db }, { extra: 1 });\n`, "config/two.js");
    expect(Object.keys(two.constants).filter((k) => k.startsWith("default."))).toEqual([]);
  });
});

