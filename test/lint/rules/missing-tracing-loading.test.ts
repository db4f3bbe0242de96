import { ruleTester, type Tree } from "../helpers.js";

/**
 * Which tracing set-up a service really runs: one in a shared package reached through its build output's subpath,
 * one in a file nothing loads, and an entry that another module imports back.
 */

/** An express service at services/<name> started by `node dist/main.js`, with its other files. */
const service = (name: string, files: Record<string, string>, deps: Record<string, string> = {}): Tree => {
  const tree: Tree = {
    [`services/${name}/package.json`]: { name, main: "dist/main.js", scripts: { start: "node dist/main.js" }, dependencies: { express: "*", ...deps } },
  };
  for (const [path, content] of Object.entries(files)) tree[`services/${name}/${path}`] = content;
  return tree;
};

const server = (name: string, first = "") => `${first}import express from "express";\nconst app = express();\napp.post("/v1/${name}", (req, res) => res.json({}));\napp.listen(8080);\n`;

/** The shared kit's telemetry: a class that starts the OpenTelemetry SDK with the auto-instrumentations when asked. */
const kitTelemetry = `import { NodeSDK } from "@opentelemetry/sdk-node";\nimport { getNodeAutoInstrumentations } from "@opentelemetry/auto-instrumentations-node";\nexport class Telemetry {\n  private sdk = new NodeSDK({ instrumentations: [getNodeAutoInstrumentations()] });\n  begin(): void { this.sdk.start(); }\n}\n`;

/** The service's own start-up file, as the first import of its entry: it starts the kit's telemetry. */
const boot = `import { Telemetry } from "@shop/kit/dist/telemetry";\nnew Telemetry().begin();\n`;

const kit: Tree = {
  "packages/kit/package.json": { name: "@shop/kit", main: "dist/index.js", types: "dist/index.d.ts", dependencies: { "@opentelemetry/sdk-node": "*" } },
  "packages/kit/src/index.ts": `export const VERSION = "1";\n`,
  "packages/kit/src/telemetry/index.ts": `export * from "./starter";\n`,
  "packages/kit/src/telemetry/starter.ts": kitTelemetry,
};

/** The storefront's own older copy of the kit, by the same package name, without the telemetry. */
const storefrontCopy: Tree = {
  "web/storefront/package.json": { name: "storefront", dependencies: { react: "*", "@shop/kit": "file:./kit" } },
  "web/storefront/src/index.tsx": `import { VERSION } from "@shop/kit";\nexport const App = () => VERSION;\n`,
  "web/storefront/kit/package.json": { name: "@shop/kit", main: "dist/index.js", types: "dist/index.d.ts" },
  "web/storefront/kit/src/index.ts": `export const VERSION = "0";\n`,
};

ruleTester("missing-tracing", {
  valid: [
    {
      name: "the shared kit's telemetry through its build output's subpath (@shop/kit/dist/telemetry), beside a front end's own copy of the kit",
      files: {
        ...kit,
        ...storefrontCopy,
        ...service("carts", { "src/main.ts": server("carts", `import "./boot";\n`), "src/boot.ts": boot }, { "@shop/kit": "file:../../packages/kit" }),
        ...service("stock", { "src/main.ts": server("stock", `import "./boot";\n`), "src/boot.ts": boot }, { "@shop/kit": "file:../../packages/kit" }),
      },
    },
    {
      name: "an entry that starts its tracer first, which a health module loading express imports back",
      files: {
        ...service("carts", {
          "src/main.ts": `import "./tracing";\nimport express from "express";\nimport { mountHealth } from "./health";\nexport const started = Date.now();\nconst app = express();\nmountHealth(app);\napp.post("/v1/carts", (req, res) => res.json({}));\napp.listen(8080);\n`,
          "src/health.ts": `import express from "express";\nimport { started } from "./main";\nexport function mountHealth(app: express.Express): void {\n  app.get("/uptime", (req, res) => res.json({ since: started }));\n}\n`,
          "src/tracing.ts": kitTelemetry.replace("export class Telemetry {", "class Telemetry {") + "new Telemetry().begin();\n",
        }),
        ...service("stock", { "src/main.ts": server("stock", `import "./tracing";\n`), "src/tracing.ts": kitTelemetry + "new Telemetry().begin();\n" }),
      },
    },
    {
      name: "an agent file nothing imports, preloaded by a quoted NODE_OPTIONS in the script the Dockerfile runs",
      files: {
        ...service("carts", {
          "package.json": JSON.stringify({ name: "carts", main: "src/main.js", scripts: { start: "node src/main.js", agent: 'NODE_OPTIONS="-r ./agent.js" node src/main.js' }, dependencies: { express: "*", "elastic-apm-node": "*" } }),
          Dockerfile: `FROM node:24-slim\nCOPY . .\nCMD ["npm", "run", "agent"]\n`,
          "agent.js": `const agent = require("elastic-apm-node");\nagent.start({ serviceName: "carts" });\n`,
          "src/main.js": `const express = require("express");\nconst app = express();\napp.post("/v1/carts", (req, res) => res.json({}));\napp.listen(8080);\n`,
        }),
        ...service("stock", { "src/main.ts": server("stock", `import "./tracing";\n`), "src/tracing.ts": kitTelemetry + "new Telemetry().begin();\n" }),
      },
    },
  ],
  invalid: [
    {
      name: "a tracing set-up file that nothing imports (the entry imports another one, which only logs) starts nothing",
      files: {
        ...service("carts", {
          "src/main.ts": server("carts", `import "./tracing";\n`),
          "src/tracing.ts": `console.log("tracing on");\nexport const tracing = { on: true };\n`,
          "src/tracing-setup.ts": kitTelemetry + "new Telemetry().begin();\n",
        }),
        ...service("stock", { "src/main.ts": server("stock", `import "./tracing";\n`), "src/tracing.ts": kitTelemetry + "new Telemetry().begin();\n" }),
      },
      errors: [{ messageId: "missing", file: "services/carts/src/main.ts", line: 1, data: { service: "carts" } }],
    },
  ],
});
