import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";
import type { LintResult } from "../../../src/lint/types.js";

/**
 * A call made in a loop over a literal list of hosts (an event bus relaying each event to its subscribers) is one call
 * per host, as a reader counts them. A `forEach` with an async callback drops each run's promise, so the handler waits
 * for none of them (no chain through it, no steps one after another); `for…of` with `await` calls them in turn.
 */

const listener = (name: string): Tree =>
  service(`services/${name}`, ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/events", (req, res) => res.end());\napp.listen(3000);\n`,
  });

const relay = (loop: string): Tree =>
  service("services/relay", ["express", "axios"], {
    "src/server.ts": `import express from "express";\nimport axios from "axios";\nconst app = express();\nconst HOSTS = ["ledger:3000", "mailer:3000"];\napp.post("/v1/events", async (req, res) => {\n${loop}\n  res.end();\n});\napp.listen(3000);\n`,
  });

const scan = (loop: string): LintResult =>
  lintTree({ ...listener("ledger"), ...listener("mailer"), ...relay(loop), ...service("services/shop", ["express", "axios"], {
    "src/server.ts": `import express from "express";\nimport axios from "axios";\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  await axios.post(\`\${process.env.RELAY_URL}/v1/events\`, req.body, { timeout: 500 });\n  res.end();\n});\napp.listen(3000);\n` }),
    "docker-compose.yml": "services:\n  relay:\n    build: ./services/relay\n  ledger:\n    build: ./services/ledger\n  mailer:\n    build: ./services/mailer\n  shop:\n    build: ./services/shop\n    environment:\n      RELAY_URL: http://relay:3000\n",
  });

const byRule = (result: LintResult, rule: string) => result.findings.filter((f) => f.ruleId === rule).map((f) => `${f.location.line} ${f.message.split(" while ")[0]!.split(" with ")[0]}`);

describe("calls in a loop over a literal list of hosts", () => {
  it("forEach with an async callback: one call per host, none of them waited for by the handler", () => {
    const result = scan("  HOSTS.forEach(async (host) => {\n    await axios.post(`http://${host}/v1/events`, req.body);\n  });");
    expect(result.model.calls.filter((c) => c.service === "relay").map((c) => `${c.targetService} ${c.url}`)).toEqual(["ledger http://ledger:3000/v1/events", "mailer http://mailer:3000/v1/events"]);
    expect(byRule(result, "unprotected-call")).toEqual(["7 relay calls ledger (POST http://ledger:3000/v1/events)", "7 relay calls mailer (POST http://mailer:3000/v1/events)"]);
    expect(byRule(result, "hardcoded-endpoint")).toHaveLength(2);
    expect(byRule(result, "sync-call-chain")).toEqual([]);
  });

  it("Promise.all over a map with an async callback: the handler waits for all of them together, not one after another", () => {
    const result = scan("  await Promise.all(HOSTS.map(async (host) => {\n    await axios.post(`http://${host}/v1/events`, req.body);\n  }));");
    expect(byRule(result, "sync-call-chain").filter((f) => f.includes("one after another"))).toEqual([]);
    expect(byRule(result, "sync-call-chain").filter((f) => f.includes("chain of"))).toHaveLength(2);
  });

  it("for…of with await: the handler calls them in turn", () => {
    const result = scan("  for (const host of HOSTS) {\n    await axios.post(`http://${host}/v1/events`, req.body);\n  }");
    expect(byRule(result, "sync-call-chain").map((f) => f.replace(/;.*/, ""))).toEqual([
      "5 POST /v1/events in relay awaits ledger and mailer one after another",
      "5 POST /v1/orders in shop waits on a chain of 2 synchronous calls (more than 1): shop POST /v1/orders → relay POST /v1/events → ledger POST /v1/events",
      "5 POST /v1/orders in shop waits on a chain of 2 synchronous calls (more than 1): shop POST /v1/orders → relay POST /v1/events → mailer POST /v1/events",
    ]);
  });
});
