import { readFileSync, statSync } from "node:fs";
import { errnoCode } from "../shared/errors.js";
import type { Diagnostic } from "./types.js";
import type { SourceEntry } from "./sources.js";

/**
 * Reading and prefiltering source files: no parser here, so the reader
 * thread (reader.ts) can load this without the compiler.
 */

const BINARY_SNIFF_BYTES = 8000;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A file none of whose text matches these can contribute no fact: no
 * framework, client, circuit breaker, driver, broker or env access, no SQL, no path-like
 * string, no import of project code (through which a handler could reach a
 * call), no exported `let` (a start-up function sets it: a publisher a factory made), no call on a dependency a class is handed (`this.service.find()`, whose class is found by name:
 * model/injected-by-name.ts), no abstract class (a port whose implementing class is what runs: model/call-graph.ts), no enum, capitalised string constant or map of strings, or of maps of them (`export const TicketEvent = { Created: "ticket.created" }`) (topic names, a table of services' addresses, and
 * injection tokens that other files import), no host, URL or address written as an object's setting (`hostname: "billing"`), no AMQP routing key (a shared `{ exchange, routingKey }` constant), no generic holder class (one whose accessor hands back what it wraps: GENERIC_HOLDER below), no namespace (`export namespace OrderPlaced { export const topic = "order.placed" }`, a contract's topic), no Babel module-resolver config, no suppression comment. Such files are read but not parsed; on real
 * repositories this skips most type, util and UI files. ARCH_LINT_NO_PREFILTER=1
 * (or `prefilter: false`) parses everything.
 */
const RELEVANT =
  /\b(?:fetch|axios|got|undici|ky|request|superagent|needle|bent|addService|loadPackageDefinition|express|fastify|koa|hono|Hono|hapi|Hapi|routing|tsoa|inversify|Router|Controller|Pool|Client|postgres|postgresql|pg|mongodb|mariadb|mssql|ioredis|bull|Bull|bullmq|elasticsearch|opensearch|prisma|Prisma|knex|typeorm|DataSource|Entity|sequelize|Sequelize|mongoose|MongoClient|redis|Redis|drizzle|DynamoDB|dynamodb|dynamoose|cassandra|neo4j|clickhouse|firestore|datastore|cosmos|couchbase|supabase|pgTable|mysqlTable|sqliteTable|kafka|Kafka|amqp|nats|mqtt|mysql|env|createServer|http|https|Producer|Consumer|EventPattern|MessagePattern|subscribe|publish|send|listen|register|basePath|use|Get|Post|Put|Patch|Delete|All|Head|Options|Version|Queue|Worker|Processor|enum|abstract|opossum|cockatiel|dd-trace|newrelic|elastic-apm-node|applicationinsights|appdynamics|signalfx-tracing|jaeger-client|zipkin|skywalking-backend-js|pinpoint-node-agent|broker|moleculer|transporter|ServiceSchema|parseServiceSchema|module-resolver|temporal|temporalio|restatedev|routingKey|encore)\b|ctx\.(?:call|emit|broadcast|params)\b|\bseneca\b|\bthis\.(?:add|act)\(\s*(?:["'`{]|[\w$]+\s*,\s*[\w$]+\[)|this\.\w*(?:[Ss]ervice|[Cc]lient|[Rr]epo(?:sitory)?|[Gg]ateway|[Aa]pi)\.\w+\(|\bactions\s*:\s*\{|(?:export\s+const\s+|exports\.)[A-Z][\w$]*\s*=\s*(?:\{\s*[\w"']+\s*:\s*){0,2}["'`]|module\.exports\s*=\s*\{\s*[A-Z][A-Z0-9_]*\s*:\s*["'`]|from\s*["'][.@~#]|require\(\s*["'][.@~#]|(?:require|import)\(\s*[^"'\s)]|import\(?\s*["'][.@~#]|["'`]\/|["'`]v\d|\.ya?ml["'`]|arch-lint-|\bexport\s+let\s|\bnamespace\s+[\w$.]+\s*\{|\b(?:[Hh]ost(?:[Nn]ame)?|HOST(?:NAME)?|[Uu]rl|URL|[Uu]ri|URI|[Ee]ndpoint|[Aa]ddress|[Aa]ddr)\s*:\s*["'`]/;
const SQL_WORD = /\b(?:select|insert|update|delete|create|alter|truncate|merge)\s/i;

/**
 * A generic holder whose accessor hands back what it wraps (`class UseCaseProxy<T> { getInstance(): T { … } }`,
 * extract/class-bases.ts): a method that returns the class's own first type parameter, or a member kept with that type
 * (`constructor(private readonly useCase: T)`). Not any generic class: a
 * `Cache<K, V>` of a utility module returns V, never what it was made around, and such files are most of a repository.
 */
const GENERIC_HOLDER = /\bclass\s+[\w$]+\s*<\s*([A-Z][\w$]*)[^{]*\{[\s\S]*?(?:\)\s*:\s*\1\s*[{;]|\b(?:private|protected|public|readonly)\s+(?:readonly\s+)?[\w$]+\s*:\s*\1\s*[,;)=])/;

export function mayContainFacts(text: string): boolean {
  return RELEVANT.test(text) || SQL_WORD.test(text) || (text.includes("class") && GENERIC_HOLDER.test(text));
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
    text = readFileSync(pathOf(entry), "utf8");
  } catch (error) {
    const code = errnoCode(error);
    // Too large for a string or a buffer: what the size says.
    if ((code === "ERR_FS_FILE_TOO_LARGE" || code === "ERR_STRING_TOO_LONG") && tooLarge(entry, maxFileSize, diagnostics) === undefined) return undefined;
    diagnostics.push({ kind: "unreadable", file: entry.rel, message: cannotRead(code, error) });
    return undefined;
  }
  if (text.length * 3 > maxFileSize && tooLarge(entry, maxFileSize, diagnostics) === undefined) return undefined;
  if (text.includes("\ufffd") || text.includes("\0")) return notMinified(entry, textOfBytes(entry, diagnostics), diagnostics);
  // As the strict decoder of textOfBytes: it drops one byte order mark, and the text one more.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return notMinified(entry, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, diagnostics);
}

/** Below this size a file is read as source whatever its lines look like: minifying pays only on larger files. */
const MINIFIED_MIN_CHARS = 20_000;
/** A line longer than this is no line a person wrote. */
const LONG_LINE_CHARS = 1_000;
/** The share of the text on such lines that makes it minified (or bundled) output. */
const MINIFIED_SHARE = 0.8;

/**
 * Minified or bundled output committed beside the sources (`public/js/app.min.js`, a webpack bundle): not the
 * service's own code, yet parsing it costs seconds and its calls (a bundled front end's fetches, a bundled
 * framework's routes) would be blamed on the service. Skipped with a diagnostic, never silently.
 */
export function minifiedShare(text: string): number {
  if (text.length < MINIFIED_MIN_CHARS) return 0;
  let long = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    if (end - start > LONG_LINE_CHARS) long += end - start;
    start = end + 1;
  }
  return long / text.length;
}

function notMinified(entry: SourceEntry, text: string | undefined, diagnostics: Diagnostic[]): string | undefined {
  if (text === undefined) return undefined;
  const share = minifiedShare(text);
  if (share < MINIFIED_SHARE) return text;
  diagnostics.push({
    kind: "minified",
    file: entry.rel,
    message: `skipped: minified or bundled code (${Math.round(share * 100)}% of its ${text.length} characters on lines over ${LONG_LINE_CHARS} characters long), not a service's own source; add it to \`ignore\` to drop this notice`,
  });
  return undefined;
}

/** Why a file was not read, and for a permission problem what to do about it. */
function cannotRead(code: string | undefined, error: unknown): string {
  const denied = code === "EACCES" || code === "EPERM";
  return `cannot read (${code ?? (error as Error).message})${denied ? "; skipped: give the user running arch-lint read access, or ignore the file" : ""}`;
}

/** The path to open: its bytes when a name on it is not UTF-8 (a worker gets them as a plain Uint8Array). */
function pathOf(entry: SourceEntry): string | Buffer {
  return entry.bytes ? Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, entry.bytes.byteLength) : entry.abs;
}

/** Undefined, with a diagnostic, when the file is over the limit; `true` otherwise. */
function tooLarge(entry: SourceEntry, maxFileSize: number, diagnostics: Diagnostic[]): true | undefined {
  let size: number;
  try {
    size = statSync(pathOf(entry)).size;
  } catch (error) {
    diagnostics.push({ kind: "unreadable", file: entry.rel, message: cannotRead(errnoCode(error), error) });
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
    buffer = readFileSync(pathOf(entry));
  } catch (error) {
    diagnostics.push({ kind: "unreadable", file: entry.rel, message: cannotRead(errnoCode(error), error) });
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


/**
 * What reading a file gave: its text, to be parsed; null when the prefilter
 * found nothing to extract in it; or the diagnostics that skipped it.
 */
export type ReadOutcome = string | null | Diagnostic[];

/** Reads and prefilters entries[start, end). */
export function readChunk(entries: readonly SourceEntry[], start: number, end: number, prefilter: boolean, maxFileSize: number): ReadOutcome[] {
  const outcomes: ReadOutcome[] = [];
  for (let i = start; i < end; i++) {
    const diagnostics: Diagnostic[] = [];
    const text = readText(entries[i]!, maxFileSize, diagnostics);
    outcomes.push(text === undefined ? diagnostics : prefilter && !mayContainFacts(text) ? null : text);
  }
  return outcomes;
}
