import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";
import { SlowestFirstSequencer } from "./test/sequencer.js";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "test/fixtures/**"],
    // Builds dist/ when src/ is newer (the CLI tests run it) and sets up the shared installs of the generated services.
    globalSetup: ["test/global-setup.ts"],
    // Vitest's default, one worker fewer than the cores, is a single worker on a 2-core machine; the slow
    // files spend most of their time waiting on the processes they start (npm, the generated services and
    // their tests), so two of them at once finish sooner there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: SlowestFirstSequencer },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
