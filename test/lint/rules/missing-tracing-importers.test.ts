import { ruleTester, type Tree } from "../helpers.js";

/**
 * The tracer is started from a module that is itself loaded late: the entry loads express, then a module whose first
 * import starts the instrumentations. Express was loaded before the hooks were set, so its requests make no spans,
 * though the module loads its tracer first. A module loaded first by any importer is loaded in time.
 */

/** Starts hooking instrumentations (no SDK): what a hand-made set-up registers. */
const telemetry = `import { registerInstrumentations } from "@opentelemetry/instrumentation";\nimport { HttpInstrumentation } from "@opentelemetry/instrumentation-http";\nimport { ExpressInstrumentation } from "@opentelemetry/instrumentation-express";\nregisterInstrumentations({ instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()] });\nexport const started = true;\n`;

/** A middleware module whose first import starts the instrumentations. */
const timing = `import "../telemetry";\nexport function timing(req: unknown, res: unknown, next: () => void) {\n  next();\n}\n`;

/** The stock service: `head` imports at the top of src/index.ts, then the app serving GET /v1/stock. */
const stock = (head: string, files: Record<string, string> = {}): Tree => {
  const tree: Tree = {
    "services/stock/package.json": { name: "stock", scripts: { start: "node dist/index.js" }, dependencies: { express: "*", "@opentelemetry/instrumentation": "*" } },
    "services/stock/src/index.ts": `${head}const app = express();\napp.use(timing);\napp.get("/v1/stock", (req, res) => res.json([]));\napp.listen(3000);\n`,
    "services/stock/src/telemetry.ts": telemetry,
    "services/stock/src/middleware/timing.ts": timing,
  };
  for (const [path, content] of Object.entries(files)) tree[`services/stock/${path}`] = content;
  return tree;
};

/** A second service that starts its SDK first, so the repository has two services and only stock is judged. */
const shipping: Tree = {
  "services/shipping/package.json": { name: "shipping", scripts: { start: "node --require @opentelemetry/auto-instrumentations-node/register dist/index.js" }, dependencies: { express: "*" } },
  "services/shipping/src/index.ts": `import express from "express";\nconst app = express();\napp.get("/v1/shipments", (req, res) => res.json([]));\napp.listen(3001);\n`,
};

ruleTester("missing-tracing", {
  valid: [
    {
      name: "the module that starts the tracer is imported before express",
      files: { ...stock(`import { timing } from "./middleware/timing";\nimport express from "express";\n`), ...shipping },
    },
    {
      name: "the entry loads that module first through another one (a boot module), before express",
      files: { ...stock(`import "./boot";\nimport express from "express";\nimport { timing } from "./middleware/timing";\n`, { "src/boot.ts": `import "./middleware/timing";\n` }), ...shipping },
    },
  ],
  invalid: [
    {
      name: "the entry imports express, then the middleware module whose first import starts the instrumentations",
      files: { ...stock(`import express from "express";\nimport { timing } from "./middleware/timing";\n`), ...shipping },
      errors: [
        {
          messageId: "late",
          file: "services/stock/src/middleware/timing.ts",
          line: 1,
          data: { service: "stock", after: "express" },
          evidence: ["stock serves GET /v1/stock", "express is loaded here, before the tracer", "the tracer is loaded here, too late", "@opentelemetry/instrumentation is imported here"],
        },
      ],
    },
    {
      name: "two levels up: the entry loads express, then a routes module, whose first import is the middleware module",
      files: {
        ...stock(`import express from "express";\nimport { timing } from "./routes";\n`, { "src/routes.ts": `import { timing as measured } from "./middleware/timing";\nexport const timing = measured;\n` }),
        ...shipping,
      },
      errors: [{ messageId: "late", file: "services/stock/src/middleware/timing.ts", line: 1, data: { service: "stock", after: "express" } }],
    },
  ],
});
