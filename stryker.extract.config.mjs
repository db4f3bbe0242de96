// npm run test:mutation -- stryker.extract.config.mjs --mutate "src/lint/extract/express.ts,src/lint/extract/koa.ts"
// (README: Mutation testing). stryker.config.json with the tests of vitest.stryker-extract.config.ts, for src/lint/extract.
import { readFileSync } from "node:fs";

const base = JSON.parse(readFileSync(new URL("./stryker.config.json", import.meta.url), "utf8"));
export default {
  ...base,
  vitest: { ...base.vitest, configFile: "vitest.stryker-extract.config.ts" },
  mutate: ["src/lint/extract/**/*.ts"],
  incrementalFile: "reports/stryker-extract-incremental.json",
};
