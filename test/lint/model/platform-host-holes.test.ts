import { describe, expect, it } from "vitest";
import { callPairs, lintTree, type Tree } from "../helpers.js";

/**
 * A call to another service's deployment on a hosting platform whose path comes right after the host from a value
 * (`https://ledger-x1y2.onrender.com${route}`, no slash written between): the host ends where the value starts, so the
 * call reaches that service and its host, written into the code, is reported.
 */
const tree = (url: string): Tree => ({
  "till/package.json": { name: "till", main: "main.js", dependencies: { express: "*", axios: "*" } },
  "till/main.js": `const express = require("express");\nconst axios = require("axios");\nconst app = express();\nconst routes = { sale: "/v1/entries", refund: "/v1/refunds" };\napp.post("/v1/sales", async (req, res) => {\n  const route = routes[req.body.kind];\n  await axios.post(${url}, req.body, { timeout: 2000 });\n  res.status(201).end();\n});\napp.listen(3000);\n`,
  "ledger/package.json": { name: "ledger", main: "main.js", dependencies: { express: "*" } },
  "ledger/main.js": `require("express")().post("/v1/entries", (req, res) => res.end()).listen(4000);\n`,
});

describe("[U] a platform host followed at once by a path a value gives", () => {
  it("reaches the service the app is named after, and its host is a hardcoded endpoint", () => {
    const result = lintTree(tree("`https://ledger-x1y2.onrender.com${route}`"), { only: "hardcoded-endpoint" });
    expect(callPairs(result.model)).toEqual(["till → ledger"]);
    expect(result.findings.map((f) => f.message.slice(0, 49))).toEqual(["till calls POST https://ledger-x1y2.onrender.com{"]);
    expect(result.findings[0]!.message).toContain("(ledger) with the host name ledger-x1y2.onrender.com written into the code");
  });

  it("a host with a hole of its own (`http://ledger${suffix}`) is not cut there", () => {
    const result = lintTree(tree("`http://ledger${process.env.SUFFIX}/v1/entries`"), { only: "hardcoded-endpoint" });
    expect(result.findings).toEqual([]);
  });
});
