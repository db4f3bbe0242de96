import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // PGlite starts a WebAssembly PostgreSQL per test file: give set-up room on slow machines.
    hookTimeout: 30_000,
    testTimeout: 15_000,
  },
});
