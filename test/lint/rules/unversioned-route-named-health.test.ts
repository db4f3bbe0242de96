import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * Each service answers its own probe under a path named after it (`/billing-health` in billing, `/ledgers-health` in
 * ledger), as a gateway that checks several services tells them apart: a probe, like `/health`. A path that joins
 * another word to `health` is a resource (`/mental-health` of a clinic's API).
 */
const app = (routes: string) => `const express = require("express");\nconst app = express();\n${routes}\napp.listen(3000);\n`;
const tree = (billing: string, clinic: string): Tree => ({
  ...service("services/billing", ["express"], { "src/server.ts": app(billing) }),
  ...service("services/clinic", ["express"], { "src/server.ts": app(clinic) }),
});
const flagged = (t: Tree) =>
  lintTree(t, { only: "unversioned-route" })
    .findings.filter((f) => f.ruleId === "unversioned-route")
    .map((f) => `${f.data?.service} ${f.data?.method} ${f.data?.path}`)
    .sort();

describe("[U] unversioned-route: a health probe named after its service", () => {
  it("is a probe under the service's name or a generic one, at the root or under mount segments", () => {
    const billing = `app.get("/billing-health", (req, res) => res.send("ok"));\napp.get("/api/service_health", (req, res) => res.send("ok"));\napp.post("/v1/invoices", (req, res) => res.sendStatus(201));`;
    const clinic = `app.get("/clinic-health", (req, res) => res.send("ok"));\napp.get("/v1/visits", (req, res) => res.json([]));`;
    expect(flagged(tree(billing, clinic))).toEqual([]);
  });

  it("is a resource when the word is not the service's, when it follows a resource, or when it takes writes", () => {
    const billing = `app.post("/billing-health", (req, res) => res.sendStatus(204));\napp.get("/invoices/billing-health", (req, res) => res.json({}));`;
    const clinic = `app.get("/mental-health", (req, res) => res.json([]));`;
    expect(flagged(tree(billing, clinic))).toEqual([
      "billing GET /invoices/billing-health",
      "billing POST /billing-health",
      "clinic GET /mental-health",
    ]);
  });
});
