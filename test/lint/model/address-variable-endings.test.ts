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
