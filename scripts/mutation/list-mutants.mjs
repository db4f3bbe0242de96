// node scripts/mutation/list-mutants.mjs <out.json> <files...>
// Every mutant Stryker's instrumenter makes in the files (file, 0-based location, mutator, replacement), before the
// checker and the static/coverage split: the frame a sample of a folder is drawn from (scripts/mutation/sample.mjs).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const { Instrumenter } = await import(join(process.cwd(), "node_modules/@stryker-mutator/instrumenter/dist/src/index.js"));
const [out, ...files] = process.argv.slice(2);
if (!out || files.length === 0) {
  console.error("usage: node scripts/mutation/list-mutants.mjs <out.json> <files...>");
  process.exit(2);
}
const quiet = () => {};
const logger = { debug: quiet, info: quiet, trace: quiet, warn: console.warn, error: console.error, isDebugEnabled: () => false, isTraceEnabled: () => false, isInfoEnabled: () => false, isWarnEnabled: () => true };
const result = await new Instrumenter(logger).instrument(
  files.map((name) => ({ name, mutate: true, content: readFileSync(name, "utf8") })),
  { plugins: null, excludedMutations: [], ignorers: [], mutationRanges: [] },
);
writeFileSync(out, JSON.stringify(result.mutants.map((m) => ({ file: m.fileName, loc: m.location, mutator: m.mutatorName, replacement: m.replacement }))));
const perFile = new Map();
for (const m of result.mutants) perFile.set(m.fileName, (perFile.get(m.fileName) ?? 0) + 1);
for (const [file, n] of [...perFile].sort((a, b) => b[1] - a[1])) console.log(n, file);
console.log("total", result.mutants.length);
