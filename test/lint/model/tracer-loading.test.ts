import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * The tracers the model finds, whole: missing-tracing reports a service with none, and one whose tracer loads after
 * the server framework (its instrumentations never patch what was loaded first). Each tracer with where it is
 * loaded, through which imports, and what application module its load site loads before it.
 */

const tracersOf = (tree: Tree) => lintTree(tree, { only: "missing-tracing" }).model.tracers ?? [];
const at = (file: string, line: number) => ({ file, line, column: 1 });
const sdk = `import { NodeSDK } from "@opentelemetry/sdk-node";\nnew NodeSDK().start();\n`;

describe("[U] buildTracers", () => {
  it("a tracer loaded after express: the file's own tracer, and the tracer behind its side-effect import, each after express", () => {
    const server = "services/orders/src/server.ts";
    const tracing = "services/orders/src/tracing.ts";
    const tracers = tracersOf(
      service("services/orders", ["express", "@opentelemetry/sdk-node"], {
        "src/server.ts": `import express from "express";\nimport "./tracing";\nexpress().listen(3000);\n`,
        "src/tracing.ts": sdk,
      }),
    );
    expect(tracers).toEqual([
      { service: "orders", module: "./tracing", location: at(server, 2), after: { module: "express", location: at(server, 1) }, unimported: true },
      { service: "orders", module: "@opentelemetry/sdk-node", location: at(tracing, 1), via: [at(server, 2)], after: { module: "express", location: at(server, 1) }, unimported: true },
      { service: "orders", module: "@opentelemetry/sdk-node", location: at(tracing, 1) },
    ]);
  });

  it("loaded first, or after an import never used: nothing before it", () => {
    const tracers = tracersOf(
      service("services/orders", ["express", "dd-trace"], {
        "src/server.ts": `import type { Request } from "express";\nimport express from "express";\nrequire("dd-trace").init();\nconst app = express();\napp.listen(3000);\n`,
      }),
    );
    // `import type` is erased: the tracer is loaded on line 3 after express (line 2), which is used.
    // No file imports server.ts (the entry): unimported, which missing-tracing weighs against the service's entry.
    expect(tracers).toEqual([{ service: "orders", module: "dd-trace", location: at("services/orders/src/server.ts", 3), after: { module: "express", location: at("services/orders/src/server.ts", 2) }, unimported: true }]);
    const first = tracersOf(
      service("services/orders", ["express", "dd-trace"], {
        "src/server.ts": `require("dd-trace").init();\nimport express from "express";\nimport { unusedThing } from "fastify";\nrequire("newrelic");\nexpress().listen(3000);\n`,
      }),
    );
    expect(first.map((t) => [t.module, t.after?.module])).toEqual([
      ["dd-trace", undefined],
      ["newrelic", "express"],
    ]);
  });

  it("a project module that loads the framework, up to two imports deeper, counts as loading it", () => {
    const files = (depth: number): Record<string, string> => {
      const chain: Record<string, string> = {};
      for (let i = 0; i < depth; i++) chain[`src/app${i}.ts`] = `import { a } from "./app${i + 1}";\nexport const app = a;\n`;
      chain[`src/app${depth}.ts`] = `import express from "express";\nexport const a = express();\n`;
      return { ...chain, "src/server.ts": `import { app } from "./app0";\nimport "./tracing";\napp.listen(3000);\n`, "src/tracing.ts": sdk };
    };
    // Both tracers loaded from server.ts (its own import of ./tracing, and the SDK behind it) ask the same question: answered alike.
    const afterOf = (depth: number) =>
      tracersOf(service("services/orders", ["express", "@opentelemetry/sdk-node"], files(depth)))
        .filter((t) => (t.via?.[0] ?? t.location).file === "services/orders/src/server.ts")
        .map((t) => [t.module, t.after]);
    const after = { module: "./app0", location: at("services/orders/src/server.ts", 1) };
    expect(afterOf(2)).toEqual([
      ["./tracing", after],
      ["@opentelemetry/sdk-node", after],
    ]);
    expect(afterOf(3)).toEqual([
      ["./tracing", undefined],
      ["@opentelemetry/sdk-node", undefined],
    ]);
  });

  it("a tracer behind side-effect imports is followed three modules deep, not four", () => {
    const chain = (depth: number): Record<string, string> => {
      const files: Record<string, string> = { "src/server.ts": `import "./tracing0";\nimport express from "express";\nexpress().listen(3000);\n` };
      for (let i = 0; i < depth - 1; i++) files[`src/tracing${i}.ts`] = `// setup\nimport "./tracing${i + 1}";\n`;
      files[`src/tracing${depth - 1}.ts`] = sdk;
      return files;
    };
    const fromServer = (depth: number) =>
      tracersOf(service("services/orders", ["express", "@opentelemetry/sdk-node"], chain(depth)))
        .filter((t) => t.via?.[0]?.file === "services/orders/src/server.ts")
        .map((t) => ({ module: t.module, file: t.location.file, via: t.via!.map((hop) => `${hop.file.split("/").pop()}:${hop.line}`) }));
    expect(fromServer(3)).toEqual([{ module: "@opentelemetry/sdk-node", file: "services/orders/src/tracing2.ts", via: ["server.ts:1", "tracing0.ts:2", "tracing1.ts:2"] }]);
    expect(fromServer(4)).toEqual([]);
  });

  it("a library's tracer: through a side-effect import (followed to the tracer), or for each service that imports a name of it", () => {
    const tree: Tree = {
      "package.json": { name: "shop", private: true, workspaces: ["apps/*", "packages/*"] },
      "packages/platform/package.json": { name: "@shop/platform", main: "src/index.ts", dependencies: { "dd-trace": "*" } },
      "packages/platform/src/index.ts": `import tracer from "dd-trace";\ntracer.init();\nexport { tracer };\n`,
      ...service("apps/orders", ["express", "@shop/platform"], { "src/server.ts": `import "@shop/platform";\nimport express from "express";\nexpress().listen(3000);\n` }),
      ...service("apps/users", ["express", "@shop/platform"], { "src/server.ts": `import express from "express";\nimport { tracer } from "@shop/platform";\ntracer.use("express");\nexpress().listen(3000);\n` }),
    };
    const library = at("packages/platform/src/index.ts", 1);
    expect(tracersOf(tree).filter((t) => t.module === "dd-trace")).toEqual([
      { service: "orders", module: "dd-trace", location: library, via: [at("apps/orders/src/server.ts", 1)], unimported: true },
      { service: "users", module: "dd-trace", location: library, via: [at("apps/users/src/server.ts", 2)], after: { module: "express", location: at("apps/users/src/server.ts", 1) }, unimported: true },
    ]);
  });
});
