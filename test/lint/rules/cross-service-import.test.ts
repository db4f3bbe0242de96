import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/** Two services side by side; orders gets `ordersFiles`, payments a money module and a server. */
const shop = (ordersFiles: Record<string, string>, extra: Tree = {}): Tree => ({
  ...service("services/orders", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/orders", (req, res) => res.json([]));\napp.listen(3000);\n`,
    ...ordersFiles,
  }),
  ...service("services/payments", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/charges", (req, res) => res.json({}));\napp.listen(3001);\n`,
    // Nothing here for an extractor: the prefilter leaves it unparsed, and importing it couples the builds all the same.
    "src/money.ts": `export function cents(amount: number): number {\n  return Math.round(amount * 100);\n}\n`,
    "src/types.ts": `export interface Charge {\n  amount: number;\n}\nexport class ChargeDto {\n  amount = 0;\n}\n`,
  }),
  ...extra,
});

ruleTester("cross-service-import", {
  valid: [
    {
      name: "each service imports only its own files",
      files: shop({ "src/total.ts": `import { helper } from "./helper";\nexport const total = helper(2);\n`, "src/helper.ts": `export const helper = (n: number) => n;\n` }),
    },
    {
      name: "shared code lives in a library package both import",
      files: shop(
        {
          "src/total.ts": `import { cents } from "../../../libs/money/src/index";\nexport const total = cents(2);\n`,
        },
        {
          "libs/money/package.json": { name: "@shop/money", types: "src/index.ts", main: "src/index.ts" },
          "libs/money/src/index.ts": `export function cents(amount: number): number {\n  return Math.round(amount * 100);\n}\n`,
        },
      ),
    },
    {
      name: "a type-only import is erased from the build",
      files: shop({ "src/total.ts": `import type { Charge } from "../../payments/src/types";\nexport const total = (c: Charge) => c.amount;\n` }),
    },
    {
      name: "a file the allow option names",
      files: shop({ "src/total.ts": `import { cents } from "../../payments/src/money";\nexport const total = cents(2);\n` }),
      options: { allow: ["services/*/src/money.ts"] },
    },
  ],
  invalid: [
    {
      name: "a relative import into another service's folder",
      files: shop({ "src/total.ts": `// totals\nimport { cents } from "../../payments/src/money";\nexport const total = cents(2);\n` }),
      errors: [
        {
          messageId: "crossServiceImport",
          file: "services/orders/src/total.ts",
          line: 2,
          hops: 2,
          data: { service: "orders", targetService: "payments", target: "services/payments/src/money.ts", specifier: "../../payments/src/money" },
        },
      ],
    },
    {
      name: "require() and an import used only as a type count too, each import once",
      files: shop({
        "src/legacy.js": `const { cents } = require("../../payments/src/money");\nconst again = require("../../payments/src/money");\nmodule.exports = { total: cents(2) + again.cents(1) };\n`,
        "src/dto.ts": `import { ChargeDto } from "../../payments/src/types";\nexport const make = (): ChargeDto => ({ amount: 1 });\n`,
      }),
      errors: [
        { messageId: "crossServiceImport", file: "services/orders/src/dto.ts", line: 1, data: { target: "services/payments/src/types.ts" } },
        { messageId: "crossServiceImport", file: "services/orders/src/legacy.js", line: 1, data: { target: "services/payments/src/money.ts" } },
      ],
    },
    {
      // A require need not be a declaration's whole initialiser to load the file: a schema borrowed inside a call,
      // a require in a handler, a lazy import(), a re-export and a module loaded for its side effect all couple the builds.
      name: "a require inside an expression or a function, import(), export … from and a bare import count too",
      files: shop({
        "src/schema.js": `const mongoose = require("mongoose");\nconst Charge = mongoose.model("Charge", require("../../payments/src/types").schema);\nmodule.exports = Charge;\n`,
        "src/lazy.js": `function later() {\n  const { cents } = require("../../payments/src/money");\n  return cents(1);\n}\nmodule.exports = later;\n`,
        "src/dynamic.ts": `export async function load() {\n  // the money module, when it is needed\n  return import("../../payments/src/money");\n}\n`,
        "src/index.ts": `// what orders publishes\nexport { cents } from "../../payments/src/money";\n`,
        "src/setup.ts": `import "../../payments/src/types";\nexport const ready = true;\n`,
        // Code that is commented out loads nothing.
        "src/old.js": `// const { cents } = require("../../payments/src/money");\nmodule.exports = {};\n`,
      }),
      errors: [
        { messageId: "crossServiceImport", file: "services/orders/src/dynamic.ts", line: 3, data: { target: "services/payments/src/money.ts" } },
        { messageId: "crossServiceImport", file: "services/orders/src/index.ts", line: 2, data: { target: "services/payments/src/money.ts" } },
        { messageId: "crossServiceImport", file: "services/orders/src/lazy.js", line: 2, data: { target: "services/payments/src/money.ts" } },
        { messageId: "crossServiceImport", file: "services/orders/src/schema.js", line: 2, data: { target: "services/payments/src/types.ts" } },
        { messageId: "crossServiceImport", file: "services/orders/src/setup.ts", line: 1, data: { target: "services/payments/src/types.ts" } },
      ],
    },
    {
      name: "through a tsconfig path alias",
      files: shop(
        { "src/total.ts": `import { cents } from "@payments/money";\nexport const total = cents(2);\n` },
        { "tsconfig.json": { compilerOptions: { baseUrl: ".", paths: { "@payments/*": ["services/payments/src/*"] } } } },
      ),
      errors: [{ messageId: "crossServiceImport", file: "services/orders/src/total.ts", line: 1, data: { target: "services/payments/src/money.ts", specifier: "@payments/money" } }],
    },
    {
      // Written on Windows: TypeScript reads the backslashes as slashes, on every platform.
      name: "through a tsconfig path alias whose target is written with backslashes",
      files: shop(
        { "src/total.ts": `import { cents } from "@payments/money";\nexport const total = cents(2);\n`, "tsconfig.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@payments/*": ["..\\payments\\src\\*"] } } }) },
      ),
      errors: [{ messageId: "crossServiceImport", file: "services/orders/src/total.ts", line: 1, data: { target: "services/payments/src/money.ts", specifier: "@payments/money" } }],
    },
    {
      // A NestJS monorepo's root tsconfig sets baseUrl "./": an editor's auto-import writes the other app's path from the root.
      name: "by a path from the tsconfig's baseUrl (apps/billing/src/... in a NestJS monorepo)",
      files: {
        "package.json": { name: "shop", scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*" } },
        "nest-cli.json": { monorepo: true, root: "apps/orders", projects: { orders: { type: "application", root: "apps/orders", sourceRoot: "apps/orders/src" }, billing: { type: "application", root: "apps/billing", sourceRoot: "apps/billing/src" } } },
        "tsconfig.json": { compilerOptions: { baseUrl: "./" } },
        "apps/orders/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { OrdersModule } from "./orders.module";\nNestFactory.create(OrdersModule).then((app) => app.listen(3000));\n`,
        "apps/orders/src/orders.module.ts": `import { Controller, Get, Module } from "@nestjs/common";\nimport { InvoiceDto } from "apps/billing/src/invoice.dto";\n@Controller("v1/orders")\nexport class OrdersController {\n  @Get()\n  list() {\n    return new InvoiceDto();\n  }\n}\n@Module({ controllers: [OrdersController] })\nexport class OrdersModule {}\n`,
        "apps/billing/src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { BillingModule } from "./billing.module";\nNestFactory.create(BillingModule).then((app) => app.listen(3001));\n`,
        "apps/billing/src/billing.module.ts": `import { Controller, Get, Module } from "@nestjs/common";\n@Controller("v1/bills")\nexport class BillingController {\n  @Get()\n  list() {\n    return [];\n  }\n}\n@Module({ controllers: [BillingController] })\nexport class BillingModule {}\n`,
        "apps/billing/src/invoice.dto.ts": `export class InvoiceDto {\n  total = 0;\n}\n`,
      },
      errors: [{ messageId: "crossServiceImport", file: "apps/orders/src/orders.module.ts", line: 2, data: { service: "orders", targetService: "billing", target: "apps/billing/src/invoice.dto.ts", specifier: "apps/billing/src/invoice.dto" } }],
    },
    {
      name: "by the other service's package name in a workspace",
      files: shop(
        { "src/total.ts": `import { cents } from "@shop/payments/src/money";\nexport const total = cents(2);\n` },
        {
          "package.json": { name: "shop", private: true, workspaces: ["services/*"] },
          "services/payments/package.json": { name: "@shop/payments", main: "src/server.ts", scripts: { start: "node dist/server.js" }, dependencies: { express: "*" } },
        },
      ),
      errors: [{ messageId: "crossServiceImport", file: "services/orders/src/total.ts", line: 1, data: { target: "services/payments/src/money.ts", specifier: "@shop/payments/src/money" } }],
    },
    {
      name: "a workspace package inside the gateway's folder importing the gateway's own code",
      files: {
        "package.json": { name: "gateway", private: true, workspaces: ["src/services/*"], scripts: { start: "node dist/main.js" }, dependencies: { express: "*" } },
        "src/main.ts": `import express from "express";\nconst app = express();\napp.get("/v1/orders", (req, res) => res.json([]));\napp.listen(3000);\n`,
        "src/api/tokens.ts": `export const ORDERS_CLIENT = "ORDERS_CLIENT";\n`,
        // The root builds the gateway: a service, not only the workspace's root.
        "docker-compose.yml": `services:\n  gateway:\n    build: .\n  billing:\n    build: ./src/services/billing\n`,
        "src/services/billing/package.json": { name: "billing", main: "src/main.ts", scripts: { start: "node dist/main.js" }, dependencies: { express: "*" } },
        "src/services/billing/src/main.ts": `import express from "express";\nimport { ORDERS_CLIENT } from "../../../api/tokens";\nconst app = express();\napp.get("/v1/bills", (req, res) => res.json(ORDERS_CLIENT));\napp.listen(3001);\n`,
      },
      errors: [{ messageId: "crossServiceImport", file: "src/services/billing/src/main.ts", line: 2, data: { service: "billing", targetService: "gateway", target: "src/api/tokens.ts" } }],
    },
    {
      // A helper at the repository's top (no package, no service's folder) that orders requires and that itself loads
      // payments' code: orders builds with payments' file all the same. A top helper that loads nothing of a service,
      // or one no service requires, couples nothing.
      name: "through a shared file outside every service and library that imports another service's file",
      files: shop(
        { "src/guard.js": `const { checkCents } = require("../../../shared/guard");\nconst other = require("../../../shared/plain");\nmodule.exports = { checkCents, other };\n` },
        {
          "shared/guard.js": `const { amountOf } = require("./amounts");\nmodule.exports = { checkCents: (n) => amountOf(n) > 0 };\n`,
          "shared/amounts.js": `const { cents } = require("../services/payments/src/money");\nmodule.exports = { amountOf: cents };\n`,
          "shared/plain.js": `const { round } = require("./round");\nmodule.exports = { round };\n`,
          "shared/round.js": `module.exports = { round: (n) => Math.round(n) };\n`,
          "scripts/seed.js": `const { cents } = require("../services/payments/src/money");\nconsole.log(cents(1));\n`,
        },
      ),
      errors: [{ messageId: "crossServiceImport", file: "services/orders/src/guard.js", line: 1, data: { service: "orders", targetService: "payments", target: "services/payments/src/money.ts", specifier: "../../../shared/guard" } }],
    },
  ],
});

describe("cross-service-import messages", () => {
  it("says how the import reaches the other folder and what to do instead", () => {
    const aliased = lintTree(
      shop({ "src/total.ts": `import { cents } from "@payments/money";\nexport const total = cents(2);\n` }, { "tsconfig.json": { compilerOptions: { baseUrl: ".", paths: { "@payments/*": ["services/payments/src/*"] } } } }),
      { only: "cross-service-import" },
    ).findings.filter((f) => f.ruleId === "cross-service-import");
    expect(aliased.map((f) => f.message)).toEqual([
      "orders imports services/payments/src/money.ts from the folder of payments through a path alias ('@payments/money'); move the shared code into a library package, or ask payments through its API or its events",
    ]);
    expect(aliased[0]!.evidence).toEqual([
      { message: "orders imports '@payments/money' at services/orders/src/total.ts:1", location: { file: "services/orders/src/total.ts", line: 1, column: 1 } },
      { message: "which is services/payments/src/money.ts, in the folder of payments", location: { file: "services/payments/src/money.ts", line: 1, column: 1 } },
    ]);
  });

  it("leaves test code out, also when the scan reads tests (`tests: true`)", () => {
    const files = shop({
      "test/charge.test.ts": `import { cents } from "../../payments/src/money";\nit("charges", () => cents(1));\n`,
      "src/orders.spec.ts": `import { cents } from "../../payments/src/money";\nit("charges", () => cents(1));\n`,
      "src/total.ts": `import { cents } from "../../payments/src/money";\nexport const total = cents(2);\n`,
    });
    const result = lintTree(files, { config: { tests: true }, only: "cross-service-import" });
    expect(Object.keys(result.model.fileService)).toEqual(expect.arrayContaining(["services/orders/test/charge.test.ts", "services/orders/src/orders.spec.ts"]));
    expect(result.findings.filter((f) => f.ruleId === "cross-service-import").map((f) => f.location.file)).toEqual(["services/orders/src/total.ts"]);
  });

  it("gives each import its own fingerprint, so a baseline that accepts one still reports the other", () => {
    const result = lintTree(
      shop({
        "src/legacy.js": `const { cents } = require("../../payments/src/money");\nmodule.exports = { total: cents(2) };\n`,
        "src/dto.ts": `import { ChargeDto } from "../../payments/src/types";\nexport const make = (): ChargeDto => ({ amount: 1 });\n`,
      }),
      { only: "cross-service-import" },
    );
    const fingerprints = result.findings.filter((f) => f.ruleId === "cross-service-import").map((f) => f.fingerprint);
    expect(fingerprints).toHaveLength(2);
    expect(new Set(fingerprints).size).toBe(2);
  });

  it("an allow pattern also matches files under a dot folder (a published .contracts folder)", () => {
    const files = shop({ "src/total.ts": `import { cents } from "../../payments/.contracts/money";\nexport const total = cents(2);\n` }, {
      "services/payments/.contracts/money.ts": `export function cents(amount: number): number {\n  return Math.round(amount * 100);\n}\n`,
    });
    const imported = lintTree(files, { only: "cross-service-import" }).findings.filter((f) => f.ruleId === "cross-service-import");
    expect(imported.map((f) => f.data?.target)).toEqual(["services/payments/.contracts/money.ts"]);
    const allowed = lintTree(files, { rules: { "cross-service-import": ["error", { allow: ["services/*/**/money.ts"] }] }, only: "cross-service-import" }).findings;
    expect(allowed.filter((f) => f.ruleId === "cross-service-import")).toEqual([]);
  });

  it("lists the imports in the model whatever the rule's options", () => {
    const result = lintTree(shop({ "src/total.ts": `import { cents } from "../../payments/src/money";\nexport const total = cents(2);\n` }), { rules: { "cross-service-import": "off" } });
    expect(result.findings.filter((f) => f.ruleId === "cross-service-import")).toEqual([]);
    expect(result.model.imports).toEqual([
      { service: "orders", location: { file: "services/orders/src/total.ts", line: 1, column: 1 }, specifier: "../../payments/src/money", target: "services/payments/src/money.ts", targetService: "payments", via: "relative" },
    ]);
  });
});
