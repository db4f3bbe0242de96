import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file starts real HTTP servers (the upstreams, a JWKS endpoint): give set-up room on slow machines.
    hookTimeout: 30_000,
    testTimeout: 15_000,
  },
});
