import { mkdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, ensureBuilt, staleBecause } from "./build.js";
import { tempDir } from "./temp.js";

describe("the dist/ the CLI tests run", () => {
  it("is built from the src/ under test, however vitest was started (test/global-setup.ts)", () => {
    expect(staleBecause(ROOT)).toBeUndefined();
  });
});

describe("ensureBuilt", () => {
  /** A project with one source file, built by this repository's tsc. */
  function project(): string {
    const root = tempDir("create-service-build-");
    mkdirSync(join(root, "src"));
    writeFileSync(join(root, "src", "a.ts"), "export const a: number = 1;\n");
    writeFileSync(join(root, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(join(root, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "nodenext", target: "es2023", strict: true, types: [] } }));
    writeFileSync(join(root, "tsconfig.build.json"), JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { rootDir: "src", outDir: "dist" }, include: ["src"] }));
    symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
    return root;
  }
  const touch = (path: string): void => utimesSync(path, new Date(), new Date());

  it("builds when dist/ is missing, then only when a source or a config is newer", () => {
    const root = project();
    expect(staleBecause(root)).toBe("dist/ does not exist");
    expect(ensureBuilt(root)).toBe(true);
    expect(readFileSync(join(root, "dist", "a.js"), "utf8")).toContain("export const a = 1;");
    expect(ensureBuilt(root)).toBe(false);

    writeFileSync(join(root, "src", "a.ts"), "export const a: number = 2;\n");
    expect(staleBecause(root)).toBe("src is newer than dist/");
    expect(ensureBuilt(root)).toBe(true);
    expect(readFileSync(join(root, "dist", "a.js"), "utf8")).toContain("export const a = 2;");

    touch(join(root, "tsconfig.build.json"));
    expect(staleBecause(root)).toBe("tsconfig.build.json is newer than dist/");
    expect(ensureBuilt(root)).toBe(true);
    expect(staleBecause(root)).toBeUndefined();
  }, 60_000);

  it("fails with the compiler's errors when the build fails", () => {
    const root = project();
    writeFileSync(join(root, "src", "a.ts"), "export const a: number = 'one';\n");
    expect(() => ensureBuilt(root)).toThrow(/^npm run build failed, so the tests that run the CLIs cannot run:\n.*error TS2322/s);
  }, 60_000);
});
