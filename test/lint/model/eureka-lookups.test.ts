import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * A URL built from the instance eureka-js-client's registry answers with (`getInstancesByAppId("billing-api")`) cannot
 * be followed; the name asked for, in the same function and branch as the call, says which service the call reaches.
 */

const edge = [
  'const express = require("express");',
  'const { Eureka } = require("eureka-js-client");',
  "const registry = new Eureka({ instance: { app: 'edge' }, eureka: { host: 'registry', port: 8761 } });",
  "registry.start();",
  "const pick = (instances) => `http://${instances[0].hostName}:${instances[0].port.$}`;",
  "const app = express();",
  'app.all("/v1/*", async (req, res) => {',
  '  if (req.path.startsWith("/v1/invoices")) {',
  '    const base = pick(registry.getInstancesByAppId("billing-api"));',
  "    res.json(await (await fetch(base + req.path)).json());",
  "  } else {",
  '    const base = pick(registry.getInstancesByAppId("ledger-api"));',
  "    res.json(await (await fetch(base + req.path)).json());",
  "  }",
  "});",
  "app.listen(8080);",
].join("\n");

const api = (path: string) => `const app = require("express")();\napp.get("${path}", (req, res) => res.json([]));\napp.listen(3000);\n`;

describe("[U] a service looked up in Eureka by name", () => {
  it("each call resolves to the service its own branch asked the registry for", () => {
    const result = lintTree(
      {
        "docker-compose.yml": "services:\n  edge:\n    build: ./edge\n  billing-api:\n    build: ./billing-api\n  ledger-api:\n    build: ./ledger-api\n",
        ...service("edge", ["express", "eureka-js-client"], { "src/server.js": edge }),
        ...service("billing-api", ["express"], { "src/server.js": api("/v1/invoices") }),
        ...service("ledger-api", ["express"], { "src/server.js": api("/v1/entries") }),
      },
      { only: "unprotected-call" },
    );
    const edgeCalls = result.model.calls.filter((c) => c.service === "edge");
    expect(edgeCalls.map((c) => [c.location.line, c.targetService])).toEqual([
      [10, "billing-api"],
      [13, "ledger-api"],
    ]);
    expect(edgeCalls[0]!.resolution).toContain('Eureka asked for "billing-api"');
    expect(result.findings.map((f) => f.location.line)).toEqual([10, 13]);
  });
});

describe("[U] a service looked up in Consul by name", () => {
  it("the call built from the instance Consul answers with reaches the service asked for", () => {
    const edge = [
      'const express = require("express");',
      'const axios = require("axios");',
      'const Consul = require("consul");',
      'const registry = new Consul({ host: "registry" });',
      "const app = express();",
      'app.get("/v1/invoices/:id", async (req, res) => {',
      '  const [entry] = await registry.health.service({ service: "billing-api", passing: true });',
      "  const base = `http://${entry.Service.Address}:${entry.Service.Port}`;",
      '  res.json((await axios.get(base + "/v1/invoices/" + req.params.id)).data);',
      "});",
      "app.listen(8080);",
    ].join("\n");
    const result = lintTree(
      {
        "docker-compose.yml": "services:\n  edge:\n    build: ./edge\n  billing-api:\n    build: ./billing-api\n",
        ...service("edge", ["express", "axios", "consul"], { "src/server.js": edge }),
        ...service("billing-api", ["express"], { "src/server.js": api("/v1/invoices/:id") }),
      },
      { only: "unprotected-call" },
    );
    const call = result.model.calls.find((c) => c.service === "edge");
    expect(call?.targetService).toBe("billing-api");
    expect(call?.resolution).toContain('Consul asked for "billing-api"');
  });
});
