import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * A choice between an address on the developer's machine and another one (`isProd() ? "ledger:7000" : "localhost:7000"`)
 * is the other one: the address the deployed service calls. A choice between two other addresses stays unknown.
 */

const caller = (address: string) =>
  service("svc/billing", ["express", "axios"], {
    "src/server.js": `const express = require("express");\nconst axios = require("axios");\nconst onCluster = () => process.env.STAGE === "cluster";\nconst app = express();\napp.get("/v1/invoices/:id", async (req, res) => {\n  const entry = await axios.get(${address});\n  res.json(entry.data);\n});\napp.listen(3000);\n`,
  });
const ledger = service("svc/ledger", ["express"], {
  "src/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/entries/:id", (req, res) => res.json({}));\napp.listen(7000);\n`,
});
const compose = "services:\n  billing:\n    build: ./svc/billing\n  ledger:\n    build: ./svc/ledger\n";

const callsOf = (address: string) =>
  lintTree({ "docker-compose.yml": compose, ...caller(address), ...ledger }).model.calls.map((call) => [call.service, call.url, call.targetService]);

describe("a deployed address chosen over a local one", () => {
  it("the host of the branch that is not this machine's, inside a template", () => {
    expect(callsOf("`http://${onCluster() ? \"ledger\" : \"localhost\"}:7000/v1/entries/${req.params.id}`")).toEqual([["billing", "http://ledger:7000/v1/entries/{req.params.id}", "ledger"]]);
  });

  it("a whole URL on either side, the local one first", () => {
    expect(callsOf("(process.env.STAGE !== \"cluster\" ? \"http://127.0.0.1:7000\" : \"http://ledger:7000\") + \"/v1/entries/\" + req.params.id")).toEqual([["billing", "http://ledger:7000/v1/entries/{req.params.id}", "ledger"]]);
  });

  it("two addresses neither of which is local stay unknown", () => {
    const calls = callsOf("`http://${onCluster() ? \"ledger\" : \"ledger-replica\"}:7000/v1/entries/1`");
    expect(calls).toHaveLength(1);
    expect(calls[0]![2]).toBeUndefined();
    expect(String(calls[0]![1])).not.toContain("ledger:7000");
  });
});
