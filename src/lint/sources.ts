import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ts } from "./ts.js";
import { EXTRACTORS, extractFile, parseErrors, parseSource } from "./extract/index.js";
import type { Diagnostic, FileFacts } from "./types.js";
import { mayContainFacts, readText } from "./read.js";
import type { ChunkReader } from "./read-ahead.js";
import { makeFolders } from "../shared/make-folders.js";

export { mayContainFacts, readText } from "./read.js";

/**
 * Reading, prefiltering, parsing and extracting source files: the hot path,
 * run in the main thread or split across worker threads (see worker.ts).
 * Pure apart from reading the files it is given.
 */

export interface SourceEntry {
  rel: string;
  abs: string;
  /** The path's bytes when a name on it is not UTF-8 (see FileEntry). */
  bytes?: Uint8Array;
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

/**
 * Processes all `entries` in order, their texts read (and prefiltered) ahead
 * by a reader thread: the same batch as processSources without a queue.
 */
export function processReadSources(entries: readonly SourceEntry[], options: SourceOptions, reader: ChunkReader, cache?: FactsCache): SourceBatch {
  const batch: SourceBatch = { facts: [], diagnostics: [], parsed: 0, unparsed: 0, skipped: 0 };
  for (let start = 0; start < entries.length; start += reader.chunkSize) {
    const outcomes = reader.chunk(start);
    // A chunk's files are parsed one after another, then walked: the parser and the extraction walk each keep their
    // code and type feedback hot for a run of files instead of taking turns file by file.
    const parsed = outcomes.map((outcome, i) => (typeof outcome === "string" ? parseText(entries[start + i]!, outcome, cache) : undefined));
    for (let i = 0; i < outcomes.length; i++) {
      const outcome = outcomes[i]!;
      if (typeof outcome === "string") extractParsed(entries[start + i]!, outcome, parsed[i]!, batch, cache);
      else if (outcome === null) batch.unparsed++;
      else {
        batch.skipped++;
        batch.diagnostics.push(...outcome);
      }
    }
  }
  return batch;
}

/** A kept text parsed (or its cached facts found), its syntax errors not yet reported. */
type Parsed = { hash?: string; cached?: { facts: FileFacts; diagnostics: Diagnostic[] }; sf?: ts.SourceFile; failure?: string };

function parseText(entry: SourceEntry, text: string, cache: FactsCache | undefined): Parsed {
  const hash = cache ? contentHash(text) : undefined;
  const cached = hash ? cache!.get(entry.rel, hash) : undefined;
  if (cached) return { hash, cached };
  try {
    return { ...(hash ? { hash } : {}), sf: parseSource(entry.rel, text) };
  } catch (error) {
    return { ...(hash ? { hash } : {}), failure: (error as Error).message };
  }
}

function extractParsed(entry: SourceEntry, text: string, parsed: Parsed, batch: SourceBatch, cache: FactsCache | undefined): void {
  batch.parsed++;
  if (parsed.cached) {
    batch.facts.push(parsed.cached.facts);
    batch.diagnostics.push(...parsed.cached.diagnostics);
    return;
  }
  if (parsed.failure !== undefined || !parsed.sf) {
    batch.diagnostics.push({ kind: "parse-error", file: entry.rel, message: `could not extract facts: ${parsed.failure}` });
    return;
  }
  const before = batch.diagnostics.length;
  try {
    extractFrom(entry, text, parsed.sf, batch);
    if (parsed.hash) cache!.set(entry.rel, parsed.hash, { facts: batch.facts[batch.facts.length - 1]!, diagnostics: batch.diagnostics.slice(before) });
  } catch (error) {
    batch.diagnostics.push({ kind: "parse-error", file: entry.rel, message: `could not extract facts: ${(error as Error).message}` });
  }
}

function processOne(entry: SourceEntry, options: SourceOptions, batch: SourceBatch, cache: FactsCache | undefined): void {
  const text = readText(entry, options.maxFileSize, batch.diagnostics);
  if (text === undefined) {
    batch.skipped++;
    return;
  }
  if (options.prefilter && !mayContainFacts(text)) {
    batch.unparsed++;
    return;
  }
  processText(entry, text, batch, cache);
}

/** Parses a text the prefilter kept and extracts its facts (or takes them from the cache). */
function processText(entry: SourceEntry, text: string, batch: SourceBatch, cache: FactsCache | undefined): void {
  {
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
      extractFrom(entry, text, parseSource(entry.rel, text), batch);
      if (hash) cache!.set(entry.rel, hash, { facts: batch.facts[batch.facts.length - 1]!, diagnostics: batch.diagnostics.slice(before) });
    } catch (error) {
      batch.diagnostics.push({ kind: "parse-error", file: entry.rel, message: `could not extract facts: ${(error as Error).message}` });
    }
  }
}

/** Reports a parsed file's syntax errors, then extracts its facts into the batch. */
function extractFrom(entry: SourceEntry, text: string, sf: ts.SourceFile, batch: SourceBatch): void {
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
  batch.facts.push(extractFile(entry.rel, text, EXTRACTORS, sf));
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
      makeFolders(dirname(this.file));
      const temp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify({ version: this.version, entries: Object.fromEntries(this.next) }));
      renameSync(temp, this.file);
    } catch {
      // A cache that cannot be written only costs speed next time.
    }
  }
}
