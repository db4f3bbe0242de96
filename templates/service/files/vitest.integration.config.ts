import { defineConfig } from "vitest/config";

// npm run test:integration: the tests of test/integration, on real servers (test/integration/servers.ts finds them).
export default defineConfig({
  test: {
    include: ["test/integration/**/*.test.ts"],
    // Finds the servers first: in CI a missing one fails the run before anything else starts.
    // Then the migrated PGlite that test/helpers.ts copies for the tests that need a database beside the broker.
    globalSetup: ["test/integration/servers.ts", "test/global-setup.ts"],
    hookTimeout: 60_000,
    testTimeout: 60_000,
  },
});
