#!/usr/bin/env node
// `node scripts/accuracy/compare.mjs --base <old checkout> [--new <checkout>] [--trees /tmp/acc] [--only <tree> ...]`:
// runs two builds of arch-lint (each checkout's bin/ with its built dist/) over every tree under --trees and prints,
// per tree, the findings and services one build reports and the other does not, and the diagnostics that changed.
// How a change is checked against every repository tried so far: read each difference, nothing is scored here.
// A base build: `git worktree add /tmp/base <commit> && cd /tmp/base && ln -s <checkout>/node_modules && npx tsc -p tsconfig.build.json`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const { values } = parseArgs({
  options: {
    base: { type: "string" },
    new: { type: "string", default: here },
    trees: { type: "string", default: "/tmp/acc" },
    only: { type: "string", multiple: true },
  },
});
if (!values.base) {
  console.error("compare: --base <checkout with a built dist/> is required");
  process.exit(2);
}
for (const checkout of [values.base, values.new]) {
  if (!existsSync(join(checkout, "dist/cli/arch-lint.js"))) {
    console.error(`compare: ${checkout} has no built dist/; run npx tsc -p tsconfig.build.json there first`);
    process.exit(2);
  }
}

function scan(checkout, tree) {
  const run = (args) => spawnSync(process.execPath, [join(checkout, "bin/arch-lint.js"), tree, ...args], { cwd: tree, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  const report = run(["--format", "json"]);
  const model = run(["--print-model"]);
  if ((report.status !== 0 && report.status !== 1) || model.status !== 0) {
    return { crashed: `${report.stderr}${model.stderr}`.trim().split("\n").pop() };
  }
  const json = JSON.parse(report.stdout);
  const parsed = JSON.parse(model.stdout);
  return {
    findings: new Set(json.findings.map((f) => `${f.ruleId ?? f.rule} ${f.file ?? f.location?.file}:${f.line ?? f.location?.line} ${f.message}`)),
    services: new Set(parsed.services.map((s) => `${s.name} (${s.path ?? s.root ?? s.folder ?? ""}${s.language ? `, ${s.language}` : ""})`)),
    diagnostics: new Set((json.diagnostics ?? []).map((d) => `${d.file ?? ""}${d.line ? `:${d.line}` : ""} ${d.message}`)),
  };
}

function difference(a, b) {
  return [...a].filter((x) => !b.has(x));
}

const trees = readdirSync(values.trees)
  .filter((name) => !/\.part(-\d+)?$/.test(name) && statSync(join(values.trees, name)).isDirectory())
  .filter((name) => !values.only || values.only.includes(name))
  .sort();
let changed = 0;
for (const name of trees) {
  const tree = join(values.trees, name);
  const before = scan(values.base, tree);
  const after = scan(values.new, tree);
  const lines = [];
  if (before.crashed || after.crashed) {
    if (before.crashed !== after.crashed) lines.push(`  crash: before ${before.crashed ?? "none"}; after ${after.crashed ?? "none"}`);
  } else {
    for (const kind of ["services", "findings", "diagnostics"]) {
      for (const x of difference(before[kind], after[kind])) lines.push(`  - ${kind.slice(0, -1)} ${x}`);
      for (const x of difference(after[kind], before[kind])) lines.push(`  + ${kind.slice(0, -1)} ${x}`);
    }
  }
  if (lines.length > 0) {
    changed++;
    console.log(`${name}\n${lines.join("\n")}`);
  }
}
console.log(`${changed} of ${trees.length} trees differ between ${values.base} and ${values.new}`);
