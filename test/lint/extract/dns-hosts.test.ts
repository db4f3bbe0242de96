import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/** billing asks DNS for a host by a name written in its code, then calls the address it gets. */
const tree = (lookup: string, dnsModule = "dns/promises"): Tree => ({
  "docker-compose.yml": "services:\n  ledger:\n    build: ./services/ledger\n  billing:\n    build: ./services/billing\n",
  ...service("services/ledger", ["express"], { "src/server.js": `const express = require("express");\nconst app = express();\napp.patch("/v1/entries/:id", (req, res) => res.json({}));\napp.listen(3000);\n` }),
  ...service("services/billing", ["express", "axios"], {
    "src/server.js": `const express = require("express");\nconst axios = require("axios");\nconst dns = require("${dnsModule}");\nconst app = express();\napp.post("/v1/invoices/:id/settle", async (req, res) => {\n  const host = await ${lookup};\n  await axios.patch(\`http://\${host}:3000/v1/entries/\${req.params.id}\`, {}, { timeout: 1000 });\n  res.end();\n});\napp.listen(3001);\n`,
  }),
});

const callsOf = (files: Tree) => lintTree(files).model.calls.filter((c) => c.service === "billing").map((c) => `${c.url} ${c.targetService ?? "-"}`);

describe("a host a service asks DNS for by a name written in its code", () => {
  it("dns.resolve, dns.promises.lookup: the name is the call's host", () => {
    expect(callsOf(tree(`dns.resolve("ledger")`))).toEqual(["http://ledger:3000/v1/entries/{req.params.id} ledger"]);
    expect(callsOf(tree(`dns.promises.lookup("ledger")`, "node:dns"))).toEqual(["http://ledger:3000/v1/entries/{req.params.id} ledger"]);
  });

  it("a name read from the environment is that variable's host; a resolve of a module that is not dns stays unknown", () => {
    expect(callsOf(tree(`dns.resolve(process.env.LEDGER_HOST)`))).toEqual(["http://${LEDGER_HOST}:3000/v1/entries/{req.params.id} ledger"]);
    expect(callsOf(tree(`dns.resolve("ledger")`, "./dns"))).toEqual(['http://{await dns.resolve("ledger")}:3000/v1/entries/{req.params.id} -']);
  });
});
