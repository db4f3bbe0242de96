// node scripts/mutation/score-sample.mjs <whole killed> <whole in score> <sample.json>:<mutation.json>:<frame size> ...
// A folder's mutation score from the files measured whole (their killed and in-score counts, exact) and one or more
// sampled strata (sample.mjs's sample, the JSON report of the Stryker run over its ranges, the stratum's mutant count):
// per stratum the ratio estimate (frame x sampled killed / sampled tested, frame x sampled in score / sampled tested),
// only the sampled mutants counted; the 95% interval by a percentile bootstrap, each stratum resampled on its own.
import { seededRandom } from "./seeded-random.mjs";
import { readFileSync } from "node:fs";

const [wholeKilled, wholeInScore, ...strata] = process.argv.slice(2);
if (wholeKilled === undefined || wholeInScore === undefined || strata.length === 0) {
  console.error("usage: node scripts/mutation/score-sample.mjs <whole killed> <whole in score> <sample.json>:<mutation.json>:<frame size> ...");
  process.exit(2);
}
const key = (file, loc, mutator, replacement) => `${file.slice(file.indexOf("src/"))}|${loc.start.line}:${loc.start.column}-${loc.end.line}:${loc.end.column}|${mutator}|${replacement}`;
const rows = strata.map((spec) => {
  const [sampleFile, reportFile, frame] = spec.split(":");
  const report = JSON.parse(readFileSync(reportFile, "utf8"));
  const results = new Map();
  // The mutation-testing-elements report: 1-based lines and columns.
  for (const [file, entry] of Object.entries(report.files)) {
    for (const m of entry.mutants) {
      const loc = { start: { line: m.location.start.line - 1, column: m.location.start.column - 1 }, end: { line: m.location.end.line - 1, column: m.location.end.column - 1 } };
      results.set(key(file, loc, m.mutatorName, m.replacement), m.status);
    }
  }
  const sample = JSON.parse(readFileSync(sampleFile, "utf8"));
  const outcomes = sample.map((m) => results.get(key(m.file, m.loc, m.mutator, m.replacement))).filter(Boolean).map((status) => (status === "Killed" || status === "Timeout" ? "k" : status === "Survived" || status === "NoCoverage" ? "s" : "o"));
  const killed = outcomes.filter((o) => o === "k").length;
  const survived = outcomes.filter((o) => o === "s").length;
  console.log(`${sampleFile}: ${outcomes.length} of ${sample.length} sampled mutants tested, ${killed} of ${killed + survived} in the score killed (${((100 * killed) / (killed + survived)).toFixed(1)}%)`);
  return { outcomes, frame: Number(frame) };
});
const tally = (outcomes) => ({ k: outcomes.filter((o) => o === "k").length, s: outcomes.filter((o) => o === "s").length, n: outcomes.length });
const estimate = (parts) => {
  let killed = Number(wholeKilled);
  let inScore = Number(wholeInScore);
  for (const { k, s, n, frame } of parts) {
    killed += (frame * k) / n;
    inScore += (frame * (k + s)) / n;
  }
  return killed / inScore;
};
const point = estimate(rows.map((r) => ({ ...tally(r.outcomes), frame: r.frame })));
const random = seededRandom(20261206);
const boots = [];
for (let b = 0; b < 10000; b++) {
  boots.push(estimate(rows.map((r) => ({ ...tally(r.outcomes.map(() => r.outcomes[Math.floor(random() * r.outcomes.length)])), frame: r.frame }))));
}
boots.sort((a, b) => a - b);
console.log(`folder ${(100 * point).toFixed(1)}% (bootstrap 95% interval ${(100 * boots[249]).toFixed(1)}–${(100 * boots[9749]).toFixed(1)}%)`);
