import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import module from "node:module";
import v8 from "node:v8";
import type { Command } from "commander";
import { parseArgv } from "./commander-run.js";
import { processIo, type CliIo } from "./io.js";
import { buildGraphProgram, buildInitProgram, buildProgram, type ArchLintFlags, type GraphFlags, type InitFlags } from "./arch-lint-program.js";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, errnoCode, renderError } from "../shared/errors.js";
import { FolderNotCreated, makeFolders } from "../shared/make-folders.js";
import { packageVersion } from "../shared/package-info.js";
import type { LintResult } from "../lint/types.js";

const TOOL = "arch-lint";

/**
 * `arch-lint [paths..]`. Returns the exit code (0 no errors, 1 findings,
 * 2 usage, configuration error or crash); only the launcher touches the
 * process. The scanner (and ts-morph) is imported only when a scan starts,
 * so --version and --help answer at once.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const debug = Boolean(io.env.DEBUG);
  try {
    return await archLint(argv, io);
  } catch (error) {
    const rendered = renderError(error, { tool: TOOL, debug });
    io.stderr.write(`${rendered.text}\n`);
    // A crash must not look like "findings" (1): anything unexpected is 2.
    return rendered.exitCode === EXIT_FAILURE && !(error instanceof UsageError) ? EXIT_USAGE : rendered.exitCode;
  }
}

async function archLint(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  if (argv[0] === "graph") return graph(argv.slice(1), io);
  if (argv[0] === "init") return init(argv.slice(1), io);

  const program = buildProgram(packageVersion());
  const parsed = parse(program, argv, io);
  if (parsed !== undefined) return parsed;
  const flags = program.opts<ArchLintFlags>();
  const paths = program.args.length ? program.args : ["."];

  const config = await importScanner();
  if (flags.printSchema) {
    io.stdout.write(`${JSON.stringify(config.buildConfigSchema(), null, 2)}\n`);
    return EXIT_OK;
  }
  if (flags.showEnv && !flags.printModel) throw new UsageError("--show-env only applies to --print-model: run arch-lint --print-model --show-env");
  if (flags.updateBaseline && !flags.baseline) throw new UsageError("--update-baseline needs --baseline <file>: the file to write, e.g. --baseline arch-lint.baseline.json");
  const ruleFlags = (flags.rule ?? []).map((flag) => config.parseRuleFlag(flag));
  const configFile = flags.config ? resolve(io.cwd, flags.config) : config.findConfigFile(resolve(io.cwd, paths[0]!));
  const loaded = configFile ? config.loadConfigFile(configFile) : config.defaultConfig(io.cwd);

  const format = flags.format ?? (io.env.GITHUB_ACTIONS === "true" ? "github" : "stylish");
  const toFile = Boolean(flags.output);
  const color = flags.color !== false && !toFile && wantsColor(io);

  // The scan: ts-morph is loaded here and nowhere earlier.
  const { lintParallel } = await import("../lint/engine.js");
  const timings = io.env.ARCH_LINT_TIMING ? (phases: [string, number][]) => void io.stderr.write(`${TOOL}: timings ${phases.map(([name, ms]) => `${name} ${ms} ms`).join(", ")}\n`) : undefined;
  const cacheFile = flags.cache || flags.cacheLocation ? resolve(io.cwd, flags.cacheLocation ?? join(paths[0]!, "node_modules/.cache/arch-lint/facts.json")) : undefined;
  const result = await lintParallel({ cwd: io.cwd, paths, config: loaded, ruleFlags, toolVersion: packageVersion(), ...(cacheFile ? { cacheFile } : {}), prefilter: !io.env.ARCH_LINT_NO_PREFILTER, ...workersFromEnv(io), ...(timings ? { timings } : {}) });

  await crashIfAsked(io);

  if (flags.printModel) {
    // What it understood; the call graph and the file → service map are internals, and large. Handlers that are not
    // HTTP routes (Moleculer actions, GraphQL resolvers, socket messages) follow the routes, each list absent when empty.
    const { redactModel } = await import("../lint/report/redact.js");
    const { serviceSummaries } = await import("../lint/model/understood.js");
    const { services, edgeServices, libraries, routes, actions, resolvers, socketEvents, calls, datastores, tables, topics, writes, imports, tracers, brokers, stats } = flags.showEnv ? result.model : redactModel(result.model);
    const summary = { text: result.summary, perService: serviceSummaries(result.model, result.diagnostics) };
    const text = `${JSON.stringify({ summary, services, edgeServices, libraries, routes, actions, resolvers, socketEvents, calls, datastores, tables, topics, writes, imports, tracers, brokers, stats }, null, 2)}\n`;
    if (flags.output) writeOutput(resolve(io.cwd, flags.output), text);
    else io.stdout.write(text);
    io.stderr.write(`${result.summary}\n`);
    return EXIT_OK;
  }

  if (flags.baseline) await useBaseline(result, resolve(io.cwd, flags.baseline), flags, io);
  const { REPORTERS } = await import("../lint/report/index.js");
  const { countFindings } = await import("../lint/report/context.js");
  const reported = flags.quiet ? { ...result, findings: result.findings.filter((f) => f.severity === "error") } : result;
  const reporter = REPORTERS.get(format)!;
  const sourceCache = new Map<string, string[] | undefined>();
  const ctx = {
    cwd: io.cwd,
    color,
    toolVersion: packageVersion(),
    ...repoRootOf(result.root),
    sourceLine: (file: string, line: number): string | undefined => {
      if (!sourceCache.has(file)) {
        try {
          sourceCache.set(file, readFileSync(join(result.root, file), "utf8").split(/\r?\n/));
        } catch {
          sourceCache.set(file, undefined);
        }
      }
      return sourceCache.get(file)?.[line - 1];
    },
  };
  // The HTML page lays its picture out with Graphviz's WebAssembly, which loads asynchronously.
  let report = format === "html" ? await (await import("../lint/report/html/render.js")).renderHtmlReport(reported, ctx) : reporter(reported, ctx);
  // What it understood comes first: in the report for stylish, on stderr for machine formats.
  const summaryInline = format === "stylish";
  if (summaryInline) report = `${result.summary}\n${report}`;
  else if (!flags.quiet) io.stderr.write(`${result.summary}\n`);

  if (flags.output) {
    writeOutput(resolve(io.cwd, flags.output), report);
    if (!flags.quiet) io.stderr.write(`${summaryInline ? `${result.summary}\n` : ""}${TOOL}: wrote the ${format} report to ${flags.output}\n`);
  } else io.stdout.write(report);

  if (format === "github" && io.env.GITHUB_STEP_SUMMARY) {
    const { markdown } = await import("../lint/report/markdown.js");
    try {
      appendFileSync(io.env.GITHUB_STEP_SUMMARY, markdown(reported, ctx));
    } catch (error) {
      io.stderr.write(`${TOOL}: could not write the step summary: ${(error as Error).message}\n`);
    }
  }

  if (result.missedService) {
    // Nothing was checked, though something here runs as a service: a green run would be a false all-clear.
    const { file, line, pkg, fix } = result.missedService;
    io.stderr.write(`${TOOL}: no service was found, so nothing was checked, though ${line ? `${file}:${line}` : file} imports ${pkg}; ${fix}\n`);
    return EXIT_USAGE;
  }
  const counts = countFindings(reported.findings);
  if (counts.errors > 0) return EXIT_FAILURE;
  if (flags.maxWarnings !== undefined && counts.warnings > flags.maxWarnings) {
    io.stderr.write(`${TOOL}: ${counts.warnings} warnings, more than --max-warnings ${flags.maxWarnings}\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

/**
 * --baseline: findings the file lists become suppressed ("external"), and entries that match
 * nothing any more come back as a diagnostic. --update-baseline writes the file from this
 * run's findings and applies what it wrote, without reading it back.
 */
async function useBaseline(result: LintResult, file: string, flags: ArchLintFlags, io: CliIo): Promise<void> {
  const { applyBaseline, buildBaseline, parseBaseline, BaselineError } = await import("../lint/baseline.js");
  const shown = flags.baseline!;
  let baseline;
  if (flags.updateBaseline) {
    const built = buildBaseline(result.findings, (finding) => `${finding.location.file}:${finding.location.line}`);
    writeFileOrFail(file, built.text, `--baseline ${shown}`);
    const count = built.baseline.entries.length;
    io.stderr.write(`${TOOL}: wrote ${count} finding${count === 1 ? "" : "s"} to the baseline ${shown}; commit it, and CI fails on new findings only\n`);
    baseline = built.baseline;
  } else {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      throw new UsageError(missing ? `--baseline ${shown}: no such file; create it with --baseline ${shown} --update-baseline` : `--baseline ${shown}: ${(error as Error).message}`);
    }
    try {
      baseline = parseBaseline(text, shown);
    } catch (error) {
      if (error instanceof BaselineError) throw new UsageError(error.message);
      throw error;
    }
  }
  result.diagnostics.push(...applyBaseline(result.findings, baseline, file, shown));
}

/** Parses argv; returns an exit code when commander already answered (help, version) or refused. */
function parse(program: Command, argv: string[], io: CliIo): number | undefined {
  return parseArgv(program, argv, io, TOOL);
}

/** `arch-lint graph [paths..] --format mermaid|dot|svg`. */
async function graph(argv: string[], io: CliIo): Promise<number> {
  const program = buildGraphProgram(packageVersion());
  const parsed = parse(program, argv, io);
  if (parsed !== undefined) return parsed;
  const flags = program.opts<GraphFlags>();
  const paths = program.args.length ? program.args : ["."];
  const config = await importScanner();
  const configFile = flags.config ? resolve(io.cwd, flags.config) : config.findConfigFile(resolve(io.cwd, paths[0]!));
  const loaded = configFile ? config.loadConfigFile(configFile) : config.defaultConfig(io.cwd);
  const { lintParallel } = await import("../lint/engine.js");
  const result = await lintParallel({ cwd: io.cwd, paths, config: loaded });
  const text = await graphText(result, flags.format);
  io.stderr.write(`${result.summary}\n`);
  if (flags.output) writeOutput(resolve(io.cwd, flags.output), text);
  else io.stdout.write(text);
  return EXIT_OK;
}

async function graphText(result: LintResult, format: GraphFlags["format"]): Promise<string> {
  if (format === "mermaid") return (await import("../lint/report/graph.js")).graphMermaid(result);
  const dot = (await import("../lint/report/graph-dot.js")).graphDot(result);
  if (format === "dot") return dot;
  const { renderSvg } = await import("../lint/report/graph-svg.js");
  return renderSvg(dot);
}

/** `arch-lint init [path]`: a starter config listing the discovered services. */
async function init(argv: string[], io: CliIo): Promise<number> {
  const program = buildInitProgram(packageVersion());
  const parsed = parse(program, argv, io);
  if (parsed !== undefined) return parsed;
  const flags = program.opts<InitFlags>();
  const dir = resolve(io.cwd, program.args[0] ?? ".");
  const config = await importScanner();
  const existing = config.CONFIG_NAMES.map((name) => join(dir, name)).find((file) => existsSync(file));
  if (existing && !flags.force) throw new UsageError(`${existing} already exists; pass --force to replace it`);
  const { lintParallel } = await import("../lint/engine.js");
  const result = await lintParallel({ cwd: dir, paths: ["."], config: config.defaultConfig(dir) });
  const { starterConfig } = await import("../lint/init.js");
  const target = existing ?? join(dir, "arch-lint.config.yaml");
  writeOutput(target, starterConfig(result.model.services));
  io.stdout.write(`${result.summary}\n${TOOL}: wrote ${target} with ${result.model.services.length} service(s); run ${TOOL} to lint\n`);
  const findings = result.findings.filter((finding) => !finding.suppressed).length;
  if (findings > 0) {
    io.stdout.write(`${TOOL}: ${findings} finding${findings === 1 ? "" : "s"} today; to fail CI on new ones only, record them first: ${TOOL} --baseline arch-lint.baseline.json --update-baseline\n`);
  }
  return EXIT_OK;
}

/**
 * The config module, which loads the rules and through them the compiler: so the compile cache
 * and the heap's sizing must be in place before it, not just before the engine.
 */
async function importScanner(): Promise<typeof import("../lint/config.js")> {
  enableCompileCache();
  return import("../lint/config.js");
}

/**
 * Node's on-disk compile cache (node:module enableCompileCache, Node 22.1+): the
 * bundled TypeScript is 9 MB of JavaScript, and compiling it is most of the
 * scanner's start-up; cached, the import takes about half as long from the second run on.
 */
function enableCompileCache(): void {
  try {
    module.enableCompileCache?.();
  } catch {
    // A read-only or full temp folder only costs speed.
  }
  // Parsing makes short-lived trees: a larger young generation means fewer scavenges
  // (about 15% of parse+extract time on the 10,000-file benchmark). Set before the heap grows.
  v8.setFlagsFromString("--max-semi-space-size=64");
}

/**
 * ARCH_LINT_TEST_CRASH, a test hook (docs/arch-lint.md): a real internal error after the scan, so that a test
 * can see the built command exit 2 on a crash, findings or not, never 1 as if the crash were findings.
 * `throw`: thrown inside main; `uncaught`: thrown outside any promise chain; `rejection`: a promise nobody awaits rejects.
 */
async function crashIfAsked(io: CliIo): Promise<void> {
  const how = io.env.ARCH_LINT_TEST_CRASH;
  if (!how) return;
  const error = new Error(`crash injected by ARCH_LINT_TEST_CRASH=${how}`);
  if (how === "uncaught" || how === "rejection") {
    // Never settles: what ends the run is the process's handler of the escaped error.
    await new Promise<never>(() => {
      if (how === "uncaught") setImmediate(() => { throw error; });
      else void Promise.reject(error);
    });
  }
  throw error;
}

/** ARCH_LINT_WORKERS=n: threads for parsing (1 = none), for machines where the default guess is wrong. */
function workersFromEnv(io: CliIo): { workers?: number } {
  const n = Number(io.env.ARCH_LINT_WORKERS);
  return Number.isInteger(n) && n >= 1 ? { workers: n } : {};
}

/** The repository the scan root is in (the nearest folder up with a `.git` folder or, in a worktree, file), for repository-relative paths. */
function repoRootOf(scanRoot: string): { repoRoot?: string } {
  for (let dir = scanRoot; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git"))) return { repoRoot: dir };
    if (dirname(dir) === dir) return {};
  }
}

function wantsColor(io: CliIo): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined) return io.env.FORCE_COLOR !== "0" && io.env.FORCE_COLOR !== "false";
  return Boolean(io.stdout.isTTY);
}

function writeOutput(path: string, text: string): void {
  writeFileOrFail(path, text, `--output ${path}`);
}

function writeFileOrFail(path: string, text: string, shownAs: string): void {
  let created: string | undefined;
  try {
    created = makeFolders(dirname(path));
    writeFileSync(path, text);
  } catch (error) {
    // Nothing half-made is left behind: the folders made for this file go again.
    if (created) rmSync(created, { recursive: true, force: true });
    throw new UsageError(`cannot write ${shownAs} (${whyUnwritable(error instanceof FolderNotCreated ? error.cause : error)}); pass a file path in a folder you can write`);
  }
}

function whyUnwritable(error: unknown): string {
  const code = errnoCode(error);
  switch (code) {
    case "EISDIR":
      return "it is a folder";
    // mkdir of a path through a file: EEXIST for the file itself, ENOTDIR below it.
    case "EEXIST":
    case "ENOTDIR":
      return "a folder on its path is a file";
    case "EACCES":
    case "EPERM":
      return `${code}: permission denied`;
    case "EROFS":
      return "EROFS: read-only file system";
    // mkdir under a folder that exists but cannot hold new folders (/proc).
    case "ENOENT":
      return "ENOENT: the file system refused to create its folder";
    case "ENOSPC":
      return "ENOSPC: no space left on the device";
    default:
      return code ?? (error as Error).message;
  }
}
