import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * One package that a deployment file runs as several services, each on a file of its own: compose entries whose
 * `command` runs `npm run ledger` / `node payouts.js`. Each service owns the file it starts; the package's other files
 * are shared by the entries that import them, as for a package started by hand (model/entry-services.ts).
 */
function bank(compose: string, extra: Tree = {}): Tree {
  return {
    "package.json": { name: "bank", dependencies: { express: "*" }, scripts: { ledger: "nodemon ledger.js", payouts: "node ./payouts.js", test: "curl http://localhost:5001/" } },
    "tracing.js": `const { NodeSDK } = require("@opentelemetry/sdk-node");\nnew NodeSDK().start();\n`,
    "ledger.js": `require("./tracing");\nconst express = require("express");\nconst app = express();\napp.post("/v1/entries", async (req, res) => {\n  const r = await fetch("http://payouts:5002/v1/payouts", { method: "POST" });\n  res.json(await r.json());\n});\napp.listen(5001);\n`,
    "payouts.js": `const express = require("express");\nconst app = express();\napp.post("/v1/payouts", (req, res) => res.json({}));\napp.listen(5002);\n`,
    "docker-compose.yml": compose,
    ...extra,
  };
}
const byScript = `services:\n  ledger:\n    build: .\n    command: npm run ledger\n  payouts:\n    build: .\n    command: ["npm", "run", "payouts"]\n`;

describe("[I] several compose services of one package, each started on a file of its own", () => {
  it("each owns the file its command starts: its routes and calls are its own, the call reaches the other", () => {
    const result = lintTree(bank(byScript));
    expect(result.model.services.map((s) => `${s.name} ${s.entry ?? "-"}`)).toEqual(["ledger ledger.js", "payouts payouts.js"]);
    expect(result.model.routes.map((r) => `${r.service} ${r.method} ${r.path}`)).toEqual(["ledger POST /v1/entries", "payouts POST /v1/payouts"]);
    expect(result.model.calls.map((c) => `${c.service} → ${c.targetService} ${c.targetRoute ?? ""}`)).toEqual(["ledger → payouts payouts POST /v1/payouts"]);
    // The shared tracer is ledger's (it requires it), not payouts'.
    expect(result.findings.filter((f) => f.ruleId === "missing-tracing").map((f) => f.data.service)).toEqual(["payouts"]);
    expect(result.diagnostics.filter((d) => /runs the code of/.test(d.message))).toEqual([]);
  });

  it("a command naming the file itself, and a built file whose source is in src/", () => {
    const direct = `services:\n  ledger:\n    build: .\n    command: node ledger.js\n  payouts:\n    build: .\n    command: node --enable-source-maps dist/payouts.js\n`;
    const moved = bank(direct, { "payouts.js": undefined as unknown as string, "src/payouts.ts": `import express from "express";\nconst app = express();\napp.post("/v1/payouts", (req, res) => res.json({}));\napp.listen(5002);\n` });
    delete (moved as Record<string, unknown>)["payouts.js"];
    expect(lintTree(moved).model.services.map((s) => `${s.name} ${s.entry ?? "-"}`)).toEqual(["ledger ledger.js", "payouts src/payouts.ts"]);
  });

  it("stays as it was when two of them start the same file, or one's command names no file of the package", () => {
    const same = `services:\n  ledger:\n    build: .\n    command: npm run ledger\n  ledger-worker:\n    build: .\n    command: npm run ledger\n`;
    expect(lintTree(bank(same)).model.services.every((s) => s.entry === undefined)).toBe(true);
    const unknown = `services:\n  ledger:\n    build: .\n    command: npm run ledger\n  payouts:\n    build: .\n    command: npm run missing\n`;
    const result = lintTree(bank(unknown));
    expect(result.model.services.every((s) => s.entry === undefined)).toBe(true);
    expect(result.diagnostics.filter((d) => /runs the code of/.test(d.message)).length).toBe(1);
  });
});

describe("[I] compose services of one package whose commands are not written (their Dockerfiles are not committed)", () => {
  it("one named like a file of the package starts that file, the last one the package's start script", () => {
    const compose = `services:\n  ledger:\n    build:\n      context: .\n      dockerfile: Dockerfile.ledger\n  payouts-api:\n    build:\n      context: .\n      dockerfile: Dockerfile.api\n`;
    const tree = bank(compose, { "package.json": { name: "bank", dependencies: { express: "*" }, scripts: { start: "node payouts.js", ledger: "nodemon ledger.js" } } });
    expect(lintTree(tree).model.services.map((s) => `${s.name} ${s.entry ?? "-"}`)).toEqual(["ledger ledger.js", "payouts-api payouts.js"]);
    // Nothing to go by for either: as before.
    const neither = bank(compose.replace(/ledger/g, "books"), { "package.json": { name: "bank", dependencies: { express: "*" } } });
    expect(lintTree(neither).model.services.every((s) => s.entry === undefined)).toBe(true);
  });
});
