import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ts } from "./ts.js";
import { errnoCode } from "../shared/errors.js";
import { EXTRACTORS, extractFile, parseErrors, parseSource } from "./extract/index.js";
import type { Diagnostic, FileFacts } from "./types.js";

/**
 * Reading, prefiltering, parsing and extracting source files: the hot path,
 * run in the main thread or split across worker threads (see worker.ts).
 * Pure apart from reading the files it is given.
 */

export interface SourceEntry {
  rel: string;
  abs: string;
}

export interface SourceOptions {
  maxFileSize: number;
  prefilter: boolean;
}

export interface SourceBatch {
  facts: FileFacts[];
  diagnostics: Diagnostic[];
  parsed: number;
  unparsed: number;
  skipped: number;
}

const BINARY_SNIFF_BYTES = 8000;
const utf8 = new TextDecoder("utf-8", { fatal: true });

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

/**
 * Reads as the baseline parse does, with Node's one-call UTF-8 read (an
 * open, fstat, read and decode of their own cost about a third more over
 * 10,000 files). The size check follows from the text's length: UTF-8 takes
 * at least one byte and at most three per UTF-16 unit, so only a text near
 * the limit needs a stat to know. That read turns invalid bytes into U+FFFD:
 * a text holding U+FFFD or NUL (rare in source) is judged again from its bytes.
 */
export function readText(entry: SourceEntry, maxFileSize: number, diagnostics: Diagnostic[]): string | undefined {
  let text: string;
  try {
    text = readFileSync(entry.abs, "utf8");
  } catch (error) {
    const code = errnoCode(error);
    // Too large for a string or a buffer: what the size says.
    if ((code === "ERR_FS_FILE_TOO_LARGE" || code === "ERR_STRING_TOO_LONG") && tooLarge(entry, maxFileSize, diagnostics) === undefined) return undefined;
    diagnostics.push({ kind: "unreadable", file: entry.rel, message: `cannot read (${code ?? (error as Error).message})` });
    return undefined;
  }
  if (text.length * 3 > maxFileSize && tooLarge(entry, maxFileSize, diagnostics) === undefined) return undefined;
  if (text.includes("\ufffd") || text.includes("\0")) return textOfBytes(entry, diagnostics);
  // As the strict decoder of textOfBytes: it drops one byte order mark, and the text one more.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Undefined, with a diagnostic, when the file is over the limit; `true` otherwise. */
function tooLarge(entry: SourceEntry, maxFileSize: number, diagnostics: Diagnostic[]): true | undefined {
  let size: number;
  try {
    size = statSync(entry.abs).size;
  } catch (error) {
    diagnostics.push({ kind: "unreadable", file: entry.rel, message: `cannot read (${errnoCode(error) ?? (error as Error).message})` });
    return undefined;
  }
  if (size <= maxFileSize) return true;
  diagnostics.push({ kind: "too-large", file: entry.rel, message: `skipped: ${size} bytes is over maxFileSize (${maxFileSize})` });
  return undefined;
}

/** The careful path, from the bytes: binary content (NUL in the first bytes) and invalid UTF-8 become diagnostics. */
function textOfBytes(entry: SourceEntry, diagnostics: Diagnostic[]): string | undefined {
  let buffer: Buffer;
  try {
    buffer = readFileSync(entry.abs);
  } catch (error) {
    diagnostics.push({ kind: "unreadable", file: entry.rel, message: `cannot read (${errnoCode(error) ?? (error as Error).message})` });
    return undefined;
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

/** Files claimed at a time from the shared queue: small enough to balance, large enough to keep Atomics rare. */
export const CHUNK = 32;

/**
 * Processes `entries`, or, with `queue` (an Int32Array over a SharedArrayBuffer
 * holding the next unclaimed index), only the chunks this thread claims: the
 * main thread and the workers pull from one queue, so a slow start or a heavy
 * file does not leave a thread idle.
 */
export function processSources(entries: readonly SourceEntry[], options: SourceOptions, queue?: Int32Array, cache?: FactsCache): SourceBatch {
  const batch: SourceBatch = { facts: [], diagnostics: [], parsed: 0, unparsed: 0, skipped: 0 };
  if (!queue) {
    for (const entry of entries) processOne(entry, options, batch, cache);
    return batch;
  }
  for (let start = Atomics.add(queue, 0, CHUNK); start < entries.length; start = Atomics.add(queue, 0, CHUNK)) {
    const end = Math.min(start + CHUNK, entries.length);
    for (let i = start; i < end; i++) processOne(entries[i]!, options, batch, cache);
  }
  return batch;
}

function processOne(entry: SourceEntry, options: SourceOptions, batch: SourceBatch, cache: FactsCache | undefined): void {
  {
    const text = readText(entry, options.maxFileSize, batch.diagnostics);
    if (text === undefined) {
      batch.skipped++;
      return;
    }
    if (options.prefilter && !mayContainFacts(text)) {
      batch.unparsed++;
      return;
    }
    batch.parsed++;
    const hash = cache ? contentHash(text) : undefined;
    const cached = hash ? cache!.get(entry.rel, hash) : undefined;
    if (cached) {
      batch.facts.push(cached.facts);
      batch.diagnostics.push(...cached.diagnostics);
      return;
    }
    const before = batch.diagnostics.length;
    try {
      const sf = parseSource(entry.rel, text);
      const errors = parseErrors(sf);
      if (errors.length) {
        const first = errors[0]!;
        const line = first.start !== undefined ? sf.getLineAndCharacterOfPosition(first.start).line + 1 : undefined;
        batch.diagnostics.push({
          kind: "parse-error",
          file: entry.rel,
          ...(line ? { line } : {}),
          message: `syntax error: ${ts.flattenDiagnosticMessageText(first.messageText, " ")}${errors.length > 1 ? ` (+${errors.length - 1} more)` : ""}; facts from this file may be incomplete`,
        });
      }
      const facts = extractFile(entry.rel, text, EXTRACTORS, sf);
      batch.facts.push(facts);
      if (hash) cache!.set(entry.rel, hash, { facts, diagnostics: batch.diagnostics.slice(before) });
    } catch (error) {
      batch.diagnostics.push({ kind: "parse-error", file: entry.rel, message: `could not extract facts: ${(error as Error).message}` });
    }
  }
}

// ---------------------------------------------------------------------------
// The facts cache (--cache): facts are a pure function of a file's path and content
// ---------------------------------------------------------------------------

export function contentHash(text: string): string {
  return createHash("sha1").update(text).digest("base64url");
}

interface CacheEntry {
  hash: string;
  facts: FileFacts;
  diagnostics: Diagnostic[];
}

/**
 * Facts by file and content hash, in one JSON file. Keyed by the tool's
 * version too: a new version (new extractors) starts from an empty cache.
 * Entries not used by a run are dropped when it is saved.
 */
export class FactsCache {
  private readonly previous = new Map<string, CacheEntry>();
  private readonly next = new Map<string, CacheEntry>();
  hits = 0;

  constructor(
    private readonly file: string,
    private readonly version: string,
  ) {
    try {
      const data = JSON.parse(readFileSync(file, "utf8")) as { version?: string; entries?: Record<string, CacheEntry> };
      if (data.version === version && data.entries) for (const [rel, entry] of Object.entries(data.entries)) this.previous.set(rel, entry);
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
  }

  get(rel: string, hash: string): CacheEntry | undefined {
    const entry = this.previous.get(rel);
    if (!entry || entry.hash !== hash) return undefined;
    this.hits++;
    this.next.set(rel, entry);
    return entry;
  }

  set(rel: string, hash: string, value: { facts: FileFacts; diagnostics: Diagnostic[] }): void {
    this.next.set(rel, { hash, ...value });
  }

  /** Written beside, then renamed over the old file, so a crash never leaves half a cache. */
  save(): void {
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify({ version: this.version, entries: Object.fromEntries(this.next) }));
      renameSync(temp, this.file);
    } catch {
      // A cache that cannot be written only costs speed next time.
    }
  }
}
