import { createTwoFilesPatch } from "diff";
import type { FileDecision, UpgradeOutcome } from "../scaffold/upgrade-plan.js";
import type { StepResult } from "../scaffold/post-steps.js";
import { displayPath } from "./create-service-output.js";

/** Pure text for `create-service upgrade`: what a person reads and what --json prints. */

export interface UpgradeReport {
  dir: string;
  name: string;
  template: { name: string; from: string; to: string };
  /** Where the old template came from (history/0.1.0.patch, git abc1234, --from dir). */
  base: string;
  /** "0.1.0 → 0.2.0: adds ..." lines, oldest first. */
  changelog: string[];
  /** Template options the service had no answer for, which took their default (or were asked). */
  newOptions: string[];
  dryRun: boolean;
  decisions: FileDecision[];
  dependenciesChanged: boolean;
  steps: StepResult[];
}

const SHOWN: UpgradeOutcome[] = ["updated", "merged", "conflict", "added", "removed", "kept", "deleted"];

export const conflictsOf = (report: UpgradeReport): FileDecision[] => report.decisions.filter((decision) => decision.outcome === "conflict");

export function formatUpgradeSummary(report: UpgradeReport, cwd: string): string {
  const where = displayPath(report.dir, cwd);
  const verb = report.dryRun ? "Dry run: would upgrade" : "Upgraded";
  const lines = [`${verb} ${report.name} in ${where} from template ${report.template.name} ${report.template.from} to ${report.template.to} (old version from ${report.base})`];
  for (const line of report.changelog) lines.push(`  ${line}`);
  if (report.newOptions.length > 0) lines.push(`New template options, set to their defaults or your answers: ${report.newOptions.join(", ")}`);
  const shown = report.decisions.filter((decision) => SHOWN.includes(decision.outcome));
  for (const decision of shown) lines.push(`  ${decision.outcome.padEnd(8)} ${decision.path}${decision.reason ? `  (${decision.reason})` : ""}`);
  if (shown.length === 0) lines.push("  no file changes");
  const counts = SHOWN.map((outcome) => [outcome, shown.filter((decision) => decision.outcome === outcome).length] as const).filter(([, count]) => count > 0);
  if (counts.length > 0) lines.push(`${counts.map(([outcome, count]) => `${count} ${outcome}`).join(", ")}`);
  for (const step of report.steps) lines.push(`  ${step.status === "done" ? "✔" : step.status === "skipped" ? "-" : "✖"} ${step.step === "install" ? "npm install" : step.step}${step.detail ? `: ${step.detail}` : ""}`);
  const conflicts = conflictsOf(report);
  if (conflicts.length > 0) {
    const them = conflicts.map((decision) => decision.path).join(", ");
    lines.push(report.dryRun ? `${conflicts.length} ${plural(conflicts.length, "file")} would have conflicts: ${them}` : `${conflicts.length} ${plural(conflicts.length, "file")} to resolve: ${them}; fix the marked lines (search for <<<<<<<), then commit`);
  }
  if (report.dryRun) lines.push("Nothing was written.");
  return `${lines.join("\n")}\n`;
}

/** A unified diff of every file the upgrade changes, as `git diff` would show it after the upgrade. */
export function formatUpgradeDiff(decisions: FileDecision[]): string {
  const parts: string[] = [];
  for (const decision of decisions) {
    const before = decision.before?.content;
    const after = decision.after?.content;
    if (before && after && before.equals(after)) continue;
    if (!before && !after) continue;
    if ([before, after].some((content) => content?.subarray(0, 8000).includes(0))) {
      parts.push(`Binary file ${decision.path} ${before ? (after ? "changes" : "is removed") : "is added"}\n`);
      continue;
    }
    parts.push(createTwoFilesPatch(before ? `a/${decision.path}` : "/dev/null", after ? `b/${decision.path}` : "/dev/null", before?.toString("utf8") ?? "", after?.toString("utf8") ?? ""));
  }
  return parts.join("");
}

export function formatUpgradeJson(report: UpgradeReport): string {
  const json = {
    ok: conflictsOf(report).length === 0 && !report.steps.some((step) => step.status === "failed"),
    dryRun: report.dryRun,
    dir: report.dir,
    name: report.name,
    template: report.template,
    base: report.base,
    changelog: report.changelog,
    newOptions: report.newOptions,
    files: report.decisions.filter((decision) => decision.outcome !== "unchanged").map((decision) => ({ path: decision.path, outcome: decision.outcome, reason: decision.reason ?? null })),
    conflicts: conflictsOf(report).map((decision) => decision.path),
    dependenciesChanged: report.dependenciesChanged,
    steps: report.steps,
    ...(report.dryRun ? { diff: formatUpgradeDiff(report.decisions) } : {}),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

const plural = (count: number, word: string): string => (count === 1 ? word : `${word}s`);
