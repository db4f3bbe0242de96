// Benchmark of arch-lint on a synthetic monorepo (default 50 services × 200
// files = 10,000 TypeScript files): the cold scan's wall time and peak RSS
// (a fresh `node bin/arch-lint.js` process), next to the time TypeScript's own
// createSourceFile takes to read and parse the same files in a fresh process,
// with the same parse options as the scan.
// Targets (issue 4): scan within 1.5× of the raw parse, under 1 GB RSS;
// `arch-lint --version` under 150 ms.
//
// As a suite of `npm run bench`: export default ({ runs }) => rows.
// Standalone: node test/lint/bench/arch-lint.mjs [--services 50] [--files 200] [--runs 3] [--keep] [--repo <folder>]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { writeSyntheticMonorepo } from "./synthetic.mjs";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "bin/arch-lint.js");

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Runs a node script in a fresh process; it prints one JSON line with its own figures. */
function node(args, cwd) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wall = performance.now() - started;
  if (result.status !== 0 && result.status !== 1) throw new Error(`node ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  return { wall, stdout: result.stdout, stderr: result.stderr };
}

// The baseline: TypeScript's own createSourceFile over every file, with the
// parse options the scan uses (imported from the built scanner, so the two can
// never drift apart: today no JSDoc parsing), or with TypeScript's defaults
// (JSDoc parsed) when argv[3] is "defaults", shown for reference. With "kept",
// every file is read and prefiltered as the scan does, but only the files the
// prefilter keeps are parsed: the scan's floor with no extraction at all, which
// shows how much of the scan is extraction, model and rules.
const RAW_PARSE = `
const { readFileSync } = await import("node:fs");
const { ts } = await import("ts-morph");
const { PARSE_OPTIONS, scriptKindFor } = await import(process.argv[2]);
const { mayContainFacts } = await import(process.argv[2].replace(/extract\\/parse\\.js$/, "read.js"));
const options = process.argv[3] === "defaults" ? ts.ScriptTarget.Latest : PARSE_OPTIONS;
const keptOnly = process.argv[3] === "kept";
const files = JSON.parse(readFileSync(process.argv[1], "utf8"));
const started = performance.now();
let nodes = 0;
for (const file of files) {
  const text = readFileSync(file, "utf8");
  if (keptOnly && !mayContainFacts(text)) continue;
  const sf = ts.createSourceFile(file, text, options, false, scriptKindFor(file));
  nodes += sf.statements.length;
}
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, files: files.length, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
`;

const SCAN = `
const { main } = await import(process.argv[2]);
const { Writable } = await import("node:stream");
const sink = new Writable({ write(_c, _e, done) { done(); } });
const started = performance.now();
const code = await main([process.argv[1], "--format", "json"], { stdin: process.stdin, stdout: sink, stderr: process.stderr, cwd: process.argv[1], env: {} });
const ms = performance.now() - started;
console.log(JSON.stringify({ ms, code, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
`;

/**
 * The source files the scan itself would read in `repo` (its own walk: ignored folders, .gitignore and test folders
 * left out), as absolute paths: the baseline then parses exactly what the scan reads.
 */
export async function scannedSources(repo) {
  const { walkFiles } = await import(pathToFileURL(join(ROOT, "dist/lint/discover/files.js")).href);
  return walkFiles(repo).files.filter((file) => file.kind === "source").map((file) => file.abs);
}

/**
 * With `repo`, the same figures on a repository of your own instead of the synthetic one (nothing is written there);
 * the synthetic monorepo is a worst case, every kept file dense with routes, calls and queries.
 */
export default async function benchArchLint({ runs = 3, services = 50, files = 200, keep = false, repo } = {}) {
  const work = repo ? resolve(repo) : mkdtempSync(join(tmpdir(), "arch-lint-bench-"));
  try {
    const sources = repo ? await scannedSources(work) : writeSyntheticMonorepo(work, { services, filesPerService: files });
    if (sources.length === 0) throw new Error(`no source files to scan in ${work}`);
    const list = join(tmpdir(), `arch-lint-bench-files-${process.pid}.json`);
    writeFileSync(list, JSON.stringify(sources));
    console.log(repo ? `repository ${work}: ${sources.length} source files the scan reads` : `synthetic monorepo: ${services} services × ${files} files = ${sources.length} TypeScript files in ${work}`);
    const raw = [];
    const rawDefaults = [];
    const rawKept = [];
    const scan = [];
    const parseJs = pathToFileURL(join(ROOT, "dist/lint/extract/parse.js")).href;
    const rawParse = (mode) => JSON.parse(node(["--input-type=module", "-e", RAW_PARSE, list, parseJs, mode], ROOT).stdout.trim().split("\n").pop());
    for (let i = 0; i < runs; i++) {
      raw.push(rawParse("scan-options"));
      rawDefaults.push(rawParse("defaults"));
      rawKept.push(rawParse("kept"));
      const cli = node(["--input-type=module", "-e", SCAN, work, join(ROOT, "dist/cli/arch-lint.js")], ROOT);
      const figures = JSON.parse(cli.stdout.trim().split("\n").pop());
      if (figures.code === 2) throw new Error(`the scan failed: ${cli.stderr}`);
      scan.push({ ...figures, wall: cli.wall, summary: cli.stderr.trim().split("\n")[0] });
    }
    // What every scan costs before its first file (loading the scanner and the compiler, the config, the walk): on a
    // repository of a few hundred files it is most of the scan, and the raw parse has no counterpart to it.
    const empty = mkdtempSync(join(tmpdir(), "arch-lint-bench-empty-"));
    const fixed = [];
    for (let i = 0; i < runs; i++) fixed.push(JSON.parse(node(["--input-type=module", "-e", SCAN, empty, join(ROOT, "dist/cli/arch-lint.js")], ROOT).stdout.trim().split("\n").pop()).ms);
    rmSync(empty, { recursive: true, force: true });
    const version = [];
    for (let i = 0; i < Math.max(runs, 5); i++) version.push(node([BIN, "--version"], ROOT).wall);
    rmSync(list, { force: true });
    const rawMs = median(raw.map((r) => r.ms));
    const rawDefaultsMs = median(rawDefaults.map((r) => r.ms));
    const rawKeptMs = median(rawKept.map((r) => r.ms));
    const scanMs = median(scan.map((r) => r.ms));
    // Runs are interleaved (raw, scan, raw, scan …) so both see the same machine load; the best pair is printed too.
    const ratios = scan.map((r, i) => r.ms / raw[i].ms);
    const wallMs = median(scan.map((r) => r.wall));
    const rss = Math.max(...scan.map((r) => r.maxRssMb));
    const versionMs = median(version);
    const rows = [
      { label: "raw createSourceFile, the scan's options (read + parse)", median: rawMs },
      { label: "raw createSourceFile, TS defaults (JSDoc too; reference)", median: rawDefaultsMs },
      { label: "floor: read all, parse what the prefilter keeps", median: rawKeptMs },
      { label: "arch-lint scan (main(), fresh process)", median: scanMs, ratio: scanMs / rawMs, target: 1.5 },
      { label: "arch-lint process wall time (incl. node start, imports)", median: wallMs },
      { label: "arch-lint scan of an empty folder (fixed start-up)", median: median(fixed) },
      { label: "arch-lint peak RSS (MB)", median: rss, target: 1024 },
      { label: "arch-lint --version (wall)", median: versionMs, target: 150 },
    ];
    for (const row of rows) {
      const extra = row.ratio !== undefined ? `  ${row.ratio.toFixed(2)}× raw parse (target ≤ ${row.target}×: ${row.ratio <= row.target ? "met" : "NOT met"})` : row.target ? `  (target < ${row.target}: ${row.median < row.target ? "met" : "NOT met"})` : "";
      console.log(`${row.label.padEnd(58)} ${row.median.toFixed(1).padStart(9)}${row.label.includes("RSS") ? " MB" : " ms"}${extra}`);
    }
    console.log(`per-run ratios scan/raw: ${ratios.map((r) => r.toFixed(2)).join(", ")} (best ${Math.min(...ratios).toFixed(2)}×); raw ${raw.map((r) => r.ms.toFixed(0)).join("/")} ms, scan ${scan.map((r) => r.ms.toFixed(0)).join("/")} ms, load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    console.log(`against TypeScript's default parse (JSDoc parsed, which the scan skips): ${(scanMs / rawDefaultsMs).toFixed(2)}× (raw ${rawDefaults.map((r) => r.ms.toFixed(0)).join("/")} ms)`);
    console.log(scan[0].summary);
    return rows;
  } finally {
    if (!keep && !repo) rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { services: { type: "string", default: "50" }, files: { type: "string", default: "200" }, runs: { type: "string", default: "3" }, keep: { type: "boolean", default: false }, repo: { type: "string" } } });
  await benchArchLint({ runs: Number(values.runs), services: Number(values.services), files: Number(values.files), keep: values.keep, repo: values.repo });
}
