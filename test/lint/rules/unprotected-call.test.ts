import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/** orders (its handler in src/server.ts, plus `ordersFiles`) calls payments, which serves POST /v1/charges. */
const shop = (handler: string, ordersFiles: Record<string, string> = {}, deps: string[] = ["express", "axios"]): Tree => ({
  "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n    environment:\n      PAYMENTS_URL: http://payments:3001\n  payments:\n    build: ./services/payments\n`,
  ...service("services/orders", deps, {
    "src/server.ts": `import express from "express";\n${handler}\n`,
    ...ordersFiles,
  }),
  ...service("services/payments", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/charges", (req, res) => res.json({}));\napp.listen(3001);\n`,
  }),
});

const route = (body: string, imports = `import axios from "axios";`) =>
  `${imports}\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n${body}\n  res.json({});\n});\napp.listen(3000);`;

/** A NestJS orders service whose controller asks a provider that calls payments through HttpService. */
const nestShop = (httpModule: string): Tree => ({
  "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n    environment:\n      PAYMENTS_URL: http://payments:3001\n  payments:\n    build: ./services/payments\n`,
  ...service("services/orders", ["@nestjs/core", "@nestjs/common", "@nestjs/axios"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { OrdersModule } from "./orders.module";\nNestFactory.create(OrdersModule).then((app) => app.listen(3000));\n`,
    "src/orders.module.ts": `import { Module } from "@nestjs/common";\nimport { HttpModule } from "@nestjs/axios";\nimport { OrdersController } from "./orders.controller";\nimport { PaymentsClient } from "./payments.client";\n@Module({ imports: [${httpModule}], controllers: [OrdersController], providers: [PaymentsClient] })\nexport class OrdersModule {}\n`,
    "src/orders.controller.ts": `import { Controller, Post } from "@nestjs/common";\nimport { PaymentsClient } from "./payments.client";\n@Controller("v1/orders")\nexport class OrdersController {\n  constructor(private readonly payments: PaymentsClient) {}\n  @Post()\n  async create() {\n    return this.payments.charge();\n  }\n}\n`,
    "src/payments.client.ts": `import { Injectable } from "@nestjs/common";\nimport { HttpService } from "@nestjs/axios";\nimport { firstValueFrom } from "rxjs";\n@Injectable()\nexport class PaymentsClient {\n  constructor(private readonly http: HttpService) {}\n  async charge() {\n    return firstValueFrom(this.http.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, {}));\n  }\n}\n`,
  }),
  ...service("services/payments", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/charges", (req, res) => res.json({}));\napp.listen(3001);\n`,
  }),
});

ruleTester("unprotected-call", {
  valid: [
    { name: "an axios call with a timeout option", files: shop(route(`  await axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, req.body, { timeout: 2000 });`)) },
    { name: "fetch with an AbortSignal", files: shop(route(`  await fetch(\`\${process.env.PAYMENTS_URL}/v1/charges\`, { method: "POST", signal: AbortSignal.timeout(2000) });`, "")) },
    {
      name: "an axios instance made with a timeout in another file",
      files: shop(route(`  await payments.post("/v1/charges", req.body);`, `import { payments } from "./clients";`), {
        "src/clients.ts": `import axios from "axios";\nexport const payments = axios.create({ baseURL: process.env.PAYMENTS_URL, timeout: 2000 });\n`,
      }),
    },
    {
      name: "opossum around a function written in another file",
      files: shop(route(`  await chargeBreaker.fire(req.body);`, `import CircuitBreaker from "opossum";\nimport { charge } from "./charge";\nconst chargeBreaker = new CircuitBreaker(charge, { timeout: 3000 });`), {
        "src/charge.ts": `import axios from "axios";\nexport async function charge(body: unknown) {\n  return axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, body);\n}\n`,
      }, ["express", "axios", "opossum"]),
    },
    {
      name: "a superagent call with a chained timeout",
      files: shop(route(`  await superagent.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`).timeout(2000).send(req.body);`, `import superagent from "superagent";`), {}, ["express", "superagent"]),
    },
    { name: "NestJS HttpService calls of a module whose HttpModule has a timeout", files: nestShop("HttpModule.register({ timeout: 3000 })") },
    {
      name: "a service calling its own API is not judged: the call never waits on another service",
      files: {
        ...shop(route(`  await axios.get(\`\${process.env.ORDERS_URL}/v1/orders/open\`);`)),
        "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n    environment:\n      ORDERS_URL: http://orders:3000\n  payments:\n    build: ./services/payments\n`,
      },
      understood: { calls: ["orders → orders"] },
    },
    {
      name: "with requireBoth, a breaker and a timeout are enough",
      files: shop(route(`  await chargeBreaker.fire(req.body);`, `import CircuitBreaker from "opossum";\nimport { charge } from "./charge";\nconst chargeBreaker = new CircuitBreaker(charge);`), {
        "src/charge.ts": `import axios from "axios";\nexport async function charge(body: unknown) {\n  return axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, body, { timeout: 2000 });\n}\n`,
      }, ["express", "axios", "opossum"]),
      options: { requireBoth: true },
    },
  ],
  invalid: [
    {
      name: "NestJS HttpService calls of a module whose HttpModule sets no timeout",
      files: nestShop("HttpModule"),
      errors: [{ messageId: "noGuard", file: "services/orders/src/payments.client.ts", line: 8, data: { service: "orders", targetService: "payments" } }],
    },
    {
      name: "an axios call with neither",
      files: shop(route(`  await axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, req.body);`)),
      errors: [
        {
          messageId: "noGuard",
          file: "services/orders/src/server.ts",
          line: 5,
          data: { service: "orders", targetService: "payments", missing: "timeout,breaker" },
          message:
            "orders calls payments (POST http://payments:3001/v1/charges) while handling POST /v1/orders with neither a timeout nor a circuit breaker: when payments is slow, these requests wait on it; give the call a timeout and put it behind a circuit breaker",
          evidence: ["orders POST /v1/orders is handled here", "calls payments: POST http://payments:3001/v1/charges, no timeout, no breaker"],
        },
      ],
    },
    {
      name: "a helper two routes await is one call: reported once, from the first route",
      files: shop(
        `import { charge } from "./charge";\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  res.json(await charge(req.body));\n});\napp.post("/v1/orders/retry", async (req, res) => {\n  res.json(await charge(req.body));\n});\napp.listen(3000);`,
        { "src/charge.ts": `import axios from "axios";\nexport async function charge(body: unknown) {\n  return axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, body);\n}\n` },
      ),
      errors: [{ messageId: "noGuard", file: "services/orders/src/charge.ts", line: 3, evidence: ["orders POST /v1/orders is handled here", "calls charge()", "calls payments: POST http://payments:3001/v1/charges, no timeout, no breaker"] }],
    },
    {
      // The helper's own call names payments by its parameter (paymentsUrl), and the value flow makes the same request at
      // the route with the URL the route passes: one request, so one finding, where the route makes it.
      name: "a helper given the base URL by the route: the request made at the route is the helper's own call, reported once",
      files: shop(route(`  await lookup(process.env.PAYMENTS_URL!, req.body.id);`, `import { lookup } from "./lookup";`), {
        "src/lookup.ts": `import axios from "axios";\nexport async function lookup(paymentsUrl: string, id: string) {\n  return axios.get(\`\${paymentsUrl}/v1/charges/\${id}\`);\n}\n`,
      }),
      errors: [{ messageId: "noGuard", file: "services/orders/src/server.ts", line: 5 }],
    },
    {
      name: "a call in a helper the handler awaits, through an instance with no timeout",
      files: shop(route(`  await charge(req.body);`, `import { charge } from "./charge";`), {
        "src/charge.ts": `import axios from "axios";\nconst payments = axios.create({ baseURL: process.env.PAYMENTS_URL });\nexport async function charge(body: unknown) {\n  return payments.post("/v1/charges", body);\n}\n`,
      }),
      errors: [{ messageId: "noGuard", file: "services/orders/src/charge.ts", line: 4, hops: 3 }],
    },
    {
      name: "with requireBoth, a timeout without a breaker",
      files: shop(route(`  await axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, req.body, { timeout: 2000 });`)),
      options: { requireBoth: true },
      errors: [
        {
          messageId: "noBreaker",
          data: { missing: "breaker" },
          message:
            "orders calls payments (POST http://payments:3001/v1/charges) while handling POST /v1/orders with no circuit breaker: when payments is slow, these requests wait on it; give the call a timeout and put it behind a circuit breaker",
          evidence: ["orders POST /v1/orders is handled here", "calls payments: POST http://payments:3001/v1/charges, with a timeout option, no breaker"],
        },
      ],
    },
    {
      name: "with requireBoth, a breaker without a timeout",
      files: shop(route(`  await chargeBreaker.fire(req.body);`, `import CircuitBreaker from "opossum";\nimport { charge } from "./charge";\nconst chargeBreaker = new CircuitBreaker(charge);`), {
        "src/charge.ts": `import axios from "axios";\nexport async function charge(body: unknown) {\n  return axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, body);\n}\n`,
      }, ["express", "axios", "opossum"]),
      options: { requireBoth: true },
      errors: [
        {
          messageId: "noTimeout",
          file: "services/orders/src/charge.ts",
          data: { missing: "timeout" },
          evidence: ["orders POST /v1/orders is handled here", "calls charge()", "calls payments: POST http://payments:3001/v1/charges, behind a breaker (services/orders/src/server.ts:4), no timeout"],
          message:
            "orders calls payments (POST http://payments:3001/v1/charges) while handling POST /v1/orders with no timeout: when payments is slow, these requests wait on it; give the call a timeout and put it behind a circuit breaker",
        },
      ],
    },
  ],
});

/** A timeout set on a client after it is made, and breakers made by a factory of the project around its parameter. */
const breakerFactory = `import CircuitBreaker from "opossum";\nexport function guarded(fn: (...args: any[]) => Promise<unknown>) {\n  return new CircuitBreaker(fn, { timeout: 3000 });\n}\n`;
const chargeFile = `import axios from "axios";\nexport async function charge(body: unknown) {\n  return axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, body);\n}\n`;
const factoryShop = shop(route(`  await chargeBreaker.fire(req.body);`, `import { guarded } from "./breaker";\nimport { charge } from "./charge";\nconst chargeBreaker = guarded(charge);`), { "src/breaker.ts": breakerFactory, "src/charge.ts": chargeFile }, ["express", "axios", "opossum"]);
/** Every method of a controller class put behind a breaker by a helper, the routes running each through `fire` (a layout seen in public repositories). */
const wrappedControllerShop: Tree = {
  ...shop(`const { ordersController } = require("./orders.controller");\nconst app = express();\napp.post("/v1/orders", (req, res) => ordersController.create.fire(req, res));\napp.listen(3000);`, {
    "src/breakers.js": `const CircuitBreaker = require("opossum");\nfunction createBreaker(action) {\n  return new CircuitBreaker(action, { timeout: 3000 });\n}\nfunction withBreakers(Controller, makeBreaker) {\n  const controller = new Controller();\n  for (const name of Object.getOwnPropertyNames(Controller.prototype)) {\n    if (name !== "constructor") controller[name] = makeBreaker(controller[name].bind(controller));\n  }\n  return controller;\n}\nmodule.exports = { createBreaker, withBreakers };\n`,
    "src/orders.controller.js": `const axios = require("axios");\nconst { createBreaker, withBreakers } = require("./breakers");\nclass OrdersController {\n  async create(req, res) {\n    const charge = await axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, req.body);\n    res.json(charge.data);\n  }\n}\nexports.ordersController = withBreakers(OrdersController, createBreaker);\n`,
  }, ["express", "axios", "opossum"]),
};

ruleTester("unprotected-call", {
  valid: [
    { name: "axios.defaults.timeout set in the file", files: shop(route(`  await axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, req.body);`, `import axios from "axios";\naxios.defaults.timeout = 2500;`)), understood: { calls: ["orders → payments"] } },
    {
      name: "axios.defaults.timeout set in another file of the service",
      files: shop(route(`  await axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, req.body);`), { "src/http-defaults.ts": `import axios from "axios";\naxios.defaults.timeout = Number(process.env.HTTP_TIMEOUT_MS ?? 2500);\n` }),
      understood: { calls: ["orders → payments"] },
    },
    {
      name: "a timeout set on an instance's defaults after it is made",
      files: shop(route(`  await charge(req.body);`, `import { charge } from "./charge";`), {
        "src/charge.ts": `import axios from "axios";\nconst payments = axios.create({ baseURL: process.env.PAYMENTS_URL });\npayments.defaults.timeout = 2000;\nexport async function charge(body: unknown) {\n  return payments.post("/v1/charges", body);\n}\n`,
      }),
      understood: { calls: ["orders → payments"] },
    },
    { name: "a breaker made by a factory of the project around its parameter, fired in the handler", files: factoryShop, understood: { calls: ["orders → payments"] } },
    { name: "controller methods each put behind a breaker by a helper, run through fire()", files: wrappedControllerShop, understood: { calls: ["orders → payments"] } },
  ],
  invalid: [
    {
      name: "axios.defaults.timeout set in another service does not count here",
      files: {
        ...shop(route(`  await axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, req.body);`)),
        "services/payments/src/http-defaults.ts": `import axios from "axios";\naxios.defaults.timeout = 2500;\n`,
      },
      errors: [{ messageId: "noGuard", line: 5 }],
    },
    {
      name: "with requireBoth, a factory-made breaker and no timeout on the call",
      files: factoryShop,
      options: { requireBoth: true },
      errors: [{ messageId: "noTimeout", file: "services/orders/src/charge.ts", line: 3, hops: 3, data: { missing: "timeout" } }],
    },
    {
      name: "with requireBoth, controller methods run through fire() and no timeout on the call",
      files: wrappedControllerShop,
      options: { requireBoth: true },
      errors: [{ messageId: "noTimeout", file: "services/orders/src/orders.controller.js", line: 5, data: { missing: "timeout" } }],
    },
  ],
});

describe("unprotected-call: one finding per call as written", () => {
  it("a call in a loop over a literal list is one call per element, but one finding per target it reaches from that line", () => {
    // Two kinds of charge asked of payments, two of them of one service each: one finding for payments, one for ledger.
    const body = `  await Promise.all(["card", "voucher"].map((kind) => axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges?kind=\${kind}\`, req.body)));\n  for (const base of ["http://payments:3001", "http://ledger:3002"]) await axios.post(\`\${base}/v1/charges\`, req.body);`;
    const tree = shop(route(body));
    tree["docker-compose.yml"] = tree["docker-compose.yml"]!.toString().replace("PAYMENTS_URL: http://payments:3001\n", "PAYMENTS_URL: http://payments:3001\n      LEDGER_URL: http://ledger:3002\n") + "  ledger:\n    build: ./services/ledger\n";
    Object.assign(tree, service("services/ledger", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/charges", (req, res) => res.json({}));\napp.listen(3002);\n` }));
    const result = lintTree(tree);
    expect(result.model.calls.filter((c) => c.service === "orders").length).toBe(4);
    const findings = result.findings.filter((f) => f.ruleId === "unprotected-call");
    expect(findings.map((f) => `${f.location.line} ${f.data?.targetService}`)).toEqual(["5 payments", "6 payments", "6 ledger"]);
  });
});

describe("unprotected-call: timeouts and breakers set apart from the call, in the model", () => {
  it("names axios.defaults.timeout and where it is set", () => {
    const result = lintTree(shop(route(`  await axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, req.body);`, `import axios from "axios";\naxios.defaults.timeout = 2500;`)));
    expect(result.model.calls.map((call) => call.guards)).toEqual([{ timeout: "axios.defaults.timeout (services/orders/src/server.ts:3)" }]);
  });

  it("puts a call behind the breaker the factory makes, located where the factory makes it", () => {
    const result = lintTree(factoryShop);
    expect(result.model.calls.map((call) => call.guards?.breaker && `${call.guards.breaker.file}:${call.guards.breaker.line}`)).toEqual(["services/orders/src/breaker.ts:3"]);
  });

  it("a cockatiel policy's execute around a factory's parameter guards what the callers pass", () => {
    const result = lintTree(
      shop(route(`  await guarded(() => axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, req.body));`, `import axios from "axios";\nimport { guarded } from "./policy";`), {
        "src/policy.ts": `import { circuitBreaker, handleAll, ConsecutiveBreaker } from "cockatiel";\nconst policy = circuitBreaker(handleAll, { halfOpenAfter: 10000, breaker: new ConsecutiveBreaker(5) });\nexport function guarded<T>(fn: () => Promise<T>) {\n  return policy.execute(fn);\n}\n`,
      }, ["express", "axios", "cockatiel"]),
    );
    expect(result.model.calls.map((call) => call.guards?.breaker && `${call.guards.breaker.file}:${call.guards.breaker.line}`)).toEqual(["services/orders/src/policy.ts:4"]);
    expect(result.findings.filter((f) => f.ruleId === "unprotected-call")).toEqual([]);
  });
});

describe("unprotected-call in the model", () => {
  it("lists what guards each call in --print-model's calls", () => {
    const result = lintTree(shop(route(`  await axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, req.body, { timeout: 2000 });`)));
    expect(result.model.calls.map((call) => [call.targetService, call.guards])).toEqual([["payments", { timeout: "a timeout option" }]]);
  });
});

describe("unprotected-call fingerprints", () => {
  it("gives each unguarded call its own fingerprint, so a baseline that accepts one still reports the other", () => {
    const result = lintTree(
      shop(route(`  await axios.post(\`\${process.env.PAYMENTS_URL}/v1/charges\`, req.body);\n  await axios.post(\`\${process.env.PAYMENTS_URL}/v1/refunds\`, req.body);`)),
      { only: "unprotected-call" },
    );
    const fingerprints = result.findings.map((f) => f.fingerprint);
    expect(fingerprints).toHaveLength(2);
    expect(new Set(fingerprints).size).toBe(2);
  });
});
