// The picture and HTML report suite lives with the synthetic-monorepo generator under test/lint/bench/.
export { default } from "../../test/lint/bench/reports.mjs";
