import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";
import { namesFromEnv } from "../../../src/lint/model/calls.js";

// Written for this test: a ledger service reaching an audit service at an address outside the repository
// (host.docker.internal with a port the stale compose file of the ledger's own folder also publishes), set in a
// variable whose name ends in `_SERVICE_API`: the name is what says which service it is.

function tree(variable: string) {
  return {
    ...service("ledger-service-api", ["express", "axios"], {
      "src/server.js": `const express = require("express");\nconst axios = require("axios");\nconst app = express();\napp.post("/v1/entries", async (req, res) => {\n  const r = await axios.get(\`\${process.env.${variable}}/v1/audits/\${req.body.id}\`);\n  res.json(r.data);\n});\napp.listen(7002);\n`,
      ".env": `${variable}=http://host.docker.internal:7001\n`,
      "docker-compose.yml": `services:\n  ledger:\n    build: .\n    ports:\n      - "7001:7001"\n`,
    }),
    ...service("audit-service-api", ["express"], {
      "src/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/audits/:id", (req, res) => res.json({}));\napp.listen(7001);\n`,
    }),
    "docker-compose.yml": `services:\n  ledger:\n    build: ./ledger-service-api\n    ports:\n      - "7002:7002"\n  audit:\n    build: ./audit-service-api\n    ports:\n      - "7001:7001"\n`,
  };
}

describe("[U] names a base-address variable gives", () => {
  it("`_SERVICE_API`, `_API` and a bare `_SERVICE` ending name the service, as `_SERVICE_URL` does", () => {
    expect(namesFromEnv("AUDIT_SERVICE_API")).toEqual(expect.arrayContaining(["audit", "audit-service", "audit-service-api"]));
    expect(namesFromEnv("AUDIT_API")).toContain("audit");
    expect(namesFromEnv("AUDITS_SERVICE")).toContain("audit-service");
    expect(namesFromEnv("AUDIT_SERVICE_URL")).toContain("audit-service-api");
  });
});

describe("[I] a call to host.docker.internal named by an `_SERVICE_API` variable", () => {
  it("reaches the service the name says, at its route", () => {
    const result = lintTree(tree("AUDIT_SERVICE_API"), { only: "unprotected-call" });
    expect(result.model.calls.map((c) => `${c.service} -> ${c.targetService ?? "?"} ${c.targetRoute ?? ""}`)).toEqual(["ledger -> audit audit GET /v1/audits/:id"]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(["unprotected-call"]);
  });
});

// Written for this test: a billing service whose invoice class is handed a function that asks a registry for the
// ledger's address at run time (`getLedgerUrl`), called with no arguments where the URL is built.
describe("[I] a URL built on a getter called with no arguments (`${this.getLedgerUrl()}/entries`)", () => {
  const billing = (getter: string) => ({
    ...service("billing", ["express", "node-fetch"], {
      "src/invoices.ts": `import fetch from "node-fetch";\nexport class Invoices {\n  constructor(private ${getter}: () => string) {}\n  async book(id: string) {\n    const res = await fetch(\`\${this.${getter}()}/entries\`, { method: "POST", body: JSON.stringify({ id }) });\n    return res.json();\n  }\n}\n`,
      "src/server.ts": `import express from "express";\nimport { Invoices } from "./invoices";\nimport { registry } from "./registry";\nconst invoices = new Invoices(() => registry.lookup());\nconst app = express();\napp.post("/v1/invoices", async (req, res) => res.json(await invoices.book(req.body.id)));\napp.listen(3000);\n`,
      "src/registry.ts": `export const registry = { lookup: (): string => String(process.argv[3]) };\n`,
    }),
    ...service("ledger", ["express"], {
      "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/entries", (req, res) => res.json({}));\napp.listen(4000);\n`,
    }),
    "docker-compose.yml": `services:\n  billing:\n    build: ./billing\n  ledger:\n    build: ./ledger\n`,
  });

  it("reaches the service the getter's name says, as a <NAME>_URL variable would", () => {
    const result = lintTree(billing("getLedgerUrl"), { only: "unprotected-call" });
    expect(result.model.calls.map((c) => `${c.service} -> ${c.targetService ?? "?"}`)).toEqual(["billing -> ledger"]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(["unprotected-call"]);
  });

  it("a getter whose name names no service of the repository reaches none", () => {
    expect(lintTree(billing("getBaseUrl"), { only: "unprotected-call" }).model.calls.map((c) => c.targetService ?? "?")).toEqual(["?"]);
  });
});

// Written for this test: a kiosk service whose variables put the word "SERVICE" first (`SERVICE_RECEIPTS_URL`), none of
// them set in a committed file: the name after that word is the service it reaches.
describe("[I] a variable that says it is a service before the name (`SERVICE_RECEIPTS_URL`)", () => {
  const kiosk = (variable: string) => ({
    ...service("kiosk", ["express", "axios"], {
      "src/server.js": `const express = require("express");\nconst axios = require("axios");\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  const r = await axios.post(\`\${process.env.${variable}}/v1/receipts\`, req.body);\n  res.json(r.data);\n});\napp.listen(6100);\n`,
    }),
    ...service("receipts", ["express"], {
      "src/server.js": `const express = require("express");\nconst app = express();\napp.post("/v1/receipts", (req, res) => res.json({}));\napp.listen(6200);\n`,
    }),
  });

  it("names the service after the leading word", () => {
    expect(namesFromEnv("SERVICE_RECEIPTS_URL")).toEqual(expect.arrayContaining(["receipts", "receipt", "receipts-service"]));
    expect(namesFromEnv("SVC_RECEIPTS_HOST")).toContain("receipts");
  });

  it("reaches that service's route", () => {
    const result = lintTree(kiosk("SERVICE_RECEIPTS_URL"), { only: "unprotected-call" });
    expect(result.model.calls.map((c) => `${c.service} -> ${c.targetService ?? "?"} ${c.targetRoute ?? ""}`)).toEqual(["kiosk -> receipts receipts POST /v1/receipts"]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(["unprotected-call"]);
  });
});
