// node scripts/mutation/sample.mjs <all.json> <n> <seed> <out prefix> [files measured whole, comma-separated]
// A seeded simple random sample (without replacement; mulberry32 and a partial Fisher-Yates shuffle, so the first k of
// a larger sample are the sample of size k) of the mutants of list-mutants.mjs, leaving out the files measured whole.
// Writes <out>.json (the sampled mutants) and <out>.mutate (Stryker's --mutate ranges, `file:line:col-line:col`, one per
// sampled mutant). A range also runs the mutants nested in it: score-sample.mjs counts only the sampled ones.
import { readFileSync, writeFileSync } from "node:fs";
import { seededRandom } from "./seeded-random.mjs";

const [allFile, size, seedText, out, whole = ""] = process.argv.slice(2);
if (!allFile || !size || !seedText || !out) {
  console.error("usage: node scripts/mutation/sample.mjs <all.json> <n> <seed> <out prefix> [files measured whole]");
  process.exit(2);
}
const left = new Set(whole.split(",").filter(Boolean));
const frame = JSON.parse(readFileSync(allFile, "utf8")).filter((m) => !left.has(m.file));
const random = seededRandom(seedText);
const n = Math.min(Number(size), frame.length);
const order = frame.map((_, i) => i);
for (let i = 0; i < n; i++) {
  const j = i + Math.floor(random() * (order.length - i));
  [order[i], order[j]] = [order[j], order[i]];
}
// Stryker's ranges: 1-based lines, 0-based columns (the instrumenter's locations are 0-based both).
const range = (m) => `${m.file}:${m.loc.start.line + 1}:${m.loc.start.column}-${m.loc.end.line + 1}:${m.loc.end.column}`;
const picked = order.slice(0, n).map((i) => frame[i]);
writeFileSync(`${out}.json`, JSON.stringify(picked, null, 1));
writeFileSync(`${out}.mutate`, [...new Set(picked.map(range))].join(","));
console.log(`frame ${frame.length} mutants in ${new Set(frame.map((m) => m.file)).size} files; sampled ${picked.length}`);
