import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dependencySet } from "./service-deps.js";
import { tempDir } from "./temp.js";

/** The dependency set names the shared install: services share it exactly when npm would install the same thing. */
describe("dependencySet", () => {
  const manifest = {
    name: "orders",
    version: "0.1.0",
    description: "The orders service",
    type: "module",
    dependencies: { fastify: "5.12.8" },
    devDependencies: { typescript: "7.0.2", "create-service": "file:vendor/create-service-0.1.0.tgz" },
    overrides: { "@fastify/otel": { "@opentelemetry/core": "3.1.0" } },
  };
  function service(changes: Record<string, unknown> = {}, files: Record<string, string> = {}): string {
    const dir = tempDir("create-service-deps-set-");
    writeFileSync(join(dir, "package.json"), JSON.stringify({ ...manifest, ...changes }, null, 2));
    const all = { ".npmrc": "engine-strict=true\n", "vendor/create-service-0.1.0.tgz": "tarball bytes", ...files };
    for (const [path, content] of Object.entries(all)) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    return dir;
  }
  const key = (dir: string): string => dependencySet(dir).key;

  it("is the same for services that differ only in name, version and description", () => {
    expect(key(service({ name: "checkout", version: "2.0.0", description: "Another one" }))).toBe(key(service()));
  });

  it.each([
    ["a dependency's version", { dependencies: { fastify: "5.12.9" } }, {}],
    ["one more dependency", { dependencies: { fastify: "5.12.8", opossum: "10.0.0" } }, {}],
    ["an override", { overrides: {} }, {}],
    ["the scripts npm runs at install", { scripts: { prepare: "echo hi" } }, {}],
    ["the .npmrc", {}, { ".npmrc": "engine-strict=false\n" }],
    ["the content of a file: tarball", {}, { "vendor/create-service-0.1.0.tgz": "other bytes" }],
  ])("changes with %s", (_what, changes, files) => {
    expect(key(service(changes, files))).not.toBe(key(service()));
  });

  it("carries the files a file: spec points at, and refuses one outside the service", () => {
    expect([...dependencySet(service()).files.keys()].sort()).toEqual([".npmrc", "package.json", "vendor/create-service-0.1.0.tgz"]);
    const outside = service({ devDependencies: { tool: "file:../tool.tgz" } });
    expect(() => dependencySet(outside)).toThrow(/file:\.\.\/tool\.tgz: a generated service must carry what a file: spec points at inside its own folder/);
    const missing = service({ devDependencies: { tool: "file:vendor/missing.tgz" } });
    expect(() => dependencySet(missing)).toThrow(/depends on file:vendor\/missing\.tgz, which is not in/);
  });
});
