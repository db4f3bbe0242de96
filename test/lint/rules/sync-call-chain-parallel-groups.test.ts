import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * A handler that first awaits one service, then a group of others together (`Promise.all`, `allSettled`):
 * the group runs in parallel inside, but it waits for the first call, so the handler still pays both in a row.
 */

const plain = (name: string, path: string): Tree =>
  service(`services/${name}`, ["express"], { "src/server.js": `const express = require("express");\nconst app = express();\napp.get("${path}", (req, res) => res.json({}));\napp.listen(3000);\n` });

const compose: Tree = {
  "docker-compose.yml": "services:\n  desk:\n    build: ./services/desk\n  identity:\n    build: ./services/identity\n  ledger:\n    build: ./services/ledger\n  alerts:\n    build: ./services/alerts\n",
};

/** The desk's `GET /v1/overview` with the given body (`who`, `ledger`, `alerts` are fetch helpers of the file). */
const desk = (body: string): Tree => ({
  ...service("services/desk", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\nconst get = (url: string) => fetch(url).then((r) => r.json());\nasync function totals(id: string) {\n  return get(\`http://ledger:3000/v1/totals/\${id}\`);\n}\napp.get("/v1/overview", async (req, res) => {\n${body}\n});\napp.listen(3000);\n`,
  }),
  ...plain("identity", "/v1/me"),
  ...plain("ledger", "/v1/totals/:id"),
  ...plain("alerts", "/v1/alerts/:id"),
  ...compose,
});

const whoFirst = `  const me = await fetch("http://identity:3000/v1/me").then((r) => r.json());`;

ruleTester("sync-call-chain", {
  valid: [
    {
      name: "one awaited group and nothing before it: the calls run side by side",
      files: desk(`  const [me, sums] = await Promise.all([fetch("http://identity:3000/v1/me"), totals(req.params.id)]);\n  res.json({ me, sums });`),
    },
    {
      name: "a group whose promise is kept and awaited later is no step of its own (not read as one)",
      files: desk(`${whoFirst}\n  const later = Promise.allSettled([fetch(\`http://alerts:3000/v1/alerts/\${me.id}\`), totals(me.id)]);\n  res.json({ me, later: await later });`),
    },
    {
      name: "the first call and the group reach the same one service: nothing to run in parallel across services",
      files: desk(`  const me = await fetch("http://ledger:3000/v1/totals/me");\n  const [a, b] = await Promise.all([totals("a"), totals("b")]);\n  res.json({ me, a, b });`),
    },
  ],
  invalid: [
    {
      name: "awaits identity, then ledger and alerts together (Promise.allSettled): two steps, one after the other",
      files: desk(`${whoFirst}\n  const [sums, news] = await Promise.allSettled([\n    totals(me.id),\n    fetch(\`http://alerts:3000/v1/alerts/\${me.id}\`),\n  ]);\n  res.json({ me, sums, news });`),
      errors: [
        {
          messageId: "sequential",
          file: "services/desk/src/server.ts",
          line: 7,
          data: { service: "desk", route: "GET /v1/overview", targets: "identity,ledger,alerts" },
          evidence: [
            "desk GET /v1/overview is handled here",
            "awaits identity: GET http://identity:3000/v1/me",
            "awaits ledger, alerts together (in parallel: totals(), which calls ledger; alerts: GET http://alerts:3000/v1/alerts/{me.id})",
          ],
        },
      ],
    },
    {
      name: "a group returned from the async handler is awaited as well",
      files: desk(`${whoFirst}\n  return Promise.all([totals(me.id), fetch("http://alerts:3000/v1/alerts/" + me.id)]).then((x) => res.json(x));`),
      errors: [{ messageId: "sequential", file: "services/desk/src/server.ts", line: 7, data: { targets: "identity,ledger,alerts" } }],
    },
  ],
});

describe("[I] an awaited group is one step", () => {
  it("the group's step is located at the Promise.all call", () => {
    const result = lintTree(desk(`${whoFirst}\n  const [sums, news] = await Promise.all([totals(me.id), fetch(\`http://alerts:3000/v1/alerts/\${me.id}\`)]);\n  res.json({ me, sums, news });`), { only: "sync-call-chain" });
    const finding = result.findings.find((f) => f.messageId === "sequential");
    expect(finding?.evidence.map((hop) => `${hop.location.line}:${hop.location.column}`)).toEqual(["7:1", "8:20", "9:30"]);
  });
});
