import { describe, expect, it } from "vitest";
import { facts, lintTree, service } from "../helpers.js";

describe("[U] static fields of an exported settings class", () => {
  it("are module constants by `Class.field` (default export: `default.field`), instance fields that read a setting by `Class.prototype.field`; literals and unexported classes are not", () => {
    const f = facts(`export class Settings {\n  static ledgerUrl = process.env.LEDGER_URL || "http://ledger:4000";\n  static retries = Number(process.env.RETRIES);\n  region = "eu";\n}\nclass Hidden {\n  static secretUrl = "http://hidden";\n}\n`, "src/settings.ts");
    expect(Object.keys(f.constants).filter((k) => k.includes("."))).toEqual(["Settings.ledgerUrl", "Settings.retries"]);
    expect(Object.keys(facts(`export default class Env {\n  static auditUrl = process.env.AUDIT_URL;\n}\n`, "src/env.ts").constants)).toEqual(["default.auditUrl"]);
  });
});

describe("[I] a call whose base URL is a static field of a settings class in another file", () => {
  it("resolves to the service that field's environment variable names", () => {
    const result = lintTree({
      ...service("services/billing", ["express", "axios"], {
        "src/settings.ts": `export class Settings {\n  static entriesHost = process.env.BOOKS_ADDR;\n}\n`,
        "src/server.ts": `import express from "express";\nimport axios from "axios";\nimport { Settings } from "./settings";\nconst app = express();\napp.post("/v1/invoices", async (req, res) => {\n  const r = await axios.post(\`\${Settings.entriesHost}/v1/entries\`, req.body);\n  res.json(r.data);\n});\napp.listen(3000);\n`,
      }),
      ...service("services/ledger", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/entries", (req, res) => res.json({}));\napp.listen(4000);\n` }),
      "docker-compose.yml": `services:\n  billing:\n    build: ./services/billing\n    environment:\n      BOOKS_ADDR: http://ledger:4000\n  ledger:\n    build: ./services/ledger\n`,
    });
    expect(result.model.calls.map((c) => `${c.service} ${c.method} ${c.targetService ?? "?"} ${c.targetRoute ?? "?"}`)).toEqual(["billing POST ledger ledger POST /v1/entries"]);
  });
});
