import { describe, expect, it } from "vitest";
import { facts, ruleTester, service, type Tree } from "../helpers.js";

/**
 * A client kept in an object nested in a module's object (`export const external = { payments: { charge: async () =>
 * fetch(...) } }`), called by its path from another file (`external.payments.charge(...)`): the call graph reaches it.
 */

describe("[U] functions of objects nested in an exported object are its members by their path (lead22)", () => {
  it("one and two levels down, functions and methods; an array's element is none", () => {
    const f = facts(`export const external = {\n  payments: {\n    charge: async (id) => id,\n    refunds: { open(id) { return id; } },\n  },\n  list: [() => 1],\n};\n`, "src/external.ts");
    expect(f.objectMembers).toEqual({ "external.payments.charge": { fn: "fn@L3C13" }, "external.payments.refunds.open": { fn: "fn@L4C16" } });
    // The walker's ids for them are the same positions.
    expect(f.functions.map((fn) => fn.id)).toEqual(["fn@L3C13", "fn@L4C16", "fn@L6C10"]);
  });
});

const orders = (call: string): Tree => ({
  "docker-compose.yml": "services:\n  orders:\n    build: ./services/orders\n    environment:\n      PAYMENTS_URL: http://payments:3001\n  payments:\n    build: ./services/payments\n",
  ...service("services/orders", ["express"], {
    "src/external.ts": `export const external = {\n  payments: {\n    charge: async (amount: number) => {\n      const res = await fetch(\`\${process.env.PAYMENTS_URL}/v1/charges\`, { method: "POST", body: JSON.stringify({ amount }) });\n      return res.json();\n    },\n  },\n};\n`,
    "src/server.ts": `import express from "express";\nimport { external } from "./external";\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  ${call}\n  res.sendStatus(201);\n});\napp.listen(3000);\n`,
  }),
  ...service("services/payments", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/charges", (req, res) => res.json({}));\napp.listen(3001);\n`,
  }),
});

ruleTester("unprotected-call", {
  valid: [
    {
      name: "the nested client is not called while handling a request",
      files: orders(`void external;`),
      understood: { calls: ["orders → payments"] },
    },
  ],
  invalid: [
    {
      name: "external.payments.charge() of another file, reached from the route (lead22)",
      files: orders(`await external.payments.charge(req.body.amount);`),
      errors: [{ messageId: "noGuard", file: "services/orders/src/external.ts", line: 4, data: { service: "orders", targetService: "payments" } }],
    },
  ],
});
