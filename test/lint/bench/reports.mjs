// Benchmark of the picture and the HTML report on the synthetic monorepo of the arch-lint
// benchmark (default 50 services × 200 files): in a fresh process per run, after one scan (not
// timed here: see arch-lint.mjs), the time to lay out the SVG with Graphviz's WebAssembly the first
// time (the module's load included) and again, and to build the whole HTML page (picture, code
// snippets read from disk, page); the sizes of both. Target (issue 17): the page under 1 MB.
//
// As a suite of `npm run bench` (`npm run bench -- arch-lint-reports --runs 5`): export default ({ runs }) => rows.
// Standalone: node test/lint/bench/reports.mjs [--services 50] [--files 200] [--runs 5]
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { writeSyntheticMonorepo } from "./synthetic.mjs";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const dist = (path) => pathToFileURL(join(ROOT, "dist", path)).href;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// One run, in a fresh process: argv = [repo, engine.js, config.js, graph.js, graph-dot.js, graph-svg.js, html/render.js].
const RUN = `
const { readFileSync } = await import("node:fs");
const { join } = await import("node:path");
const [repo, engineJs, configJs, graphJs, dotJs, svgJs, htmlJs] = process.argv.slice(1);
const { lintParallel } = await import(engineJs);
const { defaultConfig } = await import(configJs);
const { buildGraph } = await import(graphJs);
const { dotOf } = await import(dotJs);
const { renderSvg } = await import(svgJs);
const { renderHtmlReport } = await import(htmlJs);
const result = await lintParallel({ cwd: repo, paths: ["."], config: defaultConfig(repo) });
// Wall time and this process's CPU time: on a machine shared with other work the CPU time says more.
const cpuMs = (since) => { const u = process.cpuUsage(since); return (u.user + u.system) / 1000; };
let started = performance.now();
let cpu = process.cpuUsage();
const dot = dotOf(buildGraph(result));
const dotMs = performance.now() - started;
started = performance.now();
cpu = process.cpuUsage();
const svg = await renderSvg(dot);
const svgColdMs = performance.now() - started;
const svgColdCpuMs = cpuMs(cpu);
started = performance.now();
cpu = process.cpuUsage();
await renderSvg(dot);
const svgWarmMs = performance.now() - started;
const svgWarmCpuMs = cpuMs(cpu);
const files = new Map();
const sourceLine = (file, line) => {
  if (!files.has(file)) files.set(file, readFileSync(join(result.root, file), "utf8").split(/\\r?\\n/));
  return files.get(file)[line - 1];
};
started = performance.now();
cpu = process.cpuUsage();
const html = await renderHtmlReport(result, { cwd: repo, color: false, toolVersion: "bench", sourceLine });
const htmlMs = performance.now() - started;
const htmlCpuMs = cpuMs(cpu);
const services = result.model.services.length;
const findings = result.findings.length;
const hops = result.findings.reduce((n, f) => n + f.evidence.length, 0);
console.log(JSON.stringify({ dotMs, svgColdMs, svgColdCpuMs, svgWarmMs, svgWarmCpuMs, htmlMs, htmlCpuMs, svgBytes: Buffer.byteLength(svg), htmlBytes: Buffer.byteLength(html), services, findings, hops }));
`;

export default function benchReports({ runs = 5, services = 50, files = 200, keep = false } = {}) {
  const work = mkdtempSync(join(tmpdir(), "arch-lint-reports-bench-"));
  try {
    writeSyntheticMonorepo(work, { services, filesPerService: files });
    const modules = ["lint/engine.js", "lint/config.js", "lint/report/graph.js", "lint/report/graph-dot.js", "lint/report/graph-svg.js", "lint/report/html/render.js"].map(dist);
    const figures = [];
    for (let i = 0; i < runs; i++) {
      const run = spawnSync(process.execPath, ["--input-type=module", "-e", RUN, work, ...modules], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      if (run.status !== 0) throw new Error(`the report run failed (${run.status}): ${run.stderr}`);
      figures.push(JSON.parse(run.stdout.trim().split("\n").pop()));
    }
    const first = figures[0];
    console.log(`synthetic monorepo: ${services} services × ${files} files; ${first.findings} findings with ${first.hops} evidence hops`);
    const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
    const row = (label, key) => ({ label, median: median(figures.map((f) => f[key])), perRun: figures.map((f) => f[key]) });
    const rows = [
      row("DOT from the lint result", "dotMs"),
      row("SVG, first in a process (wasm load + layout)", "svgColdMs"),
      row("  its CPU time", "svgColdCpuMs"),
      row("SVG, again (layout only)", "svgWarmMs"),
      row("  its CPU time", "svgWarmCpuMs"),
      row("HTML page (graph, layout, snippets, page)", "htmlMs"),
      row("  its CPU time", "htmlCpuMs"),
    ];
    for (const r of rows) console.log(`${r.label.padEnd(58)} median ${r.median.toFixed(1).padStart(8)} ms   per run ${r.perRun.map((ms) => ms.toFixed(0)).join("/")}`);
    const sizes = [
      { label: "SVG size (bytes)", median: first.svgBytes },
      { label: "HTML size (bytes)", median: first.htmlBytes, target: 1024 * 1024 },
    ];
    console.log(`${"SVG size".padEnd(58)} ${kb(first.svgBytes).padStart(15)}`);
    console.log(`${"HTML size".padEnd(58)} ${kb(first.htmlBytes).padStart(15)}   (target < 1024 KB: ${first.htmlBytes < 1024 * 1024 ? "met" : "NOT met"})`);
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    return [...rows, ...sizes];
  } finally {
    if (!keep) rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { services: { type: "string", default: "50" }, files: { type: "string", default: "200" }, runs: { type: "string", default: "5" }, keep: { type: "boolean", default: false } } });
  benchReports({ runs: Number(values.runs), services: Number(values.services), files: Number(values.files), keep: values.keep });
}
