import { posix } from "node:path";
import type { Diagnostic, Location } from "../types.js";
import type { FileEntry, ReadText } from "./files.js";
import { safeYaml } from "./yaml.js";

/**
 * Serverless Framework services: a folder whose `serverless.yml` (or .yaml,
 * .json, .ts, .js) declares `functions` deploys them as one service (each
 * function a Lambda handler of its code), whether or not its package.json
 * names a server: an SQS consumer has none. The YAML and JSON forms are
 * read; the TypeScript and JavaScript forms are code arch-lint does not run,
 * so only a written `service: "name"` and a `functions` key are looked for
 * in their text.
 */

export interface ServerlessService {
  /** The folder holding the file ("" for the repository's top). */
  root: string;
  /** `service:` when written as a plain name (no `${...}` variable). */
  name?: string;
  /** The handler of each function (`src/handlers/orders.create`), as written. */
  handlers: string[];
  location: Location;
}

const SERVERLESS_FILE = /^serverless\.(ya?ml|json|[cm]?[jt]s)$/;
/** A name as the framework allows one: letters, digits, hyphens; not a variable. */
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

export function isServerlessFile(rel: string): boolean {
  return SERVERLESS_FILE.test(posix.basename(rel));
}

export function readServerless(files: readonly FileEntry[], read: ReadText, diagnostics: Diagnostic[]): ServerlessService[] {
  const found = new Map<string, ServerlessService>();
  for (const file of files) {
    if (!isServerlessFile(file.rel)) continue;
    const root = posix.dirname(file.rel) === "." ? "" : posix.dirname(file.rel);
    if (found.has(root)) continue;
    const text = read(file.rel);
    if (text === undefined) continue;
    const service = /\.(ya?ml|json)$/.test(file.rel) ? fromDocument(safeYaml(text, file.rel, diagnostics), text) : fromCode(text);
    if (!service) continue;
    found.set(root, { root, ...service, location: { file: file.rel, line: service.line, column: 1 } });
  }
  return [...found.values()];
}

function fromDocument(doc: unknown, text: string): { name?: string; handlers: string[]; line: number } | undefined {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return undefined;
  const { service, functions } = doc as { service?: unknown; functions?: unknown };
  if (!functions || typeof functions !== "object" || Array.isArray(functions) || !Object.keys(functions).length) return undefined;
  // `service: { name: orders }` is the framework's older form.
  const named = typeof service === "string" ? service : service && typeof service === "object" ? (service as { name?: unknown }).name : undefined;
  const handlers = Object.values(functions as Record<string, unknown>).flatMap((fn) => {
    const handler = fn && typeof fn === "object" ? (fn as { handler?: unknown }).handler : undefined;
    return typeof handler === "string" ? [handler] : [];
  });
  return { ...(typeof named === "string" && PLAIN_NAME.test(named) ? { name: named } : {}), handlers, line: lineOf(text, /^\s*"?functions"?\s*:/m) };
}

function fromCode(text: string): { name?: string; handlers: string[]; line: number } | undefined {
  if (!/\bfunctions\s*:/.test(text)) return undefined;
  const named = /\bservice\s*:\s*["'`]([^"'`]+)["'`]/.exec(text)?.[1];
  return { ...(named && PLAIN_NAME.test(named) ? { name: named } : {}), handlers: [], line: lineOf(text, /\bfunctions\s*:/) };
}

function lineOf(text: string, pattern: RegExp): number {
  const at = pattern.exec(text)?.index;
  return at === undefined ? 1 : text.slice(0, at).split("\n").length;
}
