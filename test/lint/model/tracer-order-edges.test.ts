import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * Edges of which tracer a service loads and what its load site loads first (model/tracing.ts) that issue 15's
 * mutation run found untested.
 */

const tracersOf = (tree: Tree) => lintTree(tree, { only: "missing-tracing" }).model.tracers ?? [];
const SERVER = "services/orders/src/server.ts";

describe("[U] what the load site loads before the tracer", () => {
  it("an import on the tracer's own line, after it, is not loaded before it", () => {
    const tracers = tracersOf(
      service("services/orders", ["express", "dd-trace"], {
        "src/server.ts": `import "dd-trace/init"; import express from "express";\nconst app = express();\napp.listen(3000);\n`,
      }),
    );
    expect(tracers.map((t) => `${t.module} ${t.after?.module ?? "first"}`)).toEqual(["dd-trace/init first"]);
  });

  it("a module of the project that loads express as its second import is an application module", () => {
    const tracers = tracersOf(
      service("services/orders", ["express", "dd-trace"], {
        "src/server.ts": `import { app } from "./app";\nimport "dd-trace/init";\napp.listen(3000);\n`,
        "src/app.ts": `import { settings } from "./settings";\nimport express from "express";\nexport const app = express();\napp.set("name", settings.name);\n`,
        "src/settings.ts": `export const settings = { name: "orders" };\n`,
      }),
    );
    expect(tracers.map((t) => `${t.module} ${t.after ? `${t.after.module} ${t.after.location.file}:${t.after.location.line}` : "first"}`)).toEqual([`dd-trace/init ./app ${SERVER}:1`]);
  });
});

describe("[U] the tracer behind a side-effect import", () => {
  it("of a file that loads an instrumentation and then the SDK: the SDK, which starts tracing", () => {
    const tracers = tracersOf(
      service("services/orders", ["express", "@opentelemetry/sdk-node", "@opentelemetry/instrumentation-http"], {
        "src/server.ts": `import "./tracing";\nimport express from "express";\nexpress().listen(3000);\n`,
        "src/tracing.ts": `import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";\nimport { NodeSDK } from "@opentelemetry/sdk-node";\nnew NodeSDK({ instrumentations: [new HttpInstrumentation()] }).start();\n`,
      }),
    );
    expect(tracers.filter((t) => t.via).map((t) => `${t.module} ${t.location.file}:${t.location.line}`)).toEqual(["@opentelemetry/sdk-node services/orders/src/tracing.ts:2"]);
  });
});
