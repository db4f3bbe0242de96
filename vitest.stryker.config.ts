import { defineConfig, mergeConfig } from "vitest/config";
import base from "./vitest.config.js";

// Stryker runs the covering tests of each mutant in one worker: without isolation that worker keeps the modules it
// loaded (TypeScript, ts-morph, the linter) between runs, instead of starting a process and loading them per test file.
//
// Left out, because they cannot kill a mutant and only cost time (leaving a test out can only lower a score, never
// raise it): the tests that run the built CLI in a child process (test/cli: the child loads dist/, which never holds
// Stryker's active mutant) and those that npm-install generated projects (minutes per mutant).
export default mergeConfig(
  base,
  defineConfig({
    test: {
      isolate: false,
      exclude: [
        "test/cli/**",
        "test/template/generated-services/**",
        "test/template/generated-gateway.test.ts",
        "test/template/upgraded-service.test.ts",
        "test/template/dockerfile-rehearsal.test.ts",
      ],
    },
  }),
);
