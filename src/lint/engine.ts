import { lstatSync, opendirSync, readFileSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { join, posix, relative, resolve, sep } from "node:path";
import ignore from "ignore";
import { ts } from "./ts.js";
import { errnoCode, UsageError } from "../shared/errors.js";
import { ConfigError, effectiveRules, type LintConfig } from "./config.js";
import { throughLinks, walkFiles, withoutCompiledTwins, type FileEntry } from "./discover/files.js";
import { discoverServices } from "./discover/services.js";
import { parseDotenv } from "./discover/env.js";
import { extractConfigJson, extractPrisma, extractSqlFile } from "./extract/index.js";
import { addNestDecoratorRoutes, addNestPatternDecoratorTopics } from "./model/nest-decorator-routes.js";
import { addOpenApiRoutes } from "./openapi-routes.js";
import { readModuleAliases } from "./discover/module-aliases.js";
import { addServerlessRoutes } from "./serverless-routes.js";
import { addExpressGatewayRoutes } from "./express-gateway-routes.js";
import { scannerFingerprint } from "./scanner-fingerprint.js";
import { CHUNK, FactsCache, processReadSources, processSources, readText, type SourceBatch, type SourceEntry, type SourceOptions } from "./sources.js";
import { ChunkReader } from "./read-ahead.js";
import { emptyFacts } from "./extract/empty-facts.js";
import { addLoadedSettingsFiles } from "./loaded-settings-files.js";
import { addImportedJsonFiles } from "./imported-json.js";
import { expandImportedRows } from "./model/imported-rows.js";
import { buildModel } from "./model/build.js";
import { splitEntryServices } from "./model/entry-services.js";
import { requiredPackagesAsLibraries } from "./model/required-packages.js";
import { splitDeployedEntries } from "./model/deployed-entries.js";
import { placeMoleculerServices } from "./model/moleculer-services.js";
import { readProto } from "./discover/proto.js";
import { mergeExampleEnvFiles, mergeGitIgnoredEnvFiles, mergeLoadedEnvFiles } from "./discover/env-files.js";
import { ownersOf } from "./model/ownership.js";
import { babelPathsConfigs, globalDirsOf, ModuleResolver, packageCopies, type PathsConfig } from "./model/resolve.js";
import { missedService, notUnderstood } from "./model/understood.js";
import { maskedEnv, publicNamesOf, redactFindings, redactor } from "./report/redact.js";
import { RULES } from "./rules/index.js";
import { toFinding } from "./rule.js";
import { docsUrl, guideUrl, ruleHelp } from "./docs.js";
import { suggest } from "./schema.js";
import { applySuppressions } from "./suppress.js";
import { holdsFiles, imageLayouts } from "./discover/image-layouts.js";
import { importedFromTestFolders } from "./test-folder-imports.js";
import type { ArchModel, Diagnostic, FileFacts, Finding, LibraryInfo, LintResult, MissedService, ProtoService, RuleMeta, ServiceInfo, SeveritySetting } from "./types.js";

/** A schema.prisma inside a migrations folder (`prisma/migrations/20200515170312-create-users/schema.prisma`). */
const PRISMA_SNAPSHOT = /(^|\/)migrations\/.+\.prisma$/;

/**
 * The pipeline: discover → parse + extract → model → rules → suppress.
 * Reporting is the caller's. Odd input becomes diagnostics; only a bad
 * config or bad arguments throw (exit code 2).
 */

export { mayContainFacts } from "./sources.js";

export interface LintOptions {
  cwd: string;
  paths: string[];
  config: LintConfig;
  ruleFlags?: { id: string; severity: SeveritySetting }[];
  /** Reuse facts of unchanged files from this cache file (and update it). */
  cacheFile?: string;
  /** Tool version, part of the cache key. */
  toolVersion?: string;
  /** Skip parsing files that cannot contain facts (default true). */
  prefilter?: boolean;
  /** Receives the time each phase took, in ms (ARCH_LINT_TIMING=1 prints them). */
  timings?: (phases: [string, number][]) => void;
}

/** Everything before the hot path: files, services, env, and the non-source files. */
interface Prepared {
  options: LintOptions;
  root: string;
  files: FileEntry[];
  sources: FileEntry[];
  diagnostics: Diagnostic[];
  discovery: ReturnType<typeof discoverServices>;
  services: ServiceInfo[];
  globalEnv: Record<string, string>;
  facts: Map<string, FileFacts>;
  tsconfigs: PathsConfig[];
  /** The gRPC services the .proto files declare. */
  protos: ProtoService[];
  /** A path as the scan reads it: through in-scan symlinks; undefined through one out of the scan. */
  canonical: (rel: string) => string | undefined;
  /** Reads a non-source file of the scan (an env file the code loads), as discovery does. */
  read: (rel: string) => string | undefined;
  /** Reads an env file a .gitignore names that is on disk (see WalkResult.gitIgnoredEnvFiles); undefined for any other. */
  readGitIgnoredEnv: (rel: string) => string | undefined;
  /** The declaration files the walk passed by (see WalkResult.declarations). */
  declarations: ReadonlySet<string>;
  skipped: number;
  started: number;
  timings: [string, number][];
  phase(name: string): void;
}

/** The facts cache's key: the tool's version and its scanner's build (scanner-fingerprint.ts). */
function cacheVersion(options: LintOptions): string {
  return `${options.toolVersion ?? "dev"}+${scannerFingerprint()}`;
}

/** The whole pipeline in this thread. */
export function lint(options: LintOptions): LintResult {
  const prepared = prepare(options);
  const cache = options.cacheFile ? new FactsCache(options.cacheFile, cacheVersion(options)) : undefined;
  const batch = processSources(prepared.sources, sourceOptions(prepared), undefined, cache);
  cache?.save();
  return finish(prepared, [batch]);
}

/** Below this many source files, worker start-up costs more than it saves. */
const PARALLEL_THRESHOLD = 400;

/**
 * The pipeline with the hot path split across worker threads when the
 * repository is large and the machine has cores to spare; otherwise `lint`.
 */
export async function lintParallel(options: LintOptions & { /** Threads in all, the main one included. */ workers?: number }): Promise<LintResult> {
  const prepared = prepare(options);
  const workerUrl = new URL("./worker.js", import.meta.url);
  // Each thread pays its own parser JIT warm-up and ts-morph import: measured on a busy 2-core machine,
  // two threads were slower than one, so threads start only from 4 cores (ARCH_LINT_WORKERS=n overrides).
  const available = availableParallelism();
  const cores = options.workers ?? (available >= 4 ? Math.min(available, 4) : 1);
  // Worker threads run the compiled worker.js; from TypeScript sources (tests) stay in this thread; so does a cached run.
  if (cores < 2 || prepared.sources.length < PARALLEL_THRESHOLD || !import.meta.url.endsWith(".js") || options.cacheFile) {
    const cache = options.cacheFile ? new FactsCache(options.cacheFile, cacheVersion(options)) : undefined;
    // One thread parses; on a large repository a second one reads the files ahead of it (see ChunkReader), unless ARCH_LINT_WORKERS=1 asks for one thread.
    let batch: SourceBatch;
    if (prepared.sources.length >= PARALLEL_THRESHOLD && import.meta.url.endsWith(".js") && options.workers !== 1) {
      const entries = prepared.sources.map(sourceEntry);
      const reader = new ChunkReader(entries, sourceOptions(prepared), CHUNK);
      try {
        batch = processReadSources(entries, sourceOptions(prepared), reader, cache);
      } finally {
        reader.close();
      }
    } else batch = processSources(prepared.sources, sourceOptions(prepared), undefined, cache);
    cache?.save();
    return finish(prepared, [batch]);
  }
  const opts = sourceOptions(prepared);
  const entries = prepared.sources.map(sourceEntry);
  const queue = new SharedArrayBuffer(4);
  const inWorkers = Array.from(
    { length: cores - 1 },
    () =>
      new Promise<SourceBatch>((resolvePromise, reject) => {
        const worker = new Worker(workerUrl, {
          workerData: { entries, options: opts, queue },
          // None of the process's flags: those meant for the main script (`--input-type`, `--eval`) make a worker fail to
          // start, and V8 flags (`node --max-old-space-size=4096`) make its constructor throw; it needs neither.
          execArgv: [],
          resourceLimits: { maxYoungGenerationSizeMb: 128 },
        });
        worker.once("message", (batch: SourceBatch) => resolvePromise(batch));
        worker.once("error", reject);
        worker.once("exit", (code) => {
          if (code !== 0) reject(new Error(`arch-lint worker exited with code ${code}`));
        });
      }),
  );
  // The main thread pulls from the same queue while the workers start.
  const own = processSources(entries, opts, new Int32Array(queue));
  const batches = [own, ...(await Promise.all(inWorkers))];
  return finish(prepared, batches);
}

/**
 * Files of folders the walk skipped as tests that production code imports (test-folder-imports.ts), parsed like
 * the others, and what they import from such folders in turn, a few steps deep. Their facts and file entries join
 * the scan's, so the resolver and the ownership of files see them.
 */
function parseImportedTestFolders(prepared: Prepared, facts: Map<string, FileFacts>): { parsed: number; unparsed: number; skipped: number } {
  const counts = { parsed: 0, unparsed: 0, skipped: 0 };
  const { root, files, options } = prepared;
  if (options.config.tests) return counts;
  const known = new Set(files.map((file) => file.rel));
  const isFile = (rel: string): boolean => {
    try {
      return lstatSync(join(root, rel)).isFile();
    } catch {
      return false;
    }
  };
  let imported: Iterable<FileFacts> = facts.values();
  for (let depth = 0; depth < 3; depth++) {
    const rels = importedFromTestFolders(imported, (rel) => known.has(rel), isFile);
    if (!rels.length) break;
    const entries = applyConfigIgnores(rels.map((rel): FileEntry => ({ rel, abs: join(root, rel), kind: "source" })), options.config, root);
    for (const entry of entries) {
      files.push(entry);
      known.add(entry.rel);
    }
    const batch = processSources(entries, sourceOptions(prepared));
    for (const fileFacts of batch.facts) facts.set(fileFacts.file, fileFacts);
    prepared.diagnostics.push(...batch.diagnostics);
    counts.parsed += batch.parsed;
    counts.unparsed += batch.unparsed;
    counts.skipped += batch.skipped;
    imported = batch.facts;
  }
  return counts;
}

/** What a reading thread needs of a file: structured-cloned, so no more than that. */
function sourceEntry({ rel, abs, bytes }: FileEntry): SourceEntry {
  return bytes ? { rel, abs, bytes } : { rel, abs };
}

function sourceOptions(prepared: Prepared): SourceOptions {
  return { maxFileSize: prepared.options.config.maxFileSize, prefilter: prepared.options.prefilter !== false };
}

function prepare(options: LintOptions): Prepared {
  const started = performance.now();
  const root = scanRoot(options.cwd, options.paths);
  const { config } = options;
  const diagnostics: Diagnostic[] = [];

  const timings: [string, number][] = [];
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    timings.push([name, Math.round(now - mark)]);
    mark = now;
  };

  // 1. Files
  const only = options.paths.length > 1 ? options.paths.map((p) => toPosix(relative(root, resolve(options.cwd, p)))) : undefined;
  const walked = walkFiles(root, { tests: config.tests, ...(only ? { only } : {}) });
  diagnostics.push(...walked.diagnostics);
  const files = withoutCompiledTwins(applyConfigIgnores(walked.files, config, root));
  // A path through a symlink is read where the link points, or not at all when it points out of the scan.
  const canonical = (rel: string): string | undefined => throughLinks(rel, walked.links, walked.outside);

  // 2. Reading the small non-source files (package.json, compose, .env, prisma, sql, tsconfig), with the odd-file checks
  const texts = new Map<string, string | undefined>();
  let skipped = 0;
  // Files read only when something names them (JSON a module imports, an env_file under any name): readable, never listed
  // among the files, and data, not code: one too large or on long lines is left unread without a notice.
  const dataFiles = new Set(applyConfigIgnores(walked.dataFiles ?? [], config, root, false));
  const byRel = new Map([...dataFiles, ...files].map((f) => [f.rel, f]));
  const read = (asked: string): string | undefined => {
    const rel = canonical(asked);
    if (rel === undefined) return undefined;
    if (texts.has(rel)) return texts.get(rel);
    const entry = byRel.get(rel);
    const data = entry !== undefined && dataFiles.has(entry);
    const text = entry ? readText(entry, config.maxFileSize, data ? [] : diagnostics) : undefined;
    if (entry && text === undefined && !data) skipped++;
    texts.set(rel, text);
    return text;
  };
  const gitIgnoredEnv = new Map(applyConfigIgnores(walked.gitIgnoredEnvFiles ?? [], config, root, false).map((f) => [f.rel, f]));
  const readGitIgnoredEnv = (rel: string): string | undefined => {
    const entry = gitIgnoredEnv.get(rel);
    return entry ? readText(entry, config.maxFileSize, []) : undefined;
  };
  phase("walk");

  // 3. Services
  const discovery = discoverServices(files, read, canonical);
  diagnostics.push(...discovery.diagnostics);
  const services = applyServiceConfig(discovery.services, config, root, read, new Set(files.map((f) => f.rel)), canonical);
  const globalEnv = { ...parseDotenv(read(".env") ?? ""), ...config.env };

  const facts = new Map<string, FileFacts>();
  const tsconfigs: PathsConfig[] = [];
  const protos: ProtoService[] = [];
  for (const entry of files) {
    if (entry.kind === "prisma" || entry.kind === "sql") {
      // Early Prisma Migrate kept a copy of the schema in each migration's folder: a snapshot, not a second connection.
      if (entry.kind === "prisma" && PRISMA_SNAPSHOT.test(entry.rel)) continue;
      const text = read(entry.rel);
      if (text === undefined) continue;
      const fileFacts = emptyFacts(entry.rel);
      if (entry.kind === "prisma") Object.assign(fileFacts, extractPrisma(entry.rel, text));
      else fileFacts.tables = extractSqlFile(entry.rel, text);
      facts.set(entry.rel, fileFacts);
    } else if (entry.kind === "config-json") {
      const text = read(entry.rel);
      const found = text === undefined ? undefined : extractConfigJson(entry.rel, text);
      if (found) facts.set(entry.rel, { ...emptyFacts(entry.rel), ...found });
    } else if (entry.kind === "tsconfig") {
      const paths = readTsconfigPaths(entry.rel, read(entry.rel));
      if (paths) tsconfigs.push(paths);
    } else if (entry.kind === "package") {
      // module-alias's `_moduleAliases` resolve as tsconfig paths do (discover/module-aliases.ts).
      const aliases = readModuleAliases(entry.rel, read(entry.rel));
      if (aliases) tsconfigs.push(aliases);
    } else if (entry.kind === "proto") {
      const text = read(entry.rel);
      const proto = text === undefined ? undefined : readProto(entry.rel, text);
      if (proto && "error" in proto) diagnostics.push({ kind: "parse-error", file: entry.rel, message: `cannot read this .proto (${proto.error}); whether its gRPC methods stream is not known, so calls to them count as unary` });
      else if (proto) protos.push(...proto.services);
    }
  }
  phase("discover");
  return {
    options,
    root,
    files,
    sources: scannedSources(files, services, discovery.libraries, discovery.frontEnds),
    diagnostics,
    discovery,
    services,
    globalEnv,
    facts,
    tsconfigs,
    protos,
    canonical,
    read,
    readGitIgnoredEnv,
    declarations: walked.declarations,
    skipped,
    started,
    timings,
    phase,
  };
}

/**
 * The source files to parse: not those of a service in another language (a script or asset in a Java or Go
 * service's folder is not its code, and no route or call found there belongs to it or to anyone else), nor those of a
 * browser front end inside a service's folder (a Next.js client beside the top's server is not that server's code).
 */
function scannedSources(files: readonly FileEntry[], services: readonly ServiceInfo[], libraries: readonly LibraryInfo[], frontEnds: readonly string[]): FileEntry[] {
  const sources = files.filter((f) => f.kind === "source");
  const otherLanguage = new Set(services.filter((s) => s.language).map((s) => s.name));
  const pages = frontEnds.filter((root) => root !== "" && !services.some((s) => s.root === root));
  if (!otherLanguage.size && !pages.length) return sources;
  // A front end's folder stands in as an owner no service has: what it holds is skipped, unless a service's folder is deeper.
  const frontEndOwner = "\u0000front end";
  const owners = ownersOf([...services, ...pages.map((root) => ({ name: frontEndOwner, root }) as ServiceInfo)], sources.map((f) => f.rel), libraries);
  return sources.filter((f) => owners[f.rel] !== frontEndOwner && !otherLanguage.has(owners[f.rel] ?? ""));
}

function finish(prepared: Prepared, batches: SourceBatch[]): LintResult {
  const { options, root, files, diagnostics, discovery, services, globalEnv, facts, tsconfigs, canonical } = prepared;
  const { config } = options;
  let parsed = 0;
  let unparsed = 0;
  let skipped = prepared.skipped;
  for (const batch of batches) {
    if (batches.length === 1) for (const fileFacts of batch.facts) facts.set(fileFacts.file, fileFacts);
    diagnostics.push(...batch.diagnostics);
    parsed += batch.parsed;
    unparsed += batch.unparsed;
    skipped += batch.skipped;
  }
  if (batches.length > 1) {
    // In the order of the files, as one thread adds them, whichever thread read each: the model's order
    // (of routes, so which of two equal chains is reported) must not depend on how threads shared the files.
    const byFile = new Map(batches.flatMap((batch) => batch.facts.map((fileFacts) => [fileFacts.file, fileFacts] as const)));
    for (const entry of prepared.sources) {
      const fileFacts = byFile.get(entry.rel);
      if (fileFacts) facts.set(entry.rel, fileFacts);
    }
  }
  const rescued = parseImportedTestFolders(prepared, facts);
  parsed += rescued.parsed;
  unparsed += rescued.unparsed;
  skipped += rescued.skipped;
  prepared.phase("parse+extract");

  // 5. Model (with the env files each service's code loads, and the routes of the OpenAPI documents it routes by)
  diagnostics.push(...addOpenApiRoutes(facts.values(), prepared.read, (rel) => prepared.read(rel) !== undefined));
  addServerlessRoutes(facts, files.map((f) => f.rel), prepared.read);
  diagnostics.push(...addExpressGatewayRoutes(facts.values(), prepared.read));
  diagnostics.push(...addLoadedSettingsFiles(facts, prepared.read, (rel) => prepared.read(rel) !== undefined));
  const importedJson = addImportedJsonFiles(facts, prepared.read);
  const missingEnvFiles = mergeLoadedEnvFiles(services, facts.values(), prepared.read, files.filter((f) => f.kind === "env").map((f) => f.rel));
  mergeExampleEnvFiles(services, missingEnvFiles, globalEnv, prepared.read);
  mergeGitIgnoredEnvFiles(services, globalEnv, prepared.readGitIgnoredEnv);
  const packageMains: Record<string, string | undefined> = {};
  for (const pkg of discovery.packages) packageMains[pkg.dir] = pkg.main;
  const copies = packageCopies(discovery.packages);
  const resolver = new ModuleResolver({
    files: new Set([...files.filter((f) => f.kind === "source" || f.kind === "config-json").map((f) => f.rel), ...importedJson]),
    // A library package outside any workspace (a `file:../building-blocks` dependency) is imported by its name too.
    workspacePackages: { ...Object.fromEntries(discovery.libraries.flatMap((library) => (library.packageName ? [[library.packageName, library.root]] : []))), ...discovery.workspacePackages },
    // Two packages by one name (a service's own copy of a library): which one an import reaches depends on where it is.
    ...(copies ? { packageCopies: copies } : {}),
    packageMains,
    // babel-plugin-module-resolver's aliases (`#root/…`) resolve as tsconfig paths do.
    tsconfigs: [...tsconfigs, ...babelPathsConfigs(facts.values())],
    canonical,
    globalDirs: globalDirsOf(facts.values()),
    exists: (rel) => prepared.declarations.has(rel),
    imageLayouts: imageLayouts(discovery.compose.map((entry) => ({ ...(entry.context !== undefined ? { context: entry.context } : {}), ...(entry.dockerfile ? { dockerfile: entry.dockerfile } : {}), ...(entry.buildArgs ? { buildArgs: entry.buildArgs } : {}) })), prepared.read, holdsFiles(files.filter((f) => f.kind === "source"))),
  });
  // Controller methods routed by a decorator the project composes from Nest's own (@Endpoint({ type: "Post" })).
  addNestDecoratorRoutes(facts, resolver);
  addNestPatternDecoratorTopics(facts, resolver);
  // Proxies mounted in a loop over a list another module holds: one per element (model/imported-rows.ts).
  expandImportedRows(facts, resolver);
  // Several deployments of one package, each started on a file of its own: each owns that file (model/deployed-entries.ts).
  services.splice(0, services.length, ...splitDeployedEntries(services, (file) => facts.has(file)));
  // A service the config excludes stays out: its package is no package to find entries in either.
  const excludedRoots = new Set(discovery.services.filter((found) => !services.some((kept) => kept.root === found.root)).map((found) => found.root));
  const entrySplit = splitEntryServices({ services, libraries: discovery.libraries, packages: discovery.packages.filter((pkg) => !excludedRoots.has(pkg.dir)), facts, resolver, sourceFiles: files.filter((f) => f.kind === "source").map((f) => f.rel) });
  diagnostics.push(...entrySplit.diagnostics);
  const required = requiredPackagesAsLibraries(entrySplit.services, entrySplit.libraries, discovery.packages, facts);
  diagnostics.push(...required.diagnostics);
  services.splice(0, services.length, ...placeMoleculerServices(required.services, facts));
  const model = buildModel({ services, libraries: required.libraries, compose: discovery.compose, packageDirs: discovery.packages.map((pkg) => pkg.dir), facts, resolver, globalEnv, protos: prepared.protos, filesParsed: parsed, filesUnparsed: unparsed, filesSkipped: skipped });
  prepared.phase("model");
  const { diagnostics: notUnderstoodDiagnostics, missed } = understood(prepared, model);
  diagnostics.push(...notUnderstoodDiagnostics);
  prepared.phase("understood");

  // 6. Rules
  const findings: Finding[] = [];
  const rules = effectiveRules(config, options.ruleFlags ?? []);
  for (const setting of rules) {
    if (setting.severity === "off") continue;
    const rule = RULES.find((r) => r.meta.id === setting.id)!;
    for (const report of rule.check(model, setting.options as never)) findings.push(toFinding(rule.meta.id, setting.severity, report));
  }
  prepared.phase("rules");

  // 7. Suppressions
  const suppressions = [...facts.values()].flatMap((f) => f.suppressions);
  diagnostics.push(...applySuppressions(findings, suppressions, RULES.map((r) => r.meta.id)));

  findings.sort(
    (a, b) =>
      a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column || a.ruleId.localeCompare(b.ruleId),
  );
  diagnostics.sort((a, b) => (a.file ?? "").localeCompare(b.file ?? "") || (a.line ?? 0) - (b.line ?? 0));
  prepared.phase("suppress");
  // Reports and baselines end up in CI logs: env values in messages are shown only where they are an address (report/redact.ts).
  const shown = redactFindings(findings, diagnostics, redactor([globalEnv, ...services.map(maskedEnv)], publicNamesOf(services)));
  prepared.phase("redact");
  model.stats.durationMs = Math.round(performance.now() - prepared.started);
  if (options.timings) options.timings(prepared.timings);
  const ruleMetas: RuleMeta[] = RULES.map((r) => {
    const url = docsUrl(r.meta.id);
    const help = ruleHelp(r.meta.id);
    const off = rules.some((setting) => setting.id === r.meta.id && setting.severity === "off");
    return { id: r.meta.id, description: r.meta.description, defaultSeverity: r.meta.defaultSeverity, ...(url ? { docsUrl: url } : {}), ...(help ? { help } : {}), ...(off ? { off: true as const } : {}) };
  });
  const guide = guideUrl();
  return { root, findings: shown.findings, diagnostics: shown.diagnostics, model, rules: ruleMetas, summary: summarize(model, diagnostics), ...(guide ? { guideUrl: guide } : {}), ...(missed ? { missedService: missed } : {}) };
}

/** What the scan saw and could not understand, with the line of each import it names (read only for those). */
function understood(prepared: Prepared, model: ArchModel): { diagnostics: Diagnostic[]; missed?: MissedService } {
  const { discovery, facts, root, canonical } = prepared;
  const dependencies: Record<string, string[]> = {};
  const packageFiles: Record<string, string> = {};
  for (const service of model.services) {
    const pkg = discovery.packages.find((p) => p.dir === service.root);
    if (!pkg) continue;
    dependencies[service.name] = pkg.deps;
    packageFiles[service.name] = pkg.file;
  }
  const lineOf = (file: string, pkg: string): number | undefined => {
    const rel = canonical(file);
    if (rel === undefined) return undefined;
    let text: string;
    try {
      text = readFileSync(join(root, rel), "utf8");
    } catch {
      return undefined;
    }
    const quoted = new RegExp(`(["'\`])${pkg.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(/[^"'\`]*)?\\1`);
    const index = text.split(/\r?\n/).findIndex((line) => quoted.test(line));
    return index >= 0 ? index + 1 : undefined;
  };
  const packageDirs = discovery.packages.map((pkg) => pkg.dir);
  const diagnostics = notUnderstood({ model, imports: facts.values(), dependencies, packageFiles, lineOf, packageDirs });
  const missed = model.services.length ? undefined : missedService(facts.values(), lineOf, packageDirs);
  return missed ? { diagnostics, missed } : { diagnostics };
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}

/** One folder, or the common ancestor of several. */
function scanRoot(cwd: string, paths: string[]): string {
  const targets = (paths.length ? paths : ["."]).map((p) => resolve(cwd, p));
  for (const target of targets) {
    let isDir = false;
    try {
      isDir = statSync(target).isDirectory();
    } catch {
      // Node decodes its arguments as UTF-8: a name in another encoding arrives with U+FFFD and names no folder.
      const encoding = target.includes("\ufffd") ? " (the path is not valid UTF-8 as given; scan a folder above it, whose files are read whatever their names)" : "";
      throw new UsageError(`no such folder: ${target}${encoding || "; pass the folder to scan (a repository or a service), or run arch-lint inside it with no path"}`);
    }
    if (!isDir) throw new UsageError(`${target} is not a folder; arch-lint scans folders (a repository or a service)`);
    try {
      opendirSync(target).closeSync();
    } catch (error) {
      throw new UsageError(`cannot read the folder ${target} (${errnoCode(error) ?? (error as Error).message}); run arch-lint as a user who can read it, or scan another folder`);
    }
  }
  let root = targets[0]!;
  for (const target of targets.slice(1)) {
    while (!(target === root || target.startsWith(root.endsWith(sep) ? root : root + sep))) root = resolve(root, "..");
  }
  return root;
}

/** `strict`: a pattern that removes none of these files is a config error (the scanned files; not the JSON kept aside). */
function applyConfigIgnores(files: FileEntry[], config: LintConfig, root: string, strict = true): FileEntry[] {
  if (!config.ignore.length) return files;
  const base = config.dir;
  const relToConfig = (file: FileEntry) => toPosix(relative(base, file.abs));
  const kept: FileEntry[] = [];
  const used = new Set<number>();
  const matchers = config.ignore.map((pattern) => ignore().add(pattern));
  for (const file of files) {
    const rel = relToConfig(file);
    let ignored = false;
    if (!rel.startsWith("..")) {
      matchers.forEach((matcher, index) => {
        if (matcher.ignores(rel)) {
          ignored = true;
          used.add(index);
        }
      });
    }
    if (!ignored) kept.push(file);
  }
  const unused = config.ignore.filter((_, index) => !used.has(index));
  if (strict && unused.length) {
    throw new ConfigError(
      `${config.file ?? "config"}: ${unused.map((p) => `ignore: "${p}"`).join(", ")} matches no file under ${root}; remove it or fix the pattern (paths are relative to the config file)`,
    );
  }
  return kept;
}

function applyServiceConfig(
  discovered: ServiceInfo[],
  config: LintConfig,
  root: string,
  read: (rel: string) => string | undefined,
  files: Set<string>,
  canonical: (rel: string) => string | undefined,
): ServiceInfo[] {
  let services = [...discovered];
  const where = config.file ?? "config";
  for (const [name, settings] of Object.entries(config.services)) {
    let service: ServiceInfo | undefined;
    if (settings.path !== undefined) {
      const abs = resolve(config.dir, settings.path);
      const lexical = toPosix(relative(root, abs));
      const dir = lexical.startsWith("..") ? undefined : canonical(lexical);
      let isDir = false;
      try {
        isDir = statSync(abs).isDirectory();
      } catch {
        isDir = false;
      }
      if (!isDir || dir === undefined) {
        const how = isDir && !lexical.startsWith("..") ? " (it goes through a symlink out of the scanned folders)" : "";
        throw new ConfigError(`${where}: services.${name}.path: "${settings.path}" is not a folder inside ${root}${how}`);
      }
      service = services.find((s) => s.root === dir);
      if (service) service.name = name;
      else {
        service = { name, root: dir === "" ? "" : dir, sources: ["config"], hosts: [], ports: [], env: {}, envSources: {}, location: { file: config.file ? toPosix(relative(root, config.file)) : ".", line: 1, column: 1 } };
        const dotenv = posix.join(dir, ".env");
        if (files.has(canonical(dotenv) ?? "")) {
          for (const [key, value] of Object.entries(parseDotenv(read(dotenv) ?? ""))) {
            service.env[key] = value;
            service.envSources[key] = dotenv;
          }
        }
        services.push(service);
      }
      if (!service.sources.includes("config")) service.sources.push("config");
    } else {
      service = services.find((s) => s.name === name || s.packageName === name);
      if (!service) {
        const names = services.map((s) => s.name);
        const hint = suggest(name, names);
        throw new ConfigError(
          `${where}: services.${name}: no service named "${name}" was discovered${hint ? `; did you mean "${hint}"?` : ""} (discovered: ${names.join(", ") || "none"}); give it a path to declare it`,
        );
      }
    }
    if (settings.exclude) {
      services = services.filter((s) => s !== service);
      continue;
    }
    for (const host of settings.hosts ?? []) if (!service.hosts.includes(host)) service.hosts.push(host);
    if (!service.hosts.includes(name)) service.hosts.push(name);
    for (const [key, value] of Object.entries(settings.env ?? {})) {
      service.env[key] = value;
      service.envSources[key] = `${where} (services.${name}.env)`;
      if (service.envLocations) delete service.envLocations[key];
    }
  }
  return byNameOwnersFirst(services);
}

/**
 * Services by name, except that of several services in one folder (an API and its worker built from one
 * Dockerfile) the one discovered first, which owns the folder's code (see ownersOf), keeps the first place.
 */
function byNameOwnersFirst(services: ServiceInfo[]): ServiceInfo[] {
  const discovered = new Map(services.map((s, index) => [s, index]));
  const sorted = [...services].sort((a, b) => a.name.localeCompare(b.name));
  const byRoot = new Map<string, number[]>();
  sorted.forEach((s, index) => byRoot.set(s.root, [...(byRoot.get(s.root) ?? []), index]));
  const result = [...sorted];
  for (const slots of byRoot.values()) {
    if (slots.length < 2) continue;
    const members = slots.map((slot) => sorted[slot]!).sort((a, b) => discovered.get(a)! - discovered.get(b)!);
    slots.forEach((slot, i) => (result[slot] = members[i]!));
  }
  return result;
}

function readTsconfigPaths(rel: string, text: string | undefined): PathsConfig | undefined {
  if (!text) return undefined;
  const parsed = ts.parseConfigFileTextToJson(rel, text);
  const options = (parsed.config as { compilerOptions?: { paths?: Record<string, string[]>; baseUrl?: string } } | undefined)?.compilerOptions;
  if (!options?.paths && typeof options?.baseUrl !== "string") return undefined;
  const dir = posix.dirname(rel) === "." ? "" : posix.dirname(rel);
  // TypeScript reads `..\\billing\\src\\*` (a tsconfig written on Windows) as `../billing/src/*`, on every platform.
  const slashes = (text: string) => text.replace(/\\/g, "/");
  const paths = Object.fromEntries(Object.entries(options.paths ?? {}).map(([alias, targets]) => [alias, Array.isArray(targets) ? targets.map((t) => (typeof t === "string" ? slashes(t) : t)) : targets]));
  return { dir, baseUrl: slashes(options.baseUrl ?? "."), ...(typeof options.baseUrl === "string" ? { baseUrlSet: true as const } : {}), paths };
}

function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

/** The one line that says what the scan understood. */
export function summarize(model: ArchModel, diagnostics: Diagnostic[]): string {
  // A proxy's forward is counted with its route (a proxy route), not as a call; a call of code no service owns (a
  // browser front end's fetches) is no call between services.
  const crossCalls = model.calls.filter((call) => !call.proxy && call.service);
  const proxies = model.routes.filter((route) => route.proxy).length;
  const unresolved = crossCalls.filter((c) => !c.targetService).length;
  const stores = new Set(model.datastores.map((d) => d.identity ?? `${d.service}:${d.location.file}:${d.location.line}`)).size;
  const topics = new Set(model.topics.map((t) => `${t.system}:${t.topic}`)).size;
  const names = model.services.map((s) => s.name);
  // Services in a language arch-lint does not read are said to be so: their zero routes are no sign of health.
  const others = model.services.filter((s) => s.language);
  const languages = [...new Set(others.map((s) => s.language!))].sort();
  const notScanned = others.length ? `; ${others.length} not scanned: ${languages.join(", ")}` : "";
  const serviceList = names.length ? ` (${names.slice(0, 8).join(", ")}${names.length > 8 ? ", …" : ""}${notScanned})` : "";
  const problems = diagnostics.filter((d) => d.kind !== "unused-suppression").length;
  const notUnderstood = diagnostics.filter((d) => d.kind === "not-understood").length;
  return (
    `arch-lint understood ${plural(model.services.length, "service")}${serviceList}, ${plural(model.routes.length, "route")}${proxies ? ` (${proxies} ${proxies === 1 ? "proxy" : "proxies"})` : ""}, ` +
    `${plural(crossCalls.length, "sync call")} (${unresolved} not resolved to a service), ${plural(stores, "datastore")}, ${plural(topics, "topic")}; ` +
    `${plural(model.stats.filesParsed, "file")} parsed${model.stats.filesUnparsed ? ` (${model.stats.filesUnparsed} more with nothing to extract)` : ""}, ${model.stats.filesSkipped} skipped${problems ? `, ${plural(problems, "diagnostic")}${notUnderstood ? ` (${notUnderstood} not understood)` : ""}` : ""}`
  );
}
