import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";
import { constants as osConstants } from "node:os";
import { writeFile, rename } from "node:fs/promises";
import type { CliIo } from "./io.js";
import { buildProgram, type CoreFlags } from "./create-service-program.js";
import { createAsker, type Asker } from "./prompts.js";
import { displayPath, formatDryRun, formatJson, formatSummary, type GenerationReport } from "./create-service-output.js";
import { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, UsageError } from "../shared/errors.js";
import { parseArgv } from "./commander-run.js";
import { PACKAGE_ROOT, packageVersion } from "../shared/package-info.js";
import { loadTemplateSpec, type TemplateSpec } from "../scaffold/template-spec.js";
import { BUILTIN_TEMPLATES, DEFAULT_TEMPLATE, builtinNames, builtinTemplateDir, chooseTemplate, impliedBuiltinTemplate } from "../scaffold/builtin-templates.js";
import { flagName } from "../scaffold/option-values.js";
import { checkServiceName, describeNameProblem } from "../scaffold/service-name.js";
import { resolveAnswers, type GivenFlags } from "../scaffold/answers.js";
import { planNextSteps, planService } from "../scaffold/plan.js";
import { commitTree, inspectTarget, targetProblem } from "../scaffold/commit.js";
import { findWorkspace, planWorkspaceRegistration, type FileUpdate, type Workspace } from "../scaffold/workspace.js";
import { INITIAL_BRANCH, gitInit, isInsideGitWorkTree, npmInstall, type StepResult } from "../scaffold/post-steps.js";
import { vendoredToolFor } from "../scaffold/tool-package.js";
import { runStep } from "./progress.js";
import { runInterruptible } from "./interrupt.js";
import { unsupportedShellNode } from "./shell-node.js";
import { UPGRADE } from "./upgrade-name.js";

const TOOL = "create-service";
/** Flags that mean no questions (or no generation at all): with one of them the kind of template is never asked. */
const NO_PROMPT_FLAGS = new Set(["-y", "--yes", "--json", "-h", "--help"]);
const LOCKFILE = "package-lock.json";
export const BUILTIN_TEMPLATE_DIR = builtinTemplateDir(DEFAULT_TEMPLATE);

/** The whole generation, step by step; throws expected errors for `main` to render. */
export async function createService(argv: string[], io: CliIo): Promise<number> {
  // 1. Which template? Its template.yaml declares the options, so it is read before the flags;
  //    in a terminal, with none named, the kind is the first question.
  const templateFlag = findTemplateFlag(argv);
  const interactive = Boolean(io.stdin.isTTY) && !argv.some((arg) => NO_PROMPT_FLAGS.has(arg));
  let asker: Asker | undefined = interactive ? await createAsker(io) : undefined;
  // Flags of one built-in template (--routes) answer the question; they never pick a template unasked.
  const implied = templateFlag === undefined ? impliedBuiltinTemplate(argv, builtinFlags) : undefined;
  const templateName = templateFlag ?? (asker ? (implied?.template ?? (await asker.askTemplate(BUILTIN_TEMPLATES, DEFAULT_TEMPLATE))) : undefined);
  const choice = chooseTemplate(templateName, io.cwd);
  const spec = loadTemplateSpec(choice.dir, choice.shownAs);
  if (implied && !spec.options.some((option) => flagName(option) === implied.flag)) {
    throw new UsageError(`${implied.flag} is an option of the ${implied.template} template, not of ${spec.name}; add --template ${implied.template}`);
  }

  // 2. Parse flags against the core options plus the template's options.
  const parsed = parseFlags(spec, argv, io);
  if (typeof parsed === "number") return parsed;
  const { flags, given, nameArg } = parsed;
  if (flags.yes || flags.json) asker = undefined;
  const say = flags.quiet || flags.json ? () => {} : (text: string) => void io.stdout.write(text);

  // 3. The name: from the argument, else asked, else a usage error naming what to pass.
  const name = nameArg ?? (await askForName(asker, spec));
  const nameCheck = checkServiceName(name, spec.serviceName);
  if (!nameCheck.ok) throw new UsageError(describeNameProblem(name, nameCheck));
  if (name === UPGRADE) throw new UsageError(`"${UPGRADE}" is create-service's upgrade command, not a service name; choose another name`);

  // 4. Where it goes: --dir, else the workspace's services folder, else ./<name>.
  const workspace = findWorkspace(io.cwd);
  const target = flags.dir ? resolve(io.cwd, flags.dir) : workspace ? join(workspace.root, workspace.servicesDir, name) : resolve(io.cwd, name);
  const targetState = await inspectTarget(target);
  const refusal = targetProblem(target, targetState, Boolean(flags.force));
  if (refusal) throw new UsageError(refusal);

  // 5. Every template option: flag, else prompt, else default.
  const answers = await resolveAnswers(spec, name, given, asker?.ask);

  // 6. Render the whole service in memory; nothing has touched the disk yet.
  const vendoredTool = vendoredToolFor(fileURLToPath(PACKAGE_ROOT), packageVersion());
  const planInput = { spec, name, answers, toolVersion: packageVersion(), vendoredTool };
  const tree = planService(planInput);
  const nextSteps = planNextSteps(planInput);
  const registration = workspace ? planWorkspaceRegistration(workspace, target) : undefined;
  const report: GenerationReport = {
    name,
    template: { name: spec.name, version: spec.version },
    target,
    dryRun: Boolean(flags.dryRun),
    tree,
    replaced: targetState === "not-empty" ? existingPaths(target, tree.paths()) : [],
    workspace: workspace ? describeWorkspace(workspace, registration) : undefined,
    steps: [],
    nextSteps,
    unsupportedShellNode: unsupportedShellNode(process.env),
  };

  if (flags.dryRun) {
    if (flags.json) io.stdout.write(formatJson(report));
    else if (!flags.quiet) io.stdout.write(formatDryRun(report, io.cwd));
    return EXIT_OK;
  }

  // 7. Write: staged, then moved into place all or nothing.
  const committed = await commitTree(tree, target, { force: Boolean(flags.force) });
  report.replaced = committed.replaced;
  if (registration) await writeFileAtomically(registration);

  // 8. Post steps; a failure here leaves the files and says what to run by hand. npm install
  //    comes first, so that the first commit holds package-lock.json.
  const progress = { stream: io.stderr, enabled: !flags.quiet && !flags.json };
  const gitSkip = flags.skipGit ? "--skip-git" : (await isInsideGitWorkTree(dirname(target))) ? "already inside a git work tree" : undefined;
  const commitMessage = `chore: generate ${name} with create-service`;
  if (committed.interrupted) {
    // The signal came while writing, which is never cut short; stop now rather than go on to npm and git.
    const finish = commandsToFinish(displayPath(target, io.cwd), { install: !flags.skipInstall, git: !gitSkip, commitMessage });
    const rest = finish ? `; to finish, run: ${finish}` : "";
    if (flags.json) io.stdout.write(formatJson(report));
    io.stderr.write(`${TOOL}: interrupted; the files are written completely in ${displayPath(target, io.cwd)}${rest}\n`);
    return 128 + osConstants.signals[committed.interrupted];
  }
  if (flags.skipInstall) report.steps.push({ step: "install", status: "skipped", detail: "--skip-install" });
  else {
    const install = await runInterruptible((cancel) => runStep(progress, "Installing dependencies (npm install)", () => installStep(target, cancel), { handlesInterrupt: true }));
    report.steps.push(install);
    if (install.status === "interrupted") {
      const finish = commandsToFinish(displayPath(target, io.cwd), { install: true, git: !gitSkip, commitMessage });
      if (flags.json) io.stdout.write(formatJson(report));
      io.stderr.write(`${TOOL}: npm install was interrupted; the files are in place in ${displayPath(target, io.cwd)}; to finish, run: ${finish}\n`);
      return EXIT_INTERRUPTED;
    }
  }
  // In a workspace the lockfile is the root's, which npm install there writes.
  report.lockfileMissing = !workspace && existsSync(join(target, "package.json")) && !existsSync(join(target, LOCKFILE));
  if (gitSkip) report.steps.push({ step: "git", status: "skipped", detail: gitSkip });
  else {
    const required = [LOCKFILE, ...(vendoredTool ? [vendoredTool.path] : [])];
    report.steps.push(await runStep(progress, "Setting up git", () => gitStep(target, commitMessage, required)));
  }

  if (flags.json) io.stdout.write(formatJson(report));
  else say(formatSummary(report, io.cwd));
  // The files are in place either way, but a script must be able to tell that a step failed.
  return report.steps.some((step) => step.status === "failed") ? EXIT_FAILURE : EXIT_OK;
}

interface ParsedFlags {
  flags: CoreFlags;
  given: GivenFlags;
  nameArg: string | undefined;
}

function parseFlags(spec: TemplateSpec, argv: string[], io: CliIo): ParsedFlags | number {
  const program = buildProgram(spec, packageVersion());
  const answered = parseArgv(program, argv, io, TOOL);
  if (answered !== undefined) return answered;
  const options = program.opts<Record<string, string | boolean | undefined>>();
  const given: GivenFlags = {};
  for (const option of spec.options) given[option.key] = options[option.key];
  return { flags: options as CoreFlags, given, nameArg: program.args[0] };
}

/** The flags a built-in template declares (its template.yaml is small; read only when no --template is given). */
function builtinFlags(template: string): string[] {
  return loadTemplateSpec(builtinTemplateDir(template)).options.map(flagName);
}

/** `--template dir` or `--template=dir`, read before commander so the template's flags can be declared. */
export function findTemplateFlag(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") return undefined;
    if (arg.startsWith("--template=")) return requireTemplateValue(arg.slice("--template=".length));
    if (arg === "--template") return requireTemplateValue(argv[i + 1]);
  }
  return undefined;
}

function requireTemplateValue(value: string | undefined): string {
  if (!value || value.startsWith("-")) throw new UsageError(`--template needs a built-in template name (${builtinNames()}) or a folder: --template <name|dir>`);
  return value;
}

async function askForName(asker: Asker | undefined, spec: TemplateSpec): Promise<string> {
  if (!asker) throw new UsageError(`missing service name; pass it first: ${TOOL} <name> (for example ${TOOL} orders --yes)`);
  return asker.askName(spec.serviceName);
}

function describeWorkspace(workspace: Workspace, registration: FileUpdate | undefined): GenerationReport["workspace"] {
  return { root: workspace.root, tools: workspace.tools, ...(registration ? { updated: registration.path } : {}) };
}

function existingPaths(target: string, paths: string[]): string[] {
  return paths.filter((path) => existsSync(join(target, path)));
}

/** A user's file is replaced only whole: write beside it, then rename over it. */
async function writeFileAtomically(update: FileUpdate): Promise<void> {
  const temp = join(dirname(update.path), `.${process.pid}.create-service.tmp`);
  await writeFile(temp, update.content);
  await rename(temp, update.path);
}

/** What is left to run by hand after an interruption, as one shell line ("" when nothing is). */
function commandsToFinish(where: string, left: { install: boolean; git: boolean; commitMessage: string }): string {
  const commands = [
    ...(left.install ? ["npm install"] : []),
    ...(left.git ? [`git init -b ${INITIAL_BRANCH}`, "git add -A", `git commit -m "${left.commitMessage}"`] : []),
  ];
  return commands.length > 0 ? [`cd ${where}`, ...commands].join(" && ") : "";
}

/** The first commit holds the files the build needs (lockfile, vendored tarball) that exist, even where a global gitignore would leave them out. */
async function gitStep(target: string, message: string, required: string[]): Promise<StepResult> {
  return gitInit({ cwd: target, message, required: required.filter((path) => existsSync(join(target, path))) });
}

async function installStep(target: string, cancel: AbortSignal): Promise<StepResult> {
  return npmInstall({ cwd: target, cancel });
}
