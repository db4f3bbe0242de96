// npm run test:mutation -- stryker.model.config.mjs --mutate "src/lint/model/routes.ts"
// (README: Mutation testing). stryker.config.json with the tests of vitest.stryker-extract.config.ts, for src/lint/model:
// the same tests state what the model builds from extracted facts (test/lint/model, the rules' findings), without the
// ones that only cost time there (see that file).
import { readFileSync } from "node:fs";

const base = JSON.parse(readFileSync(new URL("./stryker.config.json", import.meta.url), "utf8"));
export default {
  ...base,
  vitest: { ...base.vitest, configFile: "vitest.stryker-extract.config.ts" },
  mutate: ["src/lint/model/**/*.ts"],
  incrementalFile: "reports/stryker-model-incremental.json",
};
