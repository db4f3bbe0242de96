#!/usr/bin/env node
// `npm run accuracy -- [--trees /tmp/acc] [--labels test/accuracy/labels] [--json]`: runs the built arch-lint on each
// public repository we hand-labelled (its tree under --trees, named owner+name) and prints per rule TP/FP/FN,
// precision and recall, the services found, missed and extra, and per tree what was missed or wrongly found.
// A measuring tool, not a gate: exit 0 whatever the scores, 2 when arch-lint crashes on a tree or usage is wrong.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { RULES, labelProblems, normalizeFinding, scoreTree, totals } from "./accuracy/match.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
let values;
try {
  ({ values } = parseArgs({
    options: {
      trees: { type: "string", default: "/tmp/acc" },
      labels: { type: "string", default: join(root, "test/accuracy/labels") },
      json: { type: "boolean", default: false },
      only: { type: "string", multiple: true },
    },
  }));
} catch (error) {
  console.error(`accuracy: ${error.message}; usage: npm run accuracy -- [--trees <folder>] [--labels <folder>] [--only owner/name] [--json]`);
  process.exit(2);
}
const bin = join(root, "bin/arch-lint.js");
if (!existsSync(join(root, "dist"))) {
  console.error("accuracy: dist/ is missing; run npm run build first");
  process.exit(2);
}
if (!existsSync(values.trees) || !statSync(values.trees).isDirectory()) {
  console.error(`accuracy: --trees ${values.trees} is not a folder; give the folder holding the fetched repositories (owner+name each)`);
  process.exit(2);
}

const labelFiles = readdirSync(values.labels).filter((f) => f.endsWith(".json")).sort();
const scores = [];
const skipped = [];
const crashed = [];
for (const file of labelFiles) {
  const labels = JSON.parse(readFileSync(join(values.labels, file), "utf8"));
  const problems = labelProblems(labels);
  if (problems.length > 0) {
    console.error(`accuracy: ${file}: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}`);
    process.exit(2);
  }
  if (values.only && !values.only.includes(labels.repository)) continue;
  const tree = join(values.trees, labels.tree ?? labels.repository.replace("/", "+"));
  if (!existsSync(tree)) {
    skipped.push(`${labels.repository} (no tree at ${tree}; fetch it at ${labels.commit})`);
    continue;
  }
  const run = (args) => spawnSync(process.execPath, [bin, tree, ...args], { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const report = run(["--format", "json"]);
  const model = run(["--print-model"]);
  let findings;
  let services;
  try {
    if (report.status !== 0 && report.status !== 1) throw new Error(`exit ${report.status ?? report.signal}: ${report.stderr.trim().split("\n").pop()}`);
    if (model.status !== 0) throw new Error(`--print-model exit ${model.status ?? model.signal}`);
    // Findings name files relative to the folder the tool ran in; a tree reached through a link may be said by its real path.
    const real = realpathSync(tree);
    const toTreePath = (p) => {
      const file = resolve(root, p);
      const inTree = relative(tree, file);
      return (inTree.startsWith("..") ? relative(real, file) : inTree).split(sep).join("/");
    };
    findings = JSON.parse(report.stdout).findings.map((f) => normalizeFinding(f, toTreePath));
    services = JSON.parse(model.stdout).services;
  } catch (error) {
    crashed.push(`${labels.repository}: ${error.message}`);
    continue;
  }
  scores.push({ repository: labels.repository, ...scoreTree(labels, findings, services) });
}

const sum = totals(scores);
if (values.json) {
  console.log(JSON.stringify({ trees: scores.length, totals: sum, skipped, crashed, perTree: scores }, null, 2));
} else {
  print();
}
process.exit(crashed.length > 0 ? 2 : 0);

function pct(x) {
  return x === null ? "  –  " : x.toFixed(2);
}

function print() {
  console.log(`arch-lint on ${scores.length} hand-labelled repositories (labels: ${relative(process.cwd(), values.labels) || "."}, trees: ${values.trees})\n`);
  console.log("rule                   trees    TP    FP    FN  precision  recall");
  for (const rule of RULES) {
    const r = sum.perRule[rule];
    console.log(`${rule.padEnd(22)} ${String(r.trees).padStart(5)} ${String(r.tp).padStart(5)} ${String(r.fp).padStart(5)} ${String(r.fn).padStart(5)}  ${pct(r.precision).padStart(9)}  ${pct(r.recall).padStart(6)}`);
  }
  const s = sum.services;
  console.log(`\nservices a reader names: ${s.found} of ${s.named} found, ${s.missed} missed, ${s.extra} extra (${s.trees} trees)\n`);
  for (const score of scores) {
    const lines = [];
    for (const [rule, r] of Object.entries(score.rules)) {
      for (const m of r.misses) lines.push(`  miss ${rule} ${m.services ? m.services.join(",") : m.service}${m.file ? ` ${m.file}${m.line ? `:${m.line}` : ""}` : ""}${m.match ? ` ${Object.values(m.match).join(" ")}` : ""}: ${m.why}`);
      for (const f of r.falsePositives) lines.push(`  false ${rule} ${f.file}:${f.line} ${f.message.slice(0, 160)}`);
    }
    if (score.services) {
      for (const m of score.services.missed) lines.push(`  service missed ${m.name} (${m.folder})${m.seenAs ? `, ${m.seenAs}` : ""}`);
      for (const e of score.services.extra) lines.push(`  service extra ${e.name} (${e.folder})`);
    }
    if (lines.length > 0) console.log(`${score.repository}\n${lines.join("\n")}`);
  }
  for (const s of skipped) console.log(`skipped ${s}`);
  for (const c of crashed) console.log(`CRASHED ${c}`);
}
