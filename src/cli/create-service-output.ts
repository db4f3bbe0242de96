import { relative } from "node:path";
import type { VirtualTree } from "../scaffold/virtual-tree.js";
import type { StepResult } from "../scaffold/post-steps.js";
import { MINIMUM_BY_MAJOR } from "../../bin/require-node.js";

/** Pure text for the create-service CLI: what a person reads and what --json prints. */

export interface GenerationReport {
  name: string;
  template: { name: string; version: string };
  target: string;
  dryRun: boolean;
  tree: VirtualTree;
  /** Paths (relative to the target) that exist and would be or were replaced. */
  replaced: string[];
  workspace?: { root: string; updated?: string; tools: string[] };
  steps: StepResult[];
  /** The template's own next steps (template.yaml nextSteps, rendered), or "". */
  nextSteps: string;
  /** The service has a package.json but no package-lock.json yet (install skipped or failed). */
  lockfileMissing?: boolean;
  /** The shell's node, when it is too old for the service's own scripts (see shell-node.ts). */
  unsupportedShellNode?: string;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `./orders` style paths: relative when under cwd, absolute otherwise. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel === "") return ".";
  return rel.startsWith("..") ? path : `./${rel}`;
}

export function formatDryRun(report: GenerationReport, cwd: string): string {
  const replaced = new Set(report.replaced);
  const total = report.tree.entries().reduce((sum, [, file]) => sum + file.content.length, 0);
  const lines = [`Dry run: would write ${report.tree.size} files (${formatBytes(total)}) to ${displayPath(report.target, cwd)}`];
  for (const [path, file] of report.tree.entries()) {
    const action = replaced.has(path) ? "REPLACE" : "CREATE ";
    lines.push(`  ${action} ${path}  ${formatBytes(file.content.length)}${file.mode & 0o111 ? "  (executable)" : ""}`);
  }
  if (report.workspace?.updated) lines.push(`  UPDATE  ${displayPath(report.workspace.updated, cwd)}  (adds the service to the workspaces list)`);
  lines.push("Nothing was written.");
  return `${lines.join("\n")}\n`;
}

const STEP_LABEL: Record<StepResult["step"], string> = { git: "git repository", install: "npm install" };
const STATUS_MARK: Record<StepResult["status"], string> = { done: "✔", skipped: "-", failed: "✖", interrupted: "✖" };

export function formatSummary(report: GenerationReport, cwd: string): string {
  const where = displayPath(report.target, cwd);
  const lines = [`Created ${report.name} in ${where} (${report.tree.size} files, template ${report.template.name}@${report.template.version})`];
  if (report.replaced.length > 0) {
    lines.push(`Replaced ${report.replaced.length} existing ${report.replaced.length === 1 ? "file" : "files"}:`);
    for (const path of report.replaced) lines.push(`  ${path}`);
  }
  if (report.workspace?.updated) lines.push(`Added ${report.name} to the workspaces in ${displayPath(report.workspace.updated, cwd)}`);
  for (const step of report.steps) {
    lines.push(`  ${STATUS_MARK[step.status]} ${STEP_LABEL[step.step]}${step.detail ? `: ${step.detail}` : ""}`);
    if (step.manual && step.status !== "done") lines.push(`      run by hand: ${step.manual}`);
  }
  const installed = report.steps.some((step) => step.step === "install" && step.status === "done");
  const committed = report.steps.some((step) => step.step === "git" && step.status === "done");
  lines.push("", "Next steps:", `  cd ${where}`);
  if (!installed) lines.push("  npm install");
  if (report.lockfileMissing && committed) lines.push(`  git add package-lock.json && git commit -m "chore: add package-lock.json"`);
  lines.push("  npm test", "  npm run dev");
  if (report.lockfileMissing) {
    lines.push(`package-lock.json is still to be made: npm install writes it${committed ? " (the first commit has none)" : ""}, and CI's npm ci and the Dockerfile install from it, so commit it.`);
  }
  if (report.unsupportedShellNode) {
    lines.push(`Your shell's node is ${report.unsupportedShellNode}; the service's scripts need Node ${MINIMUM_BY_MAJOR[24]} or later (or ${MINIMUM_BY_MAJOR[22]} or later on the 22 line): install it first (for example nvm install 24).`);
  }
  if (report.nextSteps !== "") lines.push("", report.nextSteps);
  return `${lines.join("\n")}\n`;
}

export function formatJson(report: GenerationReport): string {
  const json = {
    ok: !report.steps.some((step) => step.status === "failed"),
    dryRun: report.dryRun,
    name: report.name,
    template: report.template,
    dir: report.target,
    files: report.tree.entries().map(([path, file]) => ({ path, size: file.content.length, mode: file.mode.toString(8) })),
    replaced: report.replaced,
    workspace: report.workspace ?? null,
    steps: report.steps,
    nextSteps: report.nextSteps,
    lockfileMissing: Boolean(report.lockfileMissing),
    unsupportedShellNode: report.unsupportedShellNode ?? null,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

export function formatJsonError(message: string, exitCode: number): string {
  return `${JSON.stringify({ ok: false, exitCode, error: message }, null, 2)}\n`;
}
