import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { runInNewContext } from "node:vm";
import { execa } from "execa";
import semver from "semver";
import { ts } from "ts-morph";
import { beforeAll, describe, expect, it } from "vitest";
import { resolveAnswers } from "../../src/scaffold/answers.js";
import { planService } from "../../src/scaffold/plan.js";
import { loadTemplateSpec } from "../../src/scaffold/template-spec.js";
import type { VirtualTree } from "../../src/scaffold/virtual-tree.js";
import { tempDir } from "../helpers/temp.js";

/**
 * A generated service on a Node older than its "engines": npm run dev, npm test,
 * npm run migrate and npm start stop with one line naming the exact minimum
 * (the CLI's own wording), exit 1, before their real command runs. Node 20 would
 * otherwise stop at ERR_UNKNOWN_FILE_EXTENSION ".ts". The old Node is faked with
 * a preload that changes process.versions, as test/cli/require-node.test.ts does.
 */

const TEMPLATE = join(import.meta.dirname, "../../templates/service");
const CHECK = "scripts/require-node.cjs";

const message = (version: string): string =>
  `orders: Node ${version} is not supported; install Node 24.15.0 or later (or 22.22.2 or later on the 22 line) and run it again`;

/** A preload for NODE_OPTIONS (no spaces, no double quotes) that makes this Node report another version. */
const pretendNode = (version: string): string =>
  `--import=data:text/javascript,Object.defineProperty(process,'versions',{value:{...process.versions,node:'${version}'}})`;

let tree: VirtualTree;
let engines: string;
beforeAll(async () => {
  const spec = loadTemplateSpec(TEMPLATE);
  const answers = await resolveAnswers(spec, "orders", {});
  tree = planService({ spec, name: "orders", answers, toolVersion: "0.0.0-test" });
  engines = (JSON.parse(tree.readText("package.json")!) as { engines: { node: string } }).engines.node;
});

/** The service's package.json and its check, on disk: enough for npm to run the scripts' pre-scripts. */
function writeService(): string {
  const dir = tempDir();
  for (const path of ["package.json", CHECK]) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), tree.read(path)!);
  }
  return dir;
}

describe("the generated service on an unsupported Node", () => {
  it("runs the check before dev, test, migrate and start", () => {
    const scripts = (JSON.parse(tree.readText("package.json")!) as { scripts: Record<string, string> }).scripts;
    for (const script of ["dev", "test", "migrate", "start"]) {
      expect(scripts[`pre${script}`], `pre${script}`).toMatch(new RegExp(`^node ${CHECK.replace(".", "\\.")}( && |$)`));
    }
  });

  it.each(["dev", "test", "migrate", "start"])("npm run %s on Node 20.20.2: one line naming the minimum, exit 1, and its command never runs", async (script) => {
    const dir = writeService();
    const result = await execa("npm", ["run", script], {
      cwd: dir,
      reject: false,
      stdin: "ignore",
      env: { NODE_OPTIONS: pretendNode("20.20.2"), NO_COLOR: "1", npm_config_update_notifier: "false" },
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe(message("20.20.2"));
    expect(result.stdout).toContain(`> orders@0.1.0 pre${script}`);
    expect(result.stdout).not.toContain(`> orders@0.1.0 ${script}\n`);
    expect(result.stdout).not.toContain("> orders@0.1.0 build");
  });

  it("lets a supported Node through without a word", async () => {
    const dir = writeService();
    for (const version of [process.versions.node, "22.22.2", "24.15.0", "26.0.0"]) {
      const result = await execa(process.execPath, [pretendNode(version), CHECK], { cwd: dir, reject: false, stdin: "ignore" });
      expect({ version, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr }).toEqual({ version, exitCode: 0, stdout: "", stderr: "" });
    }
  });
});

describe("the check itself", () => {
  /** The check as a function of its `process`, compiled once in a sandbox. */
  let check: (process: unknown) => void;
  beforeAll(() => {
    check = runInNewContext(`(function (process) {\n${tree.readText(CHECK)!}\n})`) as typeof check;
  });

  /** Runs the check with `version` as process.versions.node: what it would print, or undefined. */
  function refusal(version: string): string | undefined {
    let written: string | undefined;
    const exit = new Error("exit");
    const process = { versions: { node: version }, stderr: { write: (text: string) => void (written = text) }, exit: () => { throw exit; } };
    try {
      check(process);
    } catch (error) {
      if (error !== exit) throw error;
      return written;
    }
    expect(written).toBeUndefined();
    return undefined;
  }

  it("accepts exactly what the service's engines accept", () => {
    const disagreements: string[] = [];
    for (let major = 10; major <= 28; major++) {
      for (let minor = 0; minor <= 30; minor++) {
        for (const patch of [0, 1, 2, 3, 9]) {
          const version = `${major}.${minor}.${patch}`;
          const refused = refusal(version);
          if ((refused === undefined) !== semver.satisfies(version, engines)) disagreements.push(version);
          if (refused !== undefined) expect(refused).toBe(`${message(version)}\n`);
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it("is written in syntax every Node parses (ES5: no let/const, arrows, templates, spreads, trailing commas in calls)", () => {
    const source = ts.createSourceFile(CHECK, tree.readText(CHECK)!, ts.ScriptTarget.ES5, true, ts.ScriptKind.JS);
    const modern: string[] = [];
    const forbidden = new Set([
      ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.TemplateExpression, ts.SyntaxKind.NoSubstitutionTemplateLiteral,
      ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.ClassExpression, ts.SyntaxKind.SpreadElement, ts.SyntaxKind.SpreadAssignment,
      ts.SyntaxKind.ShorthandPropertyAssignment, ts.SyntaxKind.ObjectBindingPattern, ts.SyntaxKind.ArrayBindingPattern,
      ts.SyntaxKind.AwaitExpression, ts.SyntaxKind.QuestionDotToken, ts.SyntaxKind.QuestionQuestionToken,
      ts.SyntaxKind.ImportDeclaration, ts.SyntaxKind.ExportDeclaration, ts.SyntaxKind.ForOfStatement,
    ]);
    const visit = (node: ts.Node): void => {
      const where = `${ts.SyntaxKind[node.kind]} at ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
      if (forbidden.has(node.kind)) modern.push(where);
      if (ts.isVariableDeclarationList(node) && node.flags & ts.NodeFlags.BlockScoped) modern.push(`let/const at ${where}`);
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments?.hasTrailingComma) modern.push(`trailing comma in ${where}`);
      if (ts.isParameter(node) && (node.initializer || node.dotDotDotToken)) modern.push(`default or rest parameter in ${where}`);
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect(modern).toEqual([]);
    expect((source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics).toEqual([]);
  });
});
