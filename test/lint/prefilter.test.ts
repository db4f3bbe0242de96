import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/lint/config.js";
import { lint, mayContainFacts } from "../../src/lint/engine.js";

const SHOP = fileURLToPath(new URL("../fixtures/lint/shop", import.meta.url));

describe("[U] the prefilter skips only files that cannot contribute", () => {
  it("keeps files with frameworks, clients, env, SQL, paths, project imports or suppressions", () => {
    for (const text of [
      `import express from "express";`,
      `const r = await fetch(url);`,
      `const u = process.env.USERS_URL;`,
      `const q = "SELECT * FROM t";`,
      `export const PATH = "/v1/items";`,
      `export const API_VERSION = "v1";`,
      // A table of the services' addresses, one map per service, that client classes read (`SERVICES.billing.url`).
      `export const SERVICES = {\n  billing: {\n    url: "billing:7100",\n  },\n};`,
      // An address written as a setting of an object, whatever the constant is called (`billingConfig.hostname`).
      `export const billingConfig = { hostname: "billing", port: 7100 };`,
      `import { helper } from "./helper.js";`,
      `import { lib } from "@acme/lib";`,
      `import "./telemetry.js";`,
      // A start-up function sets it (a publisher a factory makes), and handlers call it: model/factory-topics.ts.
      `export let orderCreated: (order: Order) => void;`,
      `// arch-lint-disable-next-line unversioned-route`,
      // A generic holder whose accessor hands back what it wraps (`this.held.unwrap().run()`): extract/class-bases.ts.
      `export class Holder<T> {\n  constructor(private readonly inner: T) {}\n  unwrap(): T { return this.inner; }\n}`,
      // A message contract's topic kept in a namespace (`ChargeCard.topic`), which senders and handlers both import.
      `export namespace ChargeCard {\n  export const topic = "charge.card";\n  export class Request { id: string; }\n}`,
      // A module loaded by a path built at run time may be any file: model/unloaded-routers.ts must see the load.
      `for (const name of readdirSync(dir)) require(join(dir, name));`,
      "const mod = await import(`./handlers/${name}.js`);",
    ]) {
      expect(mayContainFacts(text), text).toBe(true);
    }
  });

  it("skips plain code with only package imports", () => {
    expect(mayContainFacts(`import { z } from "zod";\nexport function clamp(v: number) { return Math.min(1, v); }\nconst cache = new Map();\ncache.get(key);\n`)).toBe(false);
    // A constant of numbers and plain settings is no table of addresses.
    expect(mayContainFacts(`export const LIMITS = { page: 1, size: 20, nested: { depth: 2 } };\n`)).toBe(false);
    // A generic utility class whose methods never hand back what it was made around is no holder.
    expect(mayContainFacts(`export class Cache<K, V> {\n  private readonly entries = new Map<K, V>();\n  get(key: K): V | undefined { return this.entries.get(key); }\n  set(key: K, value: V): void { this.entries.set(key, value); }\n}\n`)).toBe(false);
  });

  it("gives the same findings with and without it on the shop fixture", () => {
    const run = (prefilter: boolean) => lint({ cwd: SHOP, paths: ["."], config: defaultConfig(join(SHOP)), prefilter }).findings.map((f) => f.fingerprint);
    expect(run(true)).toEqual(run(false));
  });
});
