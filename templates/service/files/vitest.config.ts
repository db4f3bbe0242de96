import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real PostgreSQL and Kafka: npm run test:integration (vitest.integration.config.ts).
    exclude: ["test/integration/**", "**/node_modules/**"],
    // Migrates one PGlite database for the whole run; each test database is a copy of it (test/helpers.ts).
    globalSetup: ["test/global-setup.ts"],
    // Each test file starts PGlite, a WebAssembly PostgreSQL: give set-up room on slow machines.
    hookTimeout: 30_000,
    testTimeout: 15_000,
  },
});
