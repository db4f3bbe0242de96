import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// End-to-end tests on real servers (`npm run test:e2e`, run by .ci/run with the servers started).
// Their files end in `.e2e.ts` so that the default run (`npm test`: test/**/*.test.ts) leaves them out.
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/e2e/**/*.e2e.ts"],
    exclude: ["**/node_modules/**"],
    // Builds dist/ when src/ is newer (the files run the CLIs) and sets up the shared installs of the
    // generated services (test/helpers/service-deps.ts), as for npm test.
    globalSetup: ["test/global-setup.ts"],
    // One file at a time: the files share the servers (scripts/postgres.sh, scripts/kafka.sh).
    fileParallelism: false,
    testTimeout: 60_000,
    // A first start fetches Kafka's jars with mvn and may install PostgreSQL with apt-get.
    hookTimeout: 600_000,
  },
});
