import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse as parseYaml } from "yaml";

/**
 * Runs the composite action in action.yml the way the Actions runner does, as far as a machine without
 * GitHub can: each `run` step through `bash --noprofile --norc -eo pipefail <file>` (the runner's bash),
 * its `env` expressions filled in from the inputs (their defaults from action.yml) and earlier steps'
 * outputs, a fresh GITHUB_OUTPUT file per step, one GITHUB_STEP_SUMMARY file, GITHUB_ACTION_PATH the
 * action's folder; an `if:` decides whether a step runs, and a step after a failed one does not run
 * unless its `if` says always(). A `uses` step (the SARIF upload) is not run: what it would be given is
 * recorded. Expressions understood: inputs.NAME, steps.ID.outputs.NAME, github.action_path, string
 * literals, ==, != and &&, always() and success() — everything action.yml uses, and an expression
 * beyond that is an error, so the action cannot grow one this helper silently misreads.
 */

export interface ActionStep {
  id?: string;
  if?: string;
  run?: string;
  uses?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

export interface ActionYaml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepRun {
  step: ActionStep;
  ran: boolean;
  status?: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** For a `uses` step that would run: its `with`, expressions filled in. */
  with?: Record<string, string>;
}

export interface ActionRun {
  steps: StepRun[];
  /** The action's outputs, as action.yml maps them from the steps'. */
  outputs: Record<string, string>;
  summary: string;
  /** Whether the action (its last step that ran) succeeded. */
  failed: boolean;
}

export function readAction(actionDir: string): ActionYaml {
  return parseYaml(readFileSync(join(actionDir, "action.yml"), "utf8")) as ActionYaml;
}

interface Context {
  inputs: Record<string, string>;
  steps: Record<string, Record<string, string>>;
  actionPath: string;
  failed: boolean;
}

function evaluate(expression: string, ctx: Context): string | boolean {
  const text = expression.trim();
  if (text.includes("&&")) return text.split("&&").every((part) => truthy(evaluate(part, ctx)));
  const comparison = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(text);
  if (comparison) {
    const [, left, op, right] = comparison;
    const equal = String(evaluate(left!, ctx)) === String(evaluate(right!, ctx));
    return op === "==" ? equal : !equal;
  }
  if (text === "always()") return true;
  if (text === "success()") return !ctx.failed;
  const literal = /^'(.*)'$/.exec(text);
  if (literal) return literal[1]!;
  const input = /^inputs\.([\w-]+)$/.exec(text);
  if (input) return ctx.inputs[input[1]!] ?? "";
  const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(text);
  if (output) return ctx.steps[output[1]!]?.[output[2]!] ?? "";
  if (text === "github.action_path") return ctx.actionPath;
  throw new Error(`test/helpers/github-action.ts does not understand the expression \${{ ${text} }}`);
}

function truthy(value: string | boolean): boolean {
  return value !== false && value !== "" && value !== "false";
}

function fill(text: string, ctx: Context): string {
  return text.replace(/\$\{\{(.+?)\}\}/g, (_, expression: string) => String(evaluate(expression, ctx)));
}

/** `name=value` lines, and `name<<DELIMITER` blocks, the last value of a name winning, as the runner reads GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const block = /^([\w-]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2]!, i + 1);
      outputs[block[1]!] = lines.slice(i + 1, end).join("\n");
      i = end;
      continue;
    }
    const eq = line.indexOf("=");
    if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

export function runAction(options: { actionDir: string; workspace: string; inputs?: Record<string, string>; temp: string; env?: NodeJS.ProcessEnv }): ActionRun {
  const action = readAction(options.actionDir);
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, options.inputs?.[name] ?? spec.default ?? ""]));
  for (const name of Object.keys(options.inputs ?? {})) if (!(name in action.inputs)) throw new Error(`action.yml has no input ${name}`);
  const ctx: Context = { inputs, steps: {}, actionPath: options.actionDir, failed: false };
  const summaryFile = join(options.temp, "step-summary.md");
  writeFileSync(summaryFile, "");
  const runnerTemp = join(options.temp, "runner-temp");
  mkdirSync(runnerTemp, { recursive: true });
  const steps: StepRun[] = [];
  action.runs.steps.forEach((step, index) => {
    const condition = step.if === undefined ? "success()" : step.if.replace(/^\$\{\{(.*)\}\}$/s, "$1");
    // A step's own condition replaces success(), unless it names always() or success() itself.
    const runs = !ctx.failed || /always\(\)/.test(condition) ? truthy(evaluate(condition, ctx)) : false;
    if (!runs) {
      steps.push({ step, ran: false, stdout: "", stderr: "", outputs: {} });
      return;
    }
    if (step.uses) {
      steps.push({ step, ran: true, stdout: "", stderr: "", outputs: {}, with: Object.fromEntries(Object.entries(step.with ?? {}).map(([key, value]) => [key, fill(String(value), ctx)])) });
      return;
    }
    if (step.shell !== "bash") throw new Error(`step ${index} runs in ${step.shell}: only bash is supported here`);
    const script = join(options.temp, `step-${index}.sh`);
    writeFileSync(script, fill(step.run!, ctx));
    const outputFile = join(options.temp, `output-${index}`);
    writeFileSync(outputFile, "");
    const env = {
      PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`,
      HOME: process.env.HOME ?? options.temp,
      ...options.env,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, fill(String(value), ctx)])),
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_ACTION_PATH: options.actionDir,
      GITHUB_ACTIONS: "true",
      RUNNER_TEMP: runnerTemp,
    };
    const child = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], { cwd: options.workspace, env, encoding: "utf8" });
    const outputs = parseOutputFile(readFileSync(outputFile, "utf8"));
    if (step.id) ctx.steps[step.id] = outputs;
    if (child.status !== 0) ctx.failed = true;
    steps.push({ step, ran: true, status: child.status ?? -1, stdout: child.stdout, stderr: child.stderr, outputs });
  });
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([name, spec]) => [name, fill(spec.value, ctx)]));
  return { steps, outputs, summary: readFileSync(summaryFile, "utf8"), failed: ctx.failed };
}
