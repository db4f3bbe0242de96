import { describe, expect, it } from "vitest";
import { writtenOtherThanAfterDot } from "../../../src/lint/extract/syntax.js";
import { facts } from "../helpers.js";

describe("[U] a name written where a method of that name could be declared", () => {
  it("a declaration, a key or a call on its own counts; the name after a dot does not, whitespace and line breaks between them included", () => {
    expect(writtenOtherThanAfterDot("function list() {}", "list")).toBe(true);
    expect(writtenOtherThanAfterDot("const api = { list: () => [] };", "list")).toBe(true);
    expect(writtenOtherThanAfterDot("orders.list();", "list")).toBe(false);
    expect(writtenOtherThanAfterDot("orders\n  .list();", "list")).toBe(false);
    expect(writtenOtherThanAfterDot("orders.\n    list();", "list")).toBe(false);
    expect(writtenOtherThanAfterDot("orders.\tlist();", "list")).toBe(false);
    expect(writtenOtherThanAfterDot("orders.listAll(); relist();", "list")).toBe(false);
  });
});

describe("[U] fastify plugins wrapped in fastify-plugin", () => {
  it("fp(fn) exported and registered: the function inside is the export and the mounted child", () => {
    const exported = facts(`import fp from "fastify-plugin";\nasync function ordersRoutes(app) {\n  app.get("/v1/orders", list);\n}\nexport default fp(ordersRoutes);\n`, "src/orders.ts");
    expect(exported.exports).toEqual({ default: "fn:ordersRoutes" });
    const mounted = facts(`import Fastify from "fastify";\nimport fp from "fastify-plugin";\nimport orders from "./orders";\nconst app = Fastify();\napp.register(fp(orders), { prefix: "/v1" });\n`, "src/server.ts");
    expect(mounted.mounts.map((m) => [m.parent, m.prefix, m.child])).toEqual([["var:app", "/v1", { kind: "import", specifier: "./orders", name: "default" }]]);
  });
});
