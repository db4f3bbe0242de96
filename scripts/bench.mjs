#!/usr/bin/env node
// `npm run bench [-- <suite>...] [--runs N]`: runs the benchmark suites in
// scripts/bench/ and prints medians. Suites are plain modules exporting a
// default function; add one file per capability. `--repo <folder>` (arch-lint
// only): the scan against the raw parse of a repository of your own.
import { parseArgs } from "node:util";
import { existsSync, readdirSync, statSync } from "node:fs";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: "string", default: "15" }, json: { type: "boolean", default: false }, repo: { type: "string" } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error("bench: --runs takes a whole number of 1 or more");
  process.exit(2);
}

const available = readdirSync(new URL("./bench/", import.meta.url))
  .filter((file) => file.endsWith(".mjs") && file !== "lib.mjs")
  .map((file) => file.replace(/\.mjs$/, ""))
  .sort();
const chosen = positionals.length > 0 ? positionals : available;
const unknown = chosen.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`bench: unknown suite ${unknown.join(", ")}; available: ${available.join(", ")}`);
  process.exit(2);
}

if (values.repo !== undefined) {
  if (chosen.some((name) => name !== "arch-lint")) {
    console.error("bench: --repo applies to the arch-lint suite only; run: npm run bench -- arch-lint --repo <folder>");
    process.exit(2);
  }
  if (!existsSync(values.repo) || !statSync(values.repo).isDirectory()) {
    console.error(`bench: --repo ${values.repo} is not a folder; give the repository to scan`);
    process.exit(2);
  }
}

console.log(`node ${process.version} on ${process.platform}/${process.arch}, ${runs} runs per figure (medians)`);
const report = {};
for (const name of chosen) {
  console.log(`\n== ${name}`);
  const suite = (await import(`./bench/${name}.mjs`)).default;
  report[name] = await suite({ runs, ...(values.repo ? { repo: values.repo } : {}) });
}
if (values.json) console.log(JSON.stringify(report, null, 2));
