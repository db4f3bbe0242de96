import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";
import type { LintResult } from "../../../src/lint/types.js";

/**
 * The edges of each condition of hardcoded-endpoint, stated by the findings they give, exactly: which files are
 * local tooling, when a loopback call is a service calling itself, the variable a message suggests, how calls,
 * datastores and brokers are grouped, and each hop of the evidence.
 */

const catalogue = service("services/catalogue", ["express"], {
  "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.listen(8080);\n`,
});

/** orders serves GET /v1/orders/:id; its other files are `files`. */
const orders = (files: Record<string, string>, deps: string[] = []): Tree =>
  service("services/orders", ["express", "axios", ...deps], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/orders/:id", (req, res) => res.json({}));\napp.listen(3000);\n`,
    ...files,
  });

const scan = (files: Tree, options?: Record<string, unknown>): LintResult =>
  lintTree(files, { only: "hardcoded-endpoint", ...(options ? { rules: { "hardcoded-endpoint": { options } } } : {}) });

/** Each finding of the rule as `file:line messageId: message`, then each hop of its evidence as `  file:line message`. */
function found(result: LintResult): string[] {
  return result.findings
    .filter((f) => f.ruleId === "hardcoded-endpoint")
    .flatMap((f) => [`${f.location.file}:${f.location.line} ${f.messageId}: ${f.message}`, ...f.evidence.map((hop) => `  ${hop.location.file}:${hop.location.line} ${hop.message}`)]);
}

/** The files the model has a call in: a file without one proves nothing about the rule. */
const callFiles = (result: LintResult): string[] => [...new Set(result.model.calls.map((call) => call.location.file))].sort();

const get = (url: string) => `const axios = require("axios");\naxios.get("${url}");\n`;
const post = (url: string) => `const axios = require("axios");\naxios.post("${url}", {});\n`;
const READ = (variable: string) => `read the address from the environment (${variable}) or configuration`;
const READ_CONNECTION = (variable: string) => `read the connection from the environment (${variable}) or configuration`;
/** The finding of a loopback call from `file` to catalogue's GET /v1/items at localhost:8080. */
const loopbackToCatalogue = (file: string) => [
  `services/orders/${file}:2 call: orders calls GET http://localhost:8080/v1/items (catalogue) with the loopback address localhost written into the code; ${READ("CATALOGUE_URL")}`,
  `  services/orders/${file}:2 orders calls GET http://localhost:8080/v1/items through axios, which reaches catalogue`,
];

describe("hardcoded-endpoint: local tooling is a file named as a test, seed or script, or kept in a scripts, seeds or tools folder", () => {
  it("a word of the file's name between separators or at its ends, in any case; a folder named so exactly", () => {
    const local = ["src/seed.ts", "src/smoke_test.ts", "src/Fixtures.js", "src/e2e-login.js", "tools/ping.js", "Seeders/ping.js"];
    const judged = ["myscripts/warm.js", "scripts-old/warm.js", "src/latest.ts", "src/testing.ts"];
    const result = scan({ ...catalogue, ...orders(Object.fromEntries([...local, ...judged].map((file) => [file, get("http://localhost:8080/v1/items")]))) });
    expect(callFiles(result)).toEqual([...local, ...judged].map((file) => `services/orders/${file}`).sort());
    expect(found(result)).toEqual(judged.flatMap(loopbackToCatalogue));
  });

  it("a folder inside the service named as a test or seed the same way (a hand-run nats-test package); the service's own folder name is not", () => {
    const local = ["nats-test/src/ping.js", "load_tests/ping.js", "E2E-checks/ping.js"];
    const judged = ["src/contest/ping.js", "testing/ping.js"];
    const result = scan({ ...catalogue, ...orders(Object.fromEntries([...local, ...judged].map((file) => [file, get("http://localhost:8080/v1/items")]))) });
    expect(callFiles(result)).toEqual([...local, ...judged].map((file) => `services/orders/${file}`).sort());
    expect(found(result)).toEqual(judged.flatMap(loopbackToCatalogue));
    // A service whose own folder says test is judged as any other.
    const own = scan({ ...catalogue, ...service("services/smoke-test", ["express", "axios"], { "src/server.ts": `import express from "express";\nimport axios from "axios";\nconst app = express();\napp.get("/v1/runs", async (req, res) => res.json((await axios.get("http://localhost:8080/v1/items")).data));\napp.listen(3000);\n` }) });
    expect(found(own).filter((line) => !line.startsWith(" "))).toHaveLength(1);
  });

  it("a loopback address is judged where it is written: a constant of a fixtures module is local, one of a plain module is not, whoever uses it", () => {
    const use = (name: string, from: string) => `import axios from "axios";\nimport { ${name} } from "./${from}";\nexport const call = () => axios.get(\`\${${name}}/v1/items\`);\n`;
    const result = scan({
      ...catalogue,
      ...orders({
        "src/fixtures.ts": `export const LOOP = "http://localhost:8080";\n`,
        "src/use-fixtures.ts": use("LOOP", "fixtures"),
        "src/loop.ts": `export const LOOP2 = "http://localhost:8080";\n`,
        "src/smoke.ts": use("LOOP2", "loop"),
      }),
    });
    expect(callFiles(result)).toEqual(["services/orders/src/smoke.ts", "services/orders/src/use-fixtures.ts"]);
    expect(found(result)).toEqual([
      `services/orders/src/smoke.ts:3 call: orders calls GET http://localhost:8080/v1/items (catalogue) with the loopback address localhost written into the code in services/orders/src/loop.ts; ${READ("CATALOGUE_URL")}`,
      "  services/orders/src/smoke.ts:3 orders calls GET http://localhost:8080/v1/items through axios, which reaches catalogue",
    ]);
  });
});

describe("hardcoded-endpoint: a loopback call to a route the service serves itself is no other service's address", () => {
  it("same method, as many segments, static ones equal, parameters taking any; query and fragment left out", () => {
    const own = {
      "src/self-get.ts": get("http://localhost:3000/v1/orders/42?full=1"),
      "src/self-hash.ts": get("http://localhost:3000/v1/orders/7#top"),
      "src/self-template.ts": "const axios = require(\"axios\");\nexport const one = (id: string) => axios.get(`http://localhost:3000/v1/orders/${id}`);\n",
    };
    const others: Record<string, [string, string]> = {
      "src/self-catalogue.ts": [get("http://localhost:3000/v1/items"), "GET http://localhost:3000/v1/items"],
      "src/self-deeper.ts": [get("http://localhost:3000/v1/orders/42/lines"), "GET http://localhost:3000/v1/orders/42/lines"],
      "src/self-ip.ts": [get("http://10.0.0.7:3000/v1/orders/42"), "GET http://10.0.0.7:3000/v1/orders/42"],
      "src/self-post.ts": [post("http://localhost:3000/v1/orders/42"), "POST http://localhost:3000/v1/orders/42"],
      "src/self-root.ts": [get("http://localhost:3000"), "GET http://localhost:3000"],
      "src/self-short.ts": [get("http://localhost:3000/v1/orders"), "GET http://localhost:3000/v1/orders"],
    };
    const result = scan({ ...catalogue, ...orders({ ...own, ...Object.fromEntries(Object.entries(others).map(([file, [code]]) => [file, code])) }) });
    expect(callFiles(result)).toEqual([...Object.keys(own), ...Object.keys(others)].map((file) => `services/orders/${file}`).sort());
    expect(found(result)).toEqual(
      Object.entries(others).flatMap(([file, [, call]]) => {
        const ip = file === "src/self-ip.ts";
        const variable = `${file.slice(4, -3).replace("-", "_").toUpperCase()}_URL`;
        return [
          `services/orders/${file}:2 call: orders calls ${call} with the ${ip ? "IP address 10.0.0.7" : "loopback address localhost"} written into the code; ${READ(variable)}`,
          `  services/orders/${file}:2 orders calls ${call} through axios`,
        ];
      }),
    );
  });
});

describe("hardcoded-endpoint: a health probe on loopback is the service checking itself (acc26b)", () => {
  it("a HEALTHCHECK script asking its own container's /api/health or /readyz, its route served by a module not read, is no finding; another path (`/ping`, which services ask of each other too) or a named host is", () => {
    const probe = (url: string) => `const http = require("http");\nconst req = http.request("${url}", (res) => process.exit(res.statusCode === 200 ? 0 : 1));\nreq.on("error", () => process.exit(1));\nreq.end();\n`;
    const result = scan({
      ...catalogue,
      ...orders({
        "deploy/probe/health.js": probe("http://0.0.0.0:3000/api/health"),
        "deploy/probe/ready.js": probe("http://localhost:3000/readyz"),
        "deploy/probe/stock.js": probe("http://localhost:3000/api/stock"),
        "deploy/probe/other.js": probe("http://catalogue:3000/api/health"),
        "deploy/probe/ping.js": probe("http://localhost:3001/ping"),
      }),
    });
    expect(callFiles(result).filter((file) => file.includes("/deploy/"))).toEqual(["health.js", "other.js", "ping.js", "ready.js", "stock.js"].map((file) => `services/orders/deploy/probe/${file}`));
    expect(found(result).filter((line) => !line.startsWith(" ")).map((line) => line.split(" ")[0])).toEqual(["services/orders/deploy/probe/other.js:2", "services/orders/deploy/probe/ping.js:2", "services/orders/deploy/probe/stock.js:2"]);
  });
});

describe("hardcoded-endpoint: what a route's and a call's path segments stand for", () => {
  it("a route's segment is a parameter only when it starts as one; a call's only when it is one from its start", () => {
    const result = scan({
      ...catalogue,
      ...service("services/orders", ["express", "axios"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/exports/report.:format", (req, res) => res.json({}));\napp.get("/v1/reports/daily", (req, res) => res.json({}));\napp.listen(3000);\n`,
        "src/export.ts": get("http://localhost:3000/v1/exports/summary"),
        "src/report.ts": "const axios = require(\"axios\");\nexport const day = (n: number) => axios.get(`http://localhost:3000/v1/reports/day-${n}`);\n",
      }),
    });
    expect(result.model.routes.filter((r) => r.service === "orders").map((r) => r.path)).toEqual(["/v1/exports/report.:format", "/v1/reports/daily"]);
    expect(found(result).filter((line) => !line.startsWith(" "))).toEqual([
      `services/orders/src/export.ts:2 call: orders calls GET http://localhost:3000/v1/exports/summary with the loopback address localhost written into the code; ${READ("EXPORT_URL")}`,
      `services/orders/src/report.ts:2 call: orders calls GET http://localhost:3000/v1/reports/day-{n} with the loopback address localhost written into the code; ${READ("REPORT_URL")}`,
    ]);
  });
});

describe("hardcoded-endpoint: a loopback call without a path", () => {
  it("is the service's own root route when it serves GET /", () => {
    const result = scan({
      ...catalogue,
      ...service("services/orders", ["express", "axios"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/", (req, res) => res.json({}));\napp.listen(3000);\n`,
        "src/warm.ts": get("http://localhost:3000"),
      }),
    });
    expect(callFiles(result)).toEqual(["services/orders/src/warm.ts"]);
    expect(found(result)).toEqual([]);
  });
});

describe("hardcoded-endpoint: the variable a call's message suggests, when the call reaches no service", () => {
  it("an internal host's first label; else the file's name, its words split, a generic one (index, api) said as TARGET", () => {
    const result = scan({
      ...catalogue,
      ...orders({
        "src/index.ts": get("http://10.0.0.1/a"),
        "src/Api.ts": get("http://10.0.0.2/a"),
        "src/_legacy_.ts": get("http://10.0.0.3/a"),
        "src/flight--client.ts": get("http://10.0.0.4/a"),
        "src/v2Rates.ts": get("http://10.0.0.5/a"),
        "src/rates.client.ts": get("http://billing-api.internal/a"),
        "src/partner.ts": get("https://api.partner.com/v1/x"),
      }),
    });
    expect(callFiles(result)).toHaveLength(7);
    const variables = result.findings.map((f) => `${f.location.file.split("/").pop()} ${f.data.variable}`);
    expect(variables).toEqual(["_legacy_.ts LEGACY_URL", "Api.ts TARGET_URL", "flight--client.ts FLIGHT_CLIENT_URL", "index.ts TARGET_URL", "rates.client.ts BILLING_API_URL", "v2Rates.ts V2_RATES_URL"]);
    expect(found(result).filter((line) => line.includes("rates.client"))).toEqual([
      `services/orders/src/rates.client.ts:2 call: orders calls GET http://billing-api.internal/a with the host name billing-api.internal written into the code; ${READ("BILLING_API_URL")}`,
      "  services/orders/src/rates.client.ts:2 orders calls GET http://billing-api.internal/a through axios",
    ]);
  });

  it("a file name that only starts with a generic word names the variable: apiClient.ts → API_CLIENT_URL", () => {
    const result = scan({ ...catalogue, ...orders({ "src/apiClient.ts": get("http://10.0.0.6/a") }) });
    expect(result.findings.map((f) => `${f.location.file} ${f.data.variable}`)).toEqual(["services/orders/src/apiClient.ts API_CLIENT_URL"]);
  });

  it("a call to the service's own compose name reaches no other service: no target named, none in the evidence", () => {
    const result = scan({ ...catalogue, ...orders({ "src/self-name.ts": get("http://orders:3000/v1/orders/1") }), "docker-compose.yml": "services:\n  catalogue:\n    build: ./services/catalogue\n  orders:\n    build: ./services/orders\n" });
    expect(result.model.calls.map((c) => `${c.service} → ${c.targetService}`)).toEqual(["orders → orders"]);
    expect(found(result)).toEqual([
      `services/orders/src/self-name.ts:2 call: orders calls GET http://orders:3000/v1/orders/1 with the host name orders written into the code; ${READ("ORDERS_URL")}`,
      "  services/orders/src/self-name.ts:2 orders calls GET http://orders:3000/v1/orders/1 through axios",
    ]);
  });

  it("a gRPC client's address is an ADDR variable named after the service it reaches", () => {
    const proto = `syntax = "proto3";\npackage shop;\nservice PaymentService { rpc Charge (ChargeRequest) returns (ChargeReply); }\nmessage ChargeRequest { string id = 1; }\nmessage ChargeReply { bool ok = 1; }\n`;
    const load = `const grpc = require("@grpc/grpc-js");\nconst protoLoader = require("@grpc/proto-loader");\nconst shop = grpc.loadPackageDefinition(protoLoader.loadSync(__dirname + "/shop.proto")).shop;\n`;
    const result = scan({
      ...service("services/checkout", ["@grpc/grpc-js", "@grpc/proto-loader"], {
        "src/shop.proto": proto,
        "src/server.js": `${load}const payments = new shop.PaymentService("payment:50051", grpc.credentials.createInsecure());\nexports.pay = (id) => payments.Charge({ id }, () => {});\n`,
      }),
      ...service("services/payment", ["@grpc/grpc-js", "@grpc/proto-loader"], {
        "src/shop.proto": proto,
        "src/server.js": `${load}const server = new grpc.Server();\nserver.addService(shop.PaymentService.service, { Charge: (call, cb) => cb(null, { ok: true }) });\nserver.bindAsync("0.0.0.0:50051", grpc.ServerCredentials.createInsecure(), () => {});\n`,
      }),
    });
    expect(found(result)).toEqual([
      `services/checkout/src/server.js:5 call: checkout calls gRPC PaymentService/Charge at payment:50051 (payment) with the host name payment written into the code; ${READ("PAYMENT_ADDR")}`,
      "  services/checkout/src/server.js:5 checkout calls gRPC PaymentService/Charge at payment:50051 through grpc, which reaches payment",
    ]);
  });
});

describe("hardcoded-endpoint: a loopback gRPC call is the service calling itself only when it implements the method", () => {
  it("checkout's loopback call of payment's method is reported, and payment's of a method it does not implement (Void); payment's of one of the two it implements is not", () => {
    const proto = `syntax = "proto3";\npackage shop;\nservice PaymentService { rpc Charge (ChargeRequest) returns (ChargeReply); rpc Refund (ChargeRequest) returns (ChargeReply); rpc Void (ChargeRequest) returns (ChargeReply); }\nmessage ChargeRequest { string id = 1; }\nmessage ChargeReply { bool ok = 1; }\n`;
    const load = `const grpc = require("@grpc/grpc-js");\nconst protoLoader = require("@grpc/proto-loader");\nconst shop = grpc.loadPackageDefinition(protoLoader.loadSync(__dirname + "/shop.proto")).shop;\n`;
    const client = `${load}const payments = new shop.PaymentService("localhost:50051", grpc.credentials.createInsecure());\nexports.pay = (id) => payments.Charge({ id }, () => {});\n`;
    const result = scan({
      ...service("services/checkout", ["@grpc/grpc-js", "@grpc/proto-loader"], { "src/shop.proto": proto, "src/server.js": client }),
      ...service("services/payment", ["@grpc/grpc-js", "@grpc/proto-loader"], {
        "src/shop.proto": proto,
        "src/server.js": `${load}const server = new grpc.Server();\nserver.addService(shop.PaymentService.service, { Charge: (call, cb) => cb(null, { ok: true }), Refund: (call, cb) => cb(null, { ok: true }) });\nserver.bindAsync("0.0.0.0:50051", grpc.ServerCredentials.createInsecure(), () => {});\n`,
        "src/client.js": `${client}exports.cancel = (id) => payments.Void({ id }, () => {});\n`,
      }),
    });
    expect(result.model.calls.map((c) => `${c.location.file} ${c.client} ${c.url}`).sort()).toEqual([
      "services/checkout/src/server.js grpc PaymentService/Charge",
      "services/payment/src/client.js grpc PaymentService/Charge",
      "services/payment/src/client.js grpc PaymentService/Void",
    ]);
    expect(found(result).filter((line) => !line.startsWith(" "))).toEqual([
      `services/checkout/src/server.js:5 call: checkout calls gRPC PaymentService/Charge at localhost:50051 (payment) with the loopback address localhost written into the code; ${READ("PAYMENT_ADDR")}`,
      `services/payment/src/client.js:6 call: payment calls gRPC PaymentService/Void at localhost:50051 with the loopback address localhost written into the code; ${READ("TARGET_ADDR")}`,
    ]);
  });
});

describe("hardcoded-endpoint: the calls of one host in one file are one finding", () => {
  it("six calls: the first is the finding, five are its evidence, the others counted", () => {
    const result = scan({ ...catalogue, ...orders({ "src/bulk.ts": ['const axios = require("axios");', ...[1, 2, 3, 4, 5, 6].map((n) => `axios.get("http://10.0.0.8/v1/items/${n}");`)].join("\n") + "\n" }) });
    expect(found(result)).toEqual([
      `services/orders/src/bulk.ts:2 call: orders calls GET http://10.0.0.8/v1/items/1 (and 5 more calls with this host) with the IP address 10.0.0.8 written into the code; ${READ("BULK_URL")}`,
      ...[1, 2, 3, 4, 5].map((n) => `  services/orders/src/bulk.ts:${n + 1} orders calls GET http://10.0.0.8/v1/items/${n} through axios`),
    ]);
    expect(result.findings[0]!.data.calls).toBe(6);
  });

  it("two calls on one line count once", () => {
    const result = scan({ ...catalogue, ...orders({ "src/oneline.ts": `const axios = require("axios");\naxios.get("http://10.0.0.9/a").then(() => axios.get("http://10.0.0.9/b"));\n` }) });
    expect(result.model.calls.filter((call) => call.location.file.endsWith("oneline.ts")).map((call) => `${call.location.line} ${call.url}`)).toEqual(["2 http://10.0.0.9/a", "2 http://10.0.0.9/b"]);
    expect(found(result)).toEqual([
      `services/orders/src/oneline.ts:2 call: orders calls GET http://10.0.0.9/a with the IP address 10.0.0.9 written into the code; ${READ("ONELINE_URL")}`,
      "  services/orders/src/oneline.ts:2 orders calls GET http://10.0.0.9/a through axios",
    ]);
  });

  it("a call on the line of an earlier call counts once even when another line came between; calls of two files on one line number both count", () => {
    const repeat = scan({ ...catalogue, ...orders({ "src/again.ts": `const axios = require("axios");\naxios.get("http://10.0.0.9/a");\naxios.get("http://10.0.0.9/b").then(() => axios.get("http://10.0.0.9/c"));\n` }) });
    expect(repeat.findings.map((f) => `${f.location.line} calls: ${f.data.calls}`)).toEqual(["2 calls: 2"]);
    const use = (path: string) => `import axios from "axios";\nimport { BASE } from "./base";\nexport const get = () => axios.get(\`\${BASE}${path}\`);\n`;
    const twoFiles = scan({ ...catalogue, ...orders({ "src/base.ts": `export const BASE = "http://10.0.0.7:8080";\n`, "src/one.ts": use("/v1/other"), "src/two.ts": use("/v1/items") }) });
    expect(found(twoFiles)).toEqual([
      `services/orders/src/one.ts:3 call: orders calls GET http://10.0.0.7:8080/v1/other (catalogue) (and 1 more call with this host) with the IP address 10.0.0.7 written into the code in services/orders/src/base.ts; ${READ("CATALOGUE_URL")}`,
      "  services/orders/src/one.ts:3 orders calls GET http://10.0.0.7:8080/v1/other through axios, which reaches catalogue",
      "  services/orders/src/two.ts:3 orders calls GET http://10.0.0.7:8080/v1/items through axios, which reaches catalogue",
    ]);
  });

  it("a constant and a fallback written in another module: the message says where, the finding is at the call", () => {
    const result = scan(
      {
        ...catalogue,
        ...orders({
          "src/endpoints.ts": `export const LOCAL = "http://10.9.9.9:8080";\nexport const FALLBACK = process.env.CATALOGUE_URL ?? "http://catalogue:8080";\n`,
          "src/use-endpoints.ts": "import axios from \"axios\";\nimport { LOCAL, FALLBACK } from \"./endpoints\";\nexport const a = () => axios.get(`${LOCAL}/v1/items`);\nexport const b = () => axios.get(`${FALLBACK}/v1/items`);\n",
        }),
      },
      { allowFallbacks: false },
    );
    expect(found(result)).toEqual([
      `services/orders/src/use-endpoints.ts:3 call: orders calls GET http://10.9.9.9:8080/v1/items (catalogue) with the IP address 10.9.9.9 written into the code in services/orders/src/endpoints.ts; ${READ("CATALOGUE_URL")}`,
      "  services/orders/src/use-endpoints.ts:3 orders calls GET http://10.9.9.9:8080/v1/items through axios, which reaches catalogue",
      `services/orders/src/use-endpoints.ts:4 callFallback: orders calls GET http://catalogue:8080/v1/items (catalogue) with the host name catalogue written in services/orders/src/endpoints.ts as the fallback of CATALOGUE_URL; ${READ("CATALOGUE_URL")}`,
      "  services/orders/src/use-endpoints.ts:4 orders calls GET http://catalogue:8080/v1/items through axios, which reaches catalogue",
    ]);
  });
});

const COMPOSE = "services:\n  catalogue:\n    build: ./services/catalogue\n  orders:\n    build: ./services/orders\n    environment:\n      LOG_LEVEL: info\n      PORT: '3000'\n";

describe("hardcoded-endpoint: datastores and brokers", () => {
  it("one finding per file and URL; an engine without a usual variable suggests DATABASE_URL; an unknown engine is a datastore", () => {
    const result = scan({
      ...catalogue,
      ...orders(
        {
          "src/db.ts": `import mongoose from "mongoose";\nmongoose.connect("mongodb://10.0.0.9:27017/orders");\nmongoose.connect("mongodb://10.0.0.9:27017/orders");\nmongoose.connect("mongodb://10.0.0.9:27017/archive");\n`,
          "src/pg.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ host: "10.0.0.5", database: "orders" });\n`,
          "src/knex.ts": `import knex from "knex";\nexport const db = knex({ client: process.env.DB_CLIENT, connection: { host: "db.internal" } });\n`,
        },
        ["mongoose", "pg", "knex"],
      ),
      "docker-compose.yml": COMPOSE,
    });
    expect(result.model.datastores.filter((store) => store.location.file.endsWith("db.ts")).map((store) => store.location.line)).toEqual([2, 3, 4]);
    expect(found(result)).toEqual([
      `services/orders/src/db.ts:2 datastore: orders connects to mongodb at the IP address 10.0.0.9 written into the code; ${READ_CONNECTION("MONGODB_URI")}`,
      "  services/orders/src/db.ts:2 orders opens mongodb through mongoose at mongodb://10.0.0.9:27017/orders",
      `services/orders/src/db.ts:4 datastore: orders connects to mongodb at the IP address 10.0.0.9 written into the code; ${READ_CONNECTION("MONGODB_URI")}`,
      "  services/orders/src/db.ts:4 orders opens mongodb through mongoose at mongodb://10.0.0.9:27017/archive",
      `services/orders/src/knex.ts:2 datastore: orders connects to a datastore at the host name db.internal written into the code; ${READ_CONNECTION("DATABASE_URL")}`,
      "  services/orders/src/knex.ts:2 orders opens a datastore of an engine the code does not name through knex at db.internal",
      `services/orders/src/pg.ts:2 datastore: orders connects to postgres at the IP address 10.0.0.5 written into the code; ${READ_CONNECTION("DATABASE_URL")}`,
      "  services/orders/src/pg.ts:2 orders opens postgres through pg at 10.0.0.5",
    ]);
  });

  it("a broker list: a host written twice in two cases is named once; two hosts are said as `a and b`; MQTT and NATS Streaming by name", () => {
    const result = scan({
      ...catalogue,
      ...orders(
        {
          "src/bus.ts": `import { Kafka } from "kafkajs";\nexport const kafka = new Kafka({ brokers: ["Kafka-1:9092", "kafka-1:9093", "10.0.0.12:9092"] });\n`,
          "src/mqtt.ts": `import mqtt from "mqtt";\nexport const client = mqtt.connect("mqtt://10.0.0.13:1883");\n`,
          "src/stan.ts": `import stan from "node-nats-streaming";\nexport const conn = stan.connect("cluster", "orders", { url: "nats://nats.internal:4222" });\n`,
        },
        ["kafkajs", "mqtt", "node-nats-streaming"],
      ),
      "docker-compose.yml": COMPOSE,
    });
    expect(found(result)).toEqual([
      `services/orders/src/bus.ts:2 broker: orders connects to Kafka at Kafka-1 and 10.0.0.12 written into the code; ${READ("KAFKA_BROKERS")}`,
      "  services/orders/src/bus.ts:2 orders connects to Kafka through kafkajs at Kafka-1:9092, 10.0.0.12:9092",
      "  docker-compose.yml:7 the environment of orders is set here: add KAFKA_BROKERS",
      `services/orders/src/mqtt.ts:2 broker: orders connects to an MQTT broker at the IP address 10.0.0.13 written into the code; ${READ("MQTT_URL")}`,
      "  services/orders/src/mqtt.ts:2 orders connects to an MQTT broker through mqtt at mqtt://10.0.0.13:1883",
      "  docker-compose.yml:7 the environment of orders is set here: add MQTT_URL",
      `services/orders/src/stan.ts:2 broker: orders connects to NATS Streaming at the host name nats.internal written into the code; ${READ("NATS_URL")}`,
      "  services/orders/src/stan.ts:2 orders connects to NATS Streaming through node-nats-streaming at nats://nats.internal:4222",
      "  docker-compose.yml:7 the environment of orders is set here: add NATS_URL",
    ]);
  });

  it("a connection in a workspace library counts for the service that imports it: the import is the first hop, then the library's own", () => {
    const result = scan({
      "package.json": { name: "shop", private: true, workspaces: ["packages/*", "services/*"] },
      "packages/infra/package.json": { name: "@shop/infra", main: "src/index.ts", dependencies: { mongoose: "*", kafkajs: "*" } },
      "packages/infra/src/index.ts": `import { connectDb } from "./db";\nimport { kafka } from "./bus";\nexport const start = () => { connectDb(); return kafka.producer(); };\n`,
      "packages/infra/src/db.ts": `import mongoose from "mongoose";\nexport const connectDb = () => mongoose.connect("mongodb://10.0.0.20:27017/shop");\n`,
      "packages/infra/src/bus.ts": `import { Kafka } from "kafkajs";\nexport const kafka = new Kafka({ brokers: ["10.0.0.21:9092"] });\n`,
      ...service("services/orders", ["express", "@shop/infra"], {
        "src/server.ts": `import express from "express";\nimport { start } from "@shop/infra";\nstart();\nexpress().listen(3000);\n`,
      }),
    });
    expect(found(result)).toEqual([
      `packages/infra/src/bus.ts:2 broker: orders connects to Kafka at the IP address 10.0.0.21 written into the code; ${READ("KAFKA_BROKERS")}`,
      "  services/orders/src/server.ts:2 orders imports packages/infra/src/index.ts",
      "  packages/infra/src/index.ts:2 which imports packages/infra/src/bus.ts",
      "  packages/infra/src/bus.ts:2 orders connects to Kafka through kafkajs at 10.0.0.21:9092",
      `packages/infra/src/db.ts:2 datastore: orders connects to mongodb at the IP address 10.0.0.20 written into the code; ${READ_CONNECTION("MONGODB_URI")}`,
      "  services/orders/src/server.ts:2 orders imports packages/infra/src/index.ts",
      "  packages/infra/src/index.ts:1 which imports packages/infra/src/db.ts",
      "  packages/infra/src/db.ts:2 orders opens mongodb through mongoose at mongodb://10.0.0.20:27017/shop",
    ]);
  });
});

describe("hardcoded-endpoint: the kind of address", () => {
  it("an IPv6 address in brackets is an IP address, [::1] a loopback one; each reaches the one service listening on its port", () => {
    const result = scan({ ...catalogue, ...orders({ "src/six.ts": get("http://[fd00::8]:8080/v1/items"), "src/loop6.ts": get("http://[::1]:8080/v1/items"), "src/web.ts": get("http://[fd00::9]/v1/items") }) });
    expect(found(result)).toEqual([
      `services/orders/src/loop6.ts:2 call: orders calls GET http://[::1]:8080/v1/items (catalogue) with the loopback address [::1] written into the code; ${READ("CATALOGUE_URL")}`,
      "  services/orders/src/loop6.ts:2 orders calls GET http://[::1]:8080/v1/items through axios, which reaches catalogue",
      `services/orders/src/six.ts:2 call: orders calls GET http://[fd00::8]:8080/v1/items (catalogue) with the IP address [fd00::8] written into the code; ${READ("CATALOGUE_URL")}`,
      "  services/orders/src/six.ts:2 orders calls GET http://[fd00::8]:8080/v1/items through axios, which reaches catalogue",
      `services/orders/src/web.ts:2 call: orders calls GET http://[fd00::9]/v1/items with the IP address [fd00::9] written into the code; ${READ("WEB_URL")}`,
      "  services/orders/src/web.ts:2 orders calls GET http://[fd00::9]/v1/items through axios",
    ]);
  });
});

describe("hardcoded-endpoint: tests scanned (tests: true)", () => {
  it("loopback is fine in a file named as a test anywhere, and in any file of a test folder", () => {
    const files = { ...catalogue, ...orders({ "src/db.test.ts": get("http://localhost:8080/v1/items"), "test/support.ts": get("http://localhost:8080/v1/items"), "src/remote.test.ts": get("http://10.0.0.30:8080/v1/items") }) };
    const result = lintTree(files, { config: { tests: true }, only: "hardcoded-endpoint" });
    expect(callFiles(result)).toEqual(["services/orders/src/db.test.ts", "services/orders/src/remote.test.ts", "services/orders/test/support.ts"]);
    expect(found(result)).toEqual([
      `services/orders/src/remote.test.ts:2 call: orders calls GET http://10.0.0.30:8080/v1/items (catalogue) with the IP address 10.0.0.30 written into the code; ${READ("CATALOGUE_URL")}`,
      "  services/orders/src/remote.test.ts:2 orders calls GET http://10.0.0.30:8080/v1/items through axios, which reaches catalogue",
    ]);
  });
});
