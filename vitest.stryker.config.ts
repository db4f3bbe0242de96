import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

// Stryker runs the covering tests of each mutant in one worker: without isolation that worker keeps the modules it
// loaded (TypeScript, ts-morph, the linter) between runs, instead of starting a process and loading them per test file.
export default mergeConfig(base, defineConfig({ test: { isolate: false } }));
