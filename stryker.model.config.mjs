// npm run test:mutation -- stryker.model.config.mjs --mutate "src/lint/model/routes.ts"
// (README: Mutation testing). stryker.extract.config.mjs, the same tests, for src/lint/model: they state what the model
// builds from extracted facts (test/lint/model, the rules' findings), without the ones that only cost time there.
import extract from "./stryker.extract.config.mjs";

export default {
  ...extract,
  mutate: ["src/lint/model/**/*.ts"],
  incrementalFile: "reports/stryker-model-incremental.json",
};
