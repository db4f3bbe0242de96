import stryker from "./vitest.stryker.config.js";

// Stryker's vitest config for src/lint/extract (stryker.extract.config.mjs): the tests that state what is extracted,
// directly (test/lint/extract) or through the model and the rules' findings, and none of those that only cost time
// there. With perTest coverage a mutant runs the tests that reach its code, and in src/lint/extract that includes
// any test that scans a large tree; left out:
// - test/lint/report/**: rendering; one test scans the 10,000-file bench repository in-process (23 s on two cores,
//   before every mutant of the routes or clients it reaches), and the browser test drives Chromium;
// - test/lint/cli.test.ts: runs bin/ in child processes, which load dist/, never the mutant; its worker-thread test
//   compares that unmutated child with an in-process scan, so it "kills" any mutant that changes a finding on its
//   500-file tree by difference with the unmutated build, not by a stated behaviour;
// - test/lint/create-service.test.ts: generates services (2-5 s a test).
// Leaving tests out can only lower a score: scores from this config are lower bounds.
const config = stryker as { test: { include?: string[] } };
config.test.include = [
  "test/lint/extract/**/*.test.ts",
  "test/lint/model/**/*.test.ts",
  "test/lint/rules/**/*.test.ts",
  "test/lint/discover/**/*.test.ts",
  "test/lint/*.test.ts",
];
(config.test as { exclude: string[] }).exclude.push("test/lint/cli.test.ts", "test/lint/create-service.test.ts", "test/lint/report/**");
export default config;
