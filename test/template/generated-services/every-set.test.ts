import { readdirSync } from "node:fs";
import { expect, it } from "vitest";
import { setFile } from "../generated-services.js";
import { OPTION_SETS } from "../option-sets.js";

it("each option set has its test file here, and no file is left over", () => {
  const files = readdirSync(import.meta.dirname).filter((file) => /^set-\d+\.test\.ts$/.test(file));
  expect(files.sort()).toEqual(OPTION_SETS.map((_, index) => setFile(index + 1)).sort());
});
