import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * Services that find each other through a registry (Consul, Eureka): a helper asked for a service by its name
 * (`await findService("ledger-service")`) returns its base URL, and the call goes on from there.
 */
const tree = (name: string): Tree => ({
  "docker-compose.yml": "services:\n  ledger:\n    build: ./ledger\n  billing:\n    build: ./billing\n  consul:\n    image: hashicorp/consul:1.19\n",
  ...service("ledger", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/entries/:id", (req, res) => res.json({}));\napp.listen(3000);\n` }),
  ...service("billing", ["express", "axios"], {
    "src/registry.ts": `import axios from "axios";\nexport async function findService(name: string): Promise<string> {\n  const { data } = await axios.get(\`http://\${process.env.CONSUL_HOST}/v1/health/service/\${name}\`, { timeout: 1000 });\n  return \`http://\${data[0].Service.Address}:\${data[0].Service.Port}\`;\n}\n`,
    "src/server.ts": `import express from "express";\nimport axios from "axios";\nimport { findService } from "./registry";\nconst app = express();\napp.get("/v1/invoices/:id", async (req, res) => {\n  const entry = await axios.get(\`\${await findService("${name}")}/v1/entries/\${req.params.id}\`, { timeout: 2000 });\n  res.json(entry.data);\n});\napp.listen(3000);\n`,
  }),
});

describe("[U] services looked up by name in a registry", () => {
  it("a base URL a function returns for a service's name (also but for a -service suffix) reaches that service", () => {
    const result = lintTree(tree("ledger-service"), { only: "unprotected-call" });
    const call = result.model.calls.find((c) => c.url.includes("/v1/entries/"));
    expect(call?.targetService).toBe("ledger");
    expect(call?.targetRoute).toBe("ledger GET /v1/entries/:id");
    expect(call?.resolution).toBe('await findService("ledger-service") (a service looked up by its name at run time)');
  });

  it("a name no service goes by reaches none", () => {
    const result = lintTree(tree("archive"), { only: "unprotected-call" });
    expect(result.model.calls.find((c) => c.url.includes("/v1/entries/"))?.targetService).toBeUndefined();
  });
});
