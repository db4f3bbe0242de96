import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../../src/lint/rules/index.js";
import { REPO_ROOT } from "../helpers/cli.js";
import { readAction, runAction, type ActionRun } from "../helpers/github-action.js";
import { runArchLint } from "../helpers/arch-lint-in-process.js";
import { tempDir } from "../helpers/temp.js";

/**
 * The GitHub Action (action.yml, a composite action, and action/arch-lint.sh, its step): its shell steps run
 * here as the runner would run them (test/helpers/github-action.ts), on copies of the lint fixtures, with
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY pointing at files. The SARIF upload (github/codeql-action) needs
 * GitHub, so what it would be given is checked instead.
 */

const SHOP = join(REPO_ROOT, "test/fixtures/lint/shop");
const CLEAN = join(REPO_ROOT, "test/fixtures/lint/clean");

function fixture(source: string): string {
  const dir = tempDir();
  cpSync(source, dir, { recursive: true });
  return dir;
}

function run(workspace: string, inputs: Record<string, string> = {}): ActionRun {
  return runAction({ actionDir: REPO_ROOT, workspace, inputs, temp: tempDir() });
}

const [scanStep, upload, exitStep] = [0, 1, 2];

// Each run of the action starts node three or four times: on a loaded 2-core machine that is many seconds.
describe("[I] the GitHub Action", { timeout: 120_000 }, () => {
  it("on a repository with findings: annotations, the summary, the SARIF report, the counts, and a failed step (exit 1)", () => {
    const workspace = fixture(SHOP);
    const result = run(workspace, { "upload-sarif": "true" });
    const step = result.steps[scanStep]!;
    expect(step.status, step.stderr).toBe(0);
    expect(result.outputs).toEqual({ errors: "3", warnings: "1", report: "arch-lint.sarif", "exit-code": "1" });
    // Annotations in the log, errors first; the summary as the markdown format writes it.
    expect(step.stdout).toMatch(/^::error file=services\//m);
    expect(result.summary).toMatch(/^### ❌ arch-lint: 3 errors, 1 warning$/m);
    const sarif = JSON.parse(readFileSync(join(workspace, "arch-lint.sarif"), "utf8")) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]!.results).toHaveLength(4);
    // The upload would get that file, under its own category, and the last step fails as arch-lint did.
    expect(result.steps[upload]).toMatchObject({ ran: true, with: { sarif_file: "arch-lint.sarif", category: "arch-lint" } });
    expect(result.steps[exitStep]).toMatchObject({ ran: true, status: 1 });
    expect(result.failed).toBe(true);
  });

  it("on a clean repository, with a JUnit report at a path of its own: exit 0, no upload unless asked", () => {
    const workspace = fixture(CLEAN);
    const result = run(workspace, { format: "junit", report: "reports/arch-lint.xml" });
    expect(result.outputs).toEqual({ errors: "0", warnings: "0", report: "reports/arch-lint.xml", "exit-code": "0" });
    expect(readFileSync(join(workspace, "reports/arch-lint.xml"), "utf8")).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="arch-lint" tests="\d+" failures="0"/);
    expect(result.summary).toMatch(/^### ✅ arch-lint: 0 errors, 0 warnings$/m);
    expect(result.steps[upload]!.ran).toBe(false);
    expect(result.steps[exitStep]).toMatchObject({ ran: true, status: 0 });
    expect(result.failed).toBe(false);
  });

  it("an HTML report, to keep as the job's artifact", () => {
    const workspace = fixture(SHOP);
    const result = run(workspace, { format: "html" });
    expect(result.outputs).toMatchObject({ errors: "3", warnings: "1", report: "arch-lint.html", "exit-code": "1" });
    expect(readFileSync(join(workspace, "arch-lint.html"), "utf8")).toMatch(/^<!doctype html>/i);
  });

  it("with a baseline that knows every finding: the counts are of new findings only, and the step passes", async () => {
    const workspace = fixture(SHOP);
    expect((await runArchLint(["--baseline", "arch-lint.baseline.json", "--update-baseline"], workspace)).code).toBe(0);
    const result = run(workspace, { baseline: "arch-lint.baseline.json", format: "gitlab" });
    expect(result.outputs).toEqual({ errors: "0", warnings: "0", report: "gl-code-quality-report.json", "exit-code": "0" });
    expect(JSON.parse(readFileSync(join(workspace, "gl-code-quality-report.json"), "utf8"))).toEqual([]);
    expect(result.failed).toBe(false);
  });

  it("paths reach arch-lint", () => {
    const orders = fixture(SHOP);
    const scoped = run(orders, { paths: "services/orders\n", format: "json" });
    expect((JSON.parse(readFileSync(join(orders, "arch-lint.json"), "utf8")) as { summary: { services: number } }).summary.services).toBe(1);
    expect(scoped.outputs).toMatchObject({ errors: "1", warnings: "0", "exit-code": "1" });
  });

  it("config and max-warnings reach arch-lint; a config that is missing fails the step with exit 2", () => {
    // A config that makes every rule a warning: the shop's 4 findings are then 4 warnings, and only
    // max-warnings can fail the step.
    const workspace = fixture(SHOP);
    mkdirSync(join(workspace, "ci"));
    writeFileSync(join(workspace, "ci/arch-lint.yaml"), `rules:\n${RULES.map((rule) => `  ${rule.meta.id}: warn\n`).join("")}`);
    const lenient = run(workspace, { config: "ci/arch-lint.yaml", "max-warnings": "4" });
    expect(lenient.outputs).toMatchObject({ errors: "0", warnings: "4", "exit-code": "0" });
    expect(run(workspace, { config: "ci/arch-lint.yaml", "max-warnings": "3" }).outputs).toMatchObject({ warnings: "4", "exit-code": "1" });

    const missing = run(fixture(SHOP), { config: "no-such.yaml" });
    expect(missing.outputs).toMatchObject({ "exit-code": "2", errors: "", report: "" });
    expect(missing.steps[scanStep]!.stderr).toMatch(/no-such\.yaml/);
    expect(missing.steps[exitStep]).toMatchObject({ ran: true, status: 2 });
  });

  it("a bad input stops the step with one line that names the fix, before anything runs", () => {
    const workspace = fixture(CLEAN);
    const result = run(workspace, { format: "xml" });
    const step = result.steps[scanStep]!;
    expect(step.status).toBe(2);
    expect(step.stdout.trim()).toBe(
      "::error title=arch-lint action::the format input 'xml' is not one of sarif, json, junit, gitlab, markdown, html, stylish (annotations and the step summary are always written); set format to one of them",
    );
    expect(result.steps.slice(1).map((s) => s.ran)).toEqual([false, false]);
    expect(run(workspace, { "upload-sarif": "yes" }).steps[scanStep]!.stdout).toMatch(/upload-sarif input 'yes' is not true or false/);
  });
});

describe("[U] action.yml", () => {
  const action = readAction(REPO_ROOT);

  it("is a composite action whose upload step is pinned to a release of github/codeql-action", () => {
    expect(action.runs.using).toBe("composite");
    const uses = action.runs.steps.filter((step) => step.uses).map((step) => step.uses);
    expect(uses).toHaveLength(1);
    expect(uses[0]).toMatch(/^github\/codeql-action\/upload-sarif@v\d+\.\d+\.\d+$/);
    for (const step of action.runs.steps.filter((s) => s.run)) expect(step.shell).toBe("bash");
  });

  /** The rows of the README table that follows the given line: first cell (in backticks) → the other cells. */
  function readmeTable(after: string): Map<string, string[]> {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    const start = readme.indexOf(after);
    expect(start, `README.md has no "${after}"`).toBeGreaterThanOrEqual(0);
    const rows = new Map<string, string[]>();
    const lines = readme.slice(start).split("\n").slice(1);
    const first = lines.findIndex((line) => line.startsWith("|"));
    for (const line of lines.slice(first)) {
      if (!line.startsWith("|")) break;
      const cells = line.split("|").slice(1, -1).map((cell) => cell.trim());
      const name = /^`([^`]+)`$/.exec(cells[0]!)?.[1];
      if (name) rows.set(name, cells.slice(1));
    }
    return rows;
  }

  it("has the inputs, with the defaults, that the README's table lists, and the outputs it names", () => {
    const inputs = readmeTable("Inputs of the action:");
    expect([...inputs.keys()]).toEqual(Object.keys(action.inputs));
    for (const [name, [shownDefault]] of inputs) {
      const actual = action.inputs[name]!.default ?? "";
      expect(shownDefault, name).toBe(actual === "" ? "(empty)" : `\`${actual}\``);
    }
    expect([...readmeTable("Outputs of the action:").keys()]).toEqual(Object.keys(action.outputs));
  });

  it("ships in the package, so that a workflow can use it from node_modules", () => {
    const files = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { files: string[] }).files;
    expect(files).toEqual(expect.arrayContaining(["action.yml", "action"]));
    expect(existsSync(join(REPO_ROOT, "action/arch-lint.sh"))).toBe(true);
  });
});
