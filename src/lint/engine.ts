import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { posix, relative, resolve, sep } from "node:path";
import ignore from "ignore";
import { ts } from "ts-morph";
import { UsageError, errnoCode } from "../shared/errors.js";
import { ConfigError, effectiveRules, type LintConfig } from "./config.js";
import { walkFiles, type FileEntry } from "./discover/files.js";
import { discoverServices } from "./discover/services.js";
import { parseDotenv } from "./discover/env.js";
import { EXTRACTORS, extractFile, extractPrisma, extractSqlFile, parseErrors, parseSource } from "./extract/index.js";
import { emptyFacts } from "./extract/walk.js";
import { buildModel } from "./model/build.js";
import { ModuleResolver, type PathsConfig } from "./model/resolve.js";
import { RULES } from "./rules/index.js";
import { docsUrl, toFinding } from "./rule.js";
import { suggest } from "./schema.js";
import { applySuppressions } from "./suppress.js";
import type { ArchModel, Diagnostic, FileFacts, Finding, LintResult, RuleMeta, ServiceInfo, SeveritySetting } from "./types.js";

/**
 * The pipeline: discover → parse + extract → model → rules → suppress.
 * Reporting is the caller's. Odd input becomes diagnostics; only a bad
 * config or bad arguments throw (exit code 2).
 */

export interface LintOptions {
  cwd: string;
  paths: string[];
  config: LintConfig;
  ruleFlags?: { id: string; severity: SeveritySetting }[];
  /** Skip parsing files that cannot contain facts (default true). */
  prefilter?: boolean;
  /** Receives the time each phase took, in ms (ARCH_LINT_TIMING=1 prints them). */
  timings?: (phases: [string, number][]) => void;
}

const BINARY_SNIFF_BYTES = 8000;

/**
 * A file none of whose text matches these can contribute no fact: no
 * framework, client, driver, broker or env access, no SQL, no path-like
 * string, no import of project code (through which a handler could reach a
 * call), no suppression comment. Such files are read but not parsed; on real
 * repositories this skips most type, util and UI files. ARCH_LINT_NO_PREFILTER=1
 * (or `prefilter: false`) parses everything.
 */
const RELEVANT =
  /\b(?:fetch|axios|got|undici|ky|request|express|fastify|koa|hono|Hono|Router|Controller|Pool|Client|postgres|prisma|Prisma|knex|typeorm|DataSource|Entity|sequelize|Sequelize|mongoose|MongoClient|redis|Redis|drizzle|pgTable|mysqlTable|sqliteTable|kafka|Kafka|amqp|nats|mysql|env|createServer|http|https|Producer|Consumer|EventPattern|MessagePattern|subscribe|publish|send|listen|register|basePath|use|Get|Post|Put|Patch|Delete|All|Head|Options|Version)\b|from\s*["'][.@~#]|require\(\s*["'][.@~#]|import\(\s*["'][.@~#]|["'`]\/|["'`]v\d|arch-lint-/;
const SQL_WORD = /\b(?:select|insert|update|delete|create|alter|truncate|merge)\s/i;

export function mayContainFacts(text: string): boolean {
  return RELEVANT.test(text) || SQL_WORD.test(text);
}
const utf8 = new TextDecoder("utf-8", { fatal: true });

export function lint(options: LintOptions): LintResult {
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
  const walked = walkFiles(root, { tests: config.tests });
  diagnostics.push(...walked.diagnostics);
  const onlyUnder = options.paths.length > 1 ? options.paths.map((p) => toPosix(relative(root, resolve(options.cwd, p)))) : undefined;
  let files = onlyUnder ? walked.files.filter((f) => onlyUnder.some((dir) => !dir || f.rel === dir || f.rel.startsWith(`${dir}/`))) : walked.files;
  files = applyConfigIgnores(files, config, root);

  // 2. Reading, with the odd-file checks
  const texts = new Map<string, string | undefined>();
  let skipped = 0;
  const read = (rel: string): string | undefined => {
    if (texts.has(rel)) return texts.get(rel);
    const entry = byRel.get(rel);
    const text = entry ? readText(entry, config.maxFileSize, diagnostics) : undefined;
    if (entry && text === undefined) skipped++;
    texts.set(rel, text);
    return text;
  };
  const byRel = new Map(files.map((f) => [f.rel, f]));

  phase("walk");
  // 3. Services
  const discovery = discoverServices(files, read);
  diagnostics.push(...discovery.diagnostics);
  const services = applyServiceConfig(discovery.services, config, root, read, new Set(files.map((f) => f.rel)));
  const globalEnv = { ...parseDotenv(read(".env") ?? ""), ...config.env };

  phase("discover");
  // 4. Parse and extract, one file at a time
  const facts = new Map<string, FileFacts>();
  const tsconfigs: PathsConfig[] = [];
  let parsed = 0;
  let unparsed = 0;
  for (const entry of files) {
    if (entry.kind === "source") {
      const text = read(entry.rel);
      if (text === undefined) continue;
      if (options.prefilter !== false && !mayContainFacts(text)) {
        unparsed++;
        texts.delete(entry.rel);
        continue;
      }
      parsed++;
      try {
        const sf = parseSource(entry.rel, text);
        const errors = parseErrors(sf);
        if (errors.length) {
          const first = errors[0]!;
          const line = first.start !== undefined ? sf.getLineAndCharacterOfPosition(first.start).line + 1 : undefined;
          diagnostics.push({
            kind: "parse-error",
            file: entry.rel,
            ...(line ? { line } : {}),
            message: `syntax error: ${ts.flattenDiagnosticMessageText(first.messageText, " ")}${errors.length > 1 ? ` (+${errors.length - 1} more)` : ""}; facts from this file may be incomplete`,
          });
        }
        facts.set(entry.rel, extractFile(entry.rel, text, EXTRACTORS, sf));
      } catch (error) {
        diagnostics.push({ kind: "parse-error", file: entry.rel, message: `could not extract facts: ${(error as Error).message}` });
      }
      texts.delete(entry.rel);
    } else if (entry.kind === "prisma" || entry.kind === "sql") {
      const text = read(entry.rel);
      if (text === undefined) continue;
      const fileFacts = emptyFacts(entry.rel);
      if (entry.kind === "prisma") Object.assign(fileFacts, extractPrisma(entry.rel, text));
      else fileFacts.tables = extractSqlFile(entry.rel, text);
      facts.set(entry.rel, fileFacts);
    } else if (entry.kind === "tsconfig") {
      const paths = readTsconfigPaths(entry.rel, read(entry.rel));
      if (paths) tsconfigs.push(paths);
    }
  }

  phase("parse+extract");
  // 5. Model
  const packageMains: Record<string, string | undefined> = {};
  for (const pkg of discovery.packages) packageMains[pkg.dir] = pkg.main;
  const resolver = new ModuleResolver({
    files: new Set(files.filter((f) => f.kind === "source").map((f) => f.rel)),
    workspacePackages: discovery.workspacePackages,
    packageMains,
    tsconfigs,
  });
  const model = buildModel({ services, facts, resolver, globalEnv, filesParsed: parsed, filesUnparsed: unparsed, filesSkipped: skipped });

  phase("model");
  // 6. Rules
  const findings: Finding[] = [];
  const rules = effectiveRules(config, options.ruleFlags ?? []);
  for (const setting of rules) {
    if (setting.severity === "off") continue;
    const rule = RULES.find((r) => r.meta.id === setting.id)!;
    for (const report of rule.check(model, setting.options as never)) findings.push(toFinding(rule.meta.id, setting.severity, report));
  }

  phase("rules");
  // 7. Suppressions
  const suppressions = [...facts.values()].flatMap((f) => f.suppressions);
  diagnostics.push(...applySuppressions(findings, suppressions, RULES.map((r) => r.meta.id)));

  findings.sort(
    (a, b) =>
      a.location.file.localeCompare(b.location.file) || a.location.line - b.location.line || a.location.column - b.location.column || a.ruleId.localeCompare(b.ruleId),
  );
  phase("suppress");
  model.stats.durationMs = Math.round(performance.now() - started);
  if (options.timings) options.timings(timings);
  const ruleMetas: RuleMeta[] = RULES.map((r) => ({ id: r.meta.id, description: r.meta.description, defaultSeverity: r.meta.defaultSeverity, docsUrl: docsUrl(r.meta.id) }));
  return { root, findings, diagnostics, model, rules: ruleMetas, summary: summarize(model, diagnostics) };
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
      throw new UsageError(`no such folder: ${target}`);
    }
    if (!isDir) throw new UsageError(`${target} is not a folder; arch-lint scans folders (a repository or a service)`);
  }
  let root = targets[0]!;
  for (const target of targets.slice(1)) {
    while (!(target === root || target.startsWith(root.endsWith(sep) ? root : root + sep))) root = resolve(root, "..");
  }
  return root;
}

/** One open, one fstat, one read: the size check needs no separate stat of every file. */
function readText(entry: FileEntry, maxFileSize: number, diagnostics: Diagnostic[]): string | undefined {
  let buffer: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(entry.abs, "r");
    const size = fstatSync(fd).size;
    if (size > maxFileSize) {
      diagnostics.push({ kind: "too-large", file: entry.rel, message: `skipped: ${size} bytes is over maxFileSize (${maxFileSize})` });
      return undefined;
    }
    buffer = Buffer.allocUnsafe(size);
    let offset = 0;
    while (offset < size) {
      const read = readSync(fd, buffer, offset, size - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    buffer = buffer.subarray(0, offset);
  } catch (error) {
    diagnostics.push({ kind: "unreadable", file: entry.rel, message: `cannot read (${errnoCode(error) ?? (error as Error).message})` });
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  const sniff = buffer.subarray(0, BINARY_SNIFF_BYTES);
  if (sniff.includes(0)) {
    diagnostics.push({ kind: "binary", file: entry.rel, message: "skipped: binary content" });
    return undefined;
  }
  try {
    const text = utf8.decode(buffer);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    diagnostics.push({ kind: "not-utf8", file: entry.rel, message: "skipped: not valid UTF-8" });
    return undefined;
  }
}

function applyConfigIgnores(files: FileEntry[], config: LintConfig, root: string): FileEntry[] {
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
  if (unused.length) {
    throw new ConfigError(
      `${config.file ?? "config"}: ${unused.map((p) => `ignore: "${p}"`).join(", ")} matches no file under ${root}; remove it or fix the pattern (paths are relative to the config file)`,
    );
  }
  return kept;
}

function applyServiceConfig(discovered: ServiceInfo[], config: LintConfig, root: string, read: (rel: string) => string | undefined, files: Set<string>): ServiceInfo[] {
  let services = [...discovered];
  const where = config.file ?? "config";
  for (const [name, settings] of Object.entries(config.services)) {
    let service: ServiceInfo | undefined;
    if (settings.path !== undefined) {
      const abs = resolve(config.dir, settings.path);
      const dir = toPosix(relative(root, abs));
      let isDir = false;
      try {
        isDir = statSync(abs).isDirectory();
      } catch {
        isDir = false;
      }
      if (!isDir || dir.startsWith("..")) throw new ConfigError(`${where}: services.${name}.path: "${settings.path}" is not a folder inside ${root}`);
      service = services.find((s) => s.root === dir);
      if (service) service.name = name;
      else {
        service = { name, root: dir === "" ? "" : dir, sources: ["config"], hosts: [], ports: [], env: {}, envSources: {}, location: { file: config.file ? toPosix(relative(root, config.file)) : ".", line: 1, column: 1 } };
        const dotenv = posix.join(dir, ".env");
        if (files.has(dotenv)) {
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
    }
  }
  return services.sort((a, b) => a.name.localeCompare(b.name));
}

function readTsconfigPaths(rel: string, text: string | undefined): PathsConfig | undefined {
  if (!text) return undefined;
  const parsed = ts.parseConfigFileTextToJson(rel, text);
  const options = (parsed.config as { compilerOptions?: { paths?: Record<string, string[]>; baseUrl?: string } } | undefined)?.compilerOptions;
  if (!options?.paths) return undefined;
  const dir = posix.dirname(rel) === "." ? "" : posix.dirname(rel);
  return { dir, baseUrl: options.baseUrl ?? ".", paths: options.paths };
}

function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`;
}

/** The one line that says what the scan understood. */
export function summarize(model: ArchModel, diagnostics: Diagnostic[]): string {
  const crossCalls = model.calls;
  const unresolved = crossCalls.filter((c) => !c.targetService).length;
  const stores = new Set(model.datastores.map((d) => d.identity ?? `${d.service}:${d.location.file}:${d.location.line}`)).size;
  const topics = new Set(model.topics.map((t) => `${t.system}:${t.topic}`)).size;
  const names = model.services.map((s) => s.name);
  const serviceList = names.length ? ` (${names.slice(0, 8).join(", ")}${names.length > 8 ? ", …" : ""})` : "";
  const problems = diagnostics.filter((d) => d.kind !== "unused-suppression").length;
  return (
    `arch-lint understood ${plural(model.services.length, "service")}${serviceList}, ${plural(model.routes.length, "route")}, ` +
    `${plural(crossCalls.length, "sync call")} (${unresolved} not resolved to a service), ${plural(stores, "datastore")}, ${plural(topics, "topic")}; ` +
    `${plural(model.stats.filesParsed, "file")} parsed${model.stats.filesUnparsed ? ` (${model.stats.filesUnparsed} more with nothing to extract)` : ""}, ${model.stats.filesSkipped} skipped${problems ? `, ${plural(problems, "diagnostic")}` : ""}`
  );
}
