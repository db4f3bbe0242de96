import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { constants as osConstants } from "node:os";
import { isDeepStrictEqual } from "node:util";
import { execa } from "execa";
import semver from "semver";
import type { CliIo } from "./io.js";
import { buildUpgradeProgram, type UpgradeFlags } from "./upgrade-program.js";
import { parseArgv } from "./commander-run.js";
import { createAsker } from "./prompts.js";
import { runStep } from "./progress.js";
import { runInterruptible } from "./interrupt.js";
import { displayPath } from "./create-service-output.js";
import { conflictsOf, formatUpgradeDiff, formatUpgradeJson, formatUpgradeSummary, type UpgradeReport } from "./upgrade-output.js";
import { BUILTIN_TEMPLATES, chooseTemplate } from "../scaffold/builtin-templates.js";
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, FailureError, UsageError, errnoCode } from "../shared/errors.js";
import { PACKAGE_ROOT, packageVersion } from "../shared/package-info.js";
import { loadTemplateSpec, type TemplateSpec } from "../scaffold/template-spec.js";
import { MANIFEST_FILE, type Manifest } from "../scaffold/manifest.js";
import { carryAnswers } from "../scaffold/answers.js";
import { planService } from "../scaffold/plan.js";
import { commitTree } from "../scaffold/commit.js";
import { npmInstall } from "../scaffold/post-steps.js";
import { vendoredToolFor, vendoredToolPath } from "../scaffold/tool-package.js";
import { readFiles } from "../scaffold/read-files.js";
import { gitMergeFile } from "../scaffold/merge-file.js";
import { planUpgrade, type FileDecision } from "../scaffold/upgrade-plan.js";
import { findBaseTemplate } from "../scaffold/upgrade-base.js";
import { VirtualTree } from "../scaffold/virtual-tree.js";

const TOOL = "create-service";
const DEPENDENCY_KEYS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies", "overrides"];

/** `create-service upgrade [dir]`, step by step; throws expected errors for `main` to render. */
export async function upgradeService(argv: string[], io: CliIo): Promise<number> {
  const program = buildUpgradeProgram(packageVersion());
  const answered = parseArgv(program, argv, io, `${TOOL} upgrade`);
  if (answered !== undefined) return answered;
  const flags = program.opts<UpgradeFlags>();
  const dir = resolve(io.cwd, program.args[0] ?? ".");
  const where = displayPath(dir, io.cwd);

  // 1. What generated it, and the template to upgrade to.
  const manifest = readManifest(dir, where);
  const spec = currentTemplate(manifest, flags.template, io.cwd);
  const from = manifest.template.version;
  if (semver.valid(from) === null || semver.valid(spec.version) === null) {
    throw new UsageError(`template versions must look like 1.2.3 to be compared (the service has ${from}, the template ${spec.version}); fix the template's version`);
  }
  const say = flags.quiet || flags.json ? () => {} : (text: string) => void io.stdout.write(text);
  if (semver.eq(from, spec.version)) {
    if (flags.json) io.stdout.write(`${JSON.stringify({ ok: true, dryRun: Boolean(flags.dryRun), dir, name: manifest.name, template: { name: spec.name, from, to: spec.version }, files: [], conflicts: [] }, null, 2)}\n`);
    say(`${manifest.name} in ${where} is already at template ${spec.name} ${spec.version}; nothing to upgrade\n`);
    return EXIT_OK;
  }
  if (semver.gt(from, spec.version)) {
    throw new UsageError(`${where} was generated with ${spec.name} ${from}, newer than this template (${spec.version}); use a newer create-service or pass the newer --template`);
  }

  // 2. Refuse to mix the upgrade with work nobody committed: it could not be reviewed or undone apart.
  if (!flags.dryRun && !flags.force) await refuseDirtyWorkTree(dir, where);

  // 3. The answers: recorded ones kept, new options asked in a terminal or given their defaults.
  const interactive = !flags.yes && !flags.json && Boolean(io.stdin.isTTY);
  const asker = interactive ? await createAsker(io) : undefined;
  const { answers, fresh } = await carryAnswers(spec, manifest.name, manifest.answers, asker?.ask);

  // 4. Three versions of every file: the old render (base), the disk (theirs), the new render (ours).
  const base = await findBaseTemplate(spec, from, flags.from, io.cwd);
  let baseTree: VirtualTree;
  try {
    baseTree = renderBase(base.spec, manifest);
  } finally {
    base.dispose();
  }
  const ours = planService({ spec, name: manifest.name, answers, toolVersion: packageVersion(), vendoredTool: vendoredToolFor(fileURLToPath(PACKAGE_ROOT), packageVersion()) });
  const theirs = readFiles(dir, new Set([...Object.keys(manifest.files), ...ours.paths()]));
  const plan = planUpgrade({
    base: baseTree,
    ours,
    theirs,
    recorded: manifest.files,
    mergeText: gitMergeFile({ theirs: "yours", base: `template ${spec.name} ${from}`, ours: `template ${spec.name} ${spec.version}` }),
  });
  const report: UpgradeReport = {
    dir,
    name: manifest.name,
    template: { name: spec.name, from, to: spec.version },
    base: base.source,
    changelog: changelogLines(spec, from),
    newOptions: fresh,
    dryRun: Boolean(flags.dryRun),
    decisions: plan.decisions,
    dependenciesChanged: dependenciesChanged(plan.decisions),
    steps: [],
  };
  const exitCode = (): number => (conflictsOf(report).length > 0 || report.steps.some((step) => step.status === "failed") ? EXIT_FAILURE : EXIT_OK);

  if (flags.dryRun) {
    if (flags.json) io.stdout.write(formatUpgradeJson(report));
    else say(`${formatUpgradeSummary(report, io.cwd)}${formatUpgradeDiff(plan.decisions)}`);
    return exitCode();
  }

  // 5. Write: staged beside the service, then swapped in all or nothing, the manifest last.
  const committed = await commitTree(plan.write, dir, { force: true, remove: plan.remove });
  if (committed.interrupted) {
    if (flags.json) io.stdout.write(formatUpgradeJson(report));
    const rest = report.dependenciesChanged && !flags.skipInstall ? `; to finish, run: cd ${where} && npm install` : "";
    io.stderr.write(`${TOOL}: interrupted; the upgrade is written completely in ${where}${rest}\n`);
    return 128 + osConstants.signals[committed.interrupted];
  }

  // 6. npm install when the dependencies changed, as generation does it.
  if (report.dependenciesChanged) {
    if (flags.skipInstall) report.steps.push({ step: "install", status: "skipped", detail: "--skip-install" });
    else {
      const progress = { stream: io.stderr, enabled: !flags.quiet && !flags.json };
      const install = await runInterruptible((cancel) => runStep(progress, "Installing dependencies (npm install)", () => npmInstall({ cwd: dir, cancel }), { handlesInterrupt: true }));
      report.steps.push(install);
      if (install.status === "interrupted") {
        if (flags.json) io.stdout.write(formatUpgradeJson(report));
        io.stderr.write(`${TOOL}: npm install was interrupted; the upgrade is written in ${where}; to finish, run: cd ${where} && npm install\n`);
        return EXIT_INTERRUPTED;
      }
    }
  }
  if (flags.json) io.stdout.write(formatUpgradeJson(report));
  else say(formatUpgradeSummary(report, io.cwd));
  return exitCode();
}

function readManifest(dir: string, where: string): Manifest {
  let text: string;
  try {
    text = readFileSync(join(dir, MANIFEST_FILE), "utf8");
  } catch (error) {
    const code = errnoCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new UsageError(`${where} has no ${MANIFEST_FILE}, so create-service did not generate it (or the file was deleted); pass the folder of a generated service`);
    }
    throw error;
  }
  let manifest: Partial<Manifest>;
  try {
    manifest = JSON.parse(text) as Partial<Manifest>;
  } catch {
    throw new UsageError(`${join(where, MANIFEST_FILE)} is not valid JSON; restore it from git (git checkout -- ${MANIFEST_FILE})`);
  }
  const valid = typeof manifest.name === "string" && typeof manifest.template?.name === "string" && typeof manifest.template.version === "string"
    && typeof manifest.tool?.version === "string" && isRecord(manifest.answers) && isRecord(manifest.files);
  if (!valid) throw new UsageError(`${join(where, MANIFEST_FILE)} lacks name, tool, template, answers or files; restore it from git (git checkout -- ${MANIFEST_FILE})`);
  return manifest as Manifest;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** `--template <name|dir>` as generation takes it; without it, the built-in template the service names. */
function currentTemplate(manifest: Manifest, templateFlag: string | undefined, cwd: string): TemplateSpec {
  const builtin = BUILTIN_TEMPLATES.some((template) => template.name === manifest.template.name);
  if (!templateFlag && !builtin) {
    throw new UsageError(`the service was generated with template ${manifest.template.name}, which is not built in; pass its folder: --template <dir>`);
  }
  const choice = chooseTemplate(templateFlag ?? manifest.template.name, cwd);
  const spec = loadTemplateSpec(choice.dir, choice.shownAs);
  if (spec.name === manifest.template.name) return spec;
  if (templateFlag) throw new UsageError(`--template ${templateFlag} is template ${spec.name}, but the service was generated with ${manifest.template.name}; pass that template's folder`);
  throw new UsageError(`the service was generated with template ${manifest.template.name}, which is not built in; pass its folder: --template <dir>`);
}

async function refuseDirtyWorkTree(dir: string, where: string): Promise<void> {
  const status = await execa("git", ["status", "--porcelain", "--untracked-files=all", "--", "."], { cwd: dir, reject: false });
  // Not a git work tree (or no git): nothing to compare with, and nothing to refuse.
  if (status.exitCode !== 0 || String(status.stdout).trim() === "") return;
  const count = String(status.stdout).trim().split("\n").length;
  throw new UsageError(`${where} has ${count} uncommitted ${count === 1 ? "change" : "changes"} (git status); commit them first so the upgrade can be reviewed and undone on its own, or pass --force`);
}

/** The old version's render with the recorded answers; a template it can no longer render gives no base (merges then say so). */
function renderBase(spec: TemplateSpec, manifest: Manifest): VirtualTree {
  const vendored = vendoredToolPath(manifest.tool.version);
  try {
    return planService({
      spec,
      name: manifest.name,
      answers: manifest.answers,
      toolVersion: manifest.tool.version,
      // The old tarball's bytes are not needed: nobody edits it, so it is never merged.
      ...(Object.hasOwn(manifest.files, vendored) ? { vendoredTool: { path: vendored, load: () => Buffer.alloc(0) } } : {}),
    });
  } catch (error) {
    if (error instanceof FailureError || error instanceof UsageError) return new VirtualTree();
    throw error;
  }
}

/** "0.1.0 → 0.2.0: adds ...", for every version after the service's, oldest first. */
export function changelogLines(spec: TemplateSpec, from: string): string[] {
  const newer = spec.changelog.filter((entry) => semver.gt(entry.version, from) && semver.lte(entry.version, spec.version)).reverse();
  let previous = from;
  return newer.flatMap((entry) => {
    const lines = entry.changes.map((change) => `${previous} → ${entry.version}: ${change}`);
    previous = entry.version;
    return lines;
  });
}

function dependenciesChanged(decisions: FileDecision[]): boolean {
  const packageJson = decisions.find((decision) => decision.path === "package.json");
  if (!packageJson?.after || !packageJson.before) return Boolean(packageJson?.after);
  const pick = (content: Buffer): unknown => {
    try {
      const parsed = JSON.parse(content.toString("utf8")) as Record<string, unknown>;
      return DEPENDENCY_KEYS.map((key) => parsed[key]);
    } catch {
      return content.toString("utf8");
    }
  };
  return !isDeepStrictEqual(pick(packageJson.before.content), pick(packageJson.after.content));
}
