import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/**
 * An argument that is an HTTP function (`register(app, options.requestFn ?? request)`): the callee may send with it,
 * so the call records which client it stands for (callees' flowArgs, followed by model/value-flow.ts).
 */

const args = (code: string) => facts(code).callees.flatMap((c) => (c.flowArgs ?? []).slice(1).map((a) => (a?.kind === "http" ? a.client : (a?.kind ?? null))));

describe("[U] HTTP functions handed to other functions", () => {
  it("undici's request and fetch, by name, through its namespace, behind a cast or as an override's fallback; the global fetch", () => {
    expect(
      args(
        [
          `import { request } from "undici";`,
          `import * as undici from "undici";`,
          `import { register } from "./routes";`,
          `export function start(app, options) {`,
          `  register(app, options.requestFn || request, (options.fetchFn as any) ?? undici.fetch, undici.request, (request as typeof request), fetch);`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["undici", "undici", "undici", "undici", "fetch"]);
  });

  it("undici's other functions, another module's request, a guarded value and a parameter named request are not HTTP functions", () => {
    expect(
      args(
        [
          `import * as undici from "undici";`,
          `import * as jobs from "./jobs";`,
          `import { register } from "./routes";`,
          `export function start(app, options, request) {`,
          `  register(app, undici.stream, jobs.request, options.enabled && options.requestFn, request);`,
          `}`,
        ].join("\n"),
      ).map((a) => a === "undici" || a === "fetch"),
    ).toEqual([false, false, false, false]);
  });

  it("behind locals (up to three) and a cast in a fallback; undici's default import; a cycle of locals ends", () => {
    expect(
      args(
        [
          `import undici, { request } from "undici";`,
          `import { register } from "./routes";`,
          `export function start(app, options) {`,
          `  const first = request;`,
          `  const second = first;`,
          `  const third = second;`,
          `  var a = b, b = a;`,
          `  register(app, third, options.requestFn ?? (request as typeof request), undici.request, a);`,
          `}`,
        ].join("\n"),
      ),
    ).toEqual(["undici", "undici", "undici", null]);
  });

  it("fetch imported from undici is undici's", () => {
    expect(args(`import { fetch } from "undici";\nimport { register } from "./routes";\nexport function start(app) {\n  register(app, fetch);\n}\n`)).toEqual(["undici"]);
  });
});
