// The arch-lint suite lives with its synthetic-monorepo generator under test/lint/bench/.
export { default } from "../../test/lint/bench/arch-lint.mjs";
