import { posix } from "node:path";
import type { Location } from "../types.js";
import type { FileEntry, ReadText } from "./files.js";

/**
 * Encore.ts services: each folder holding an `encore.service.ts` that makes `new Service("name")` (from
 * `encore.dev/service`) is a service of that name, whatever package.json says (an Encore app has one package at its
 * top, and the Encore runtime, not a start script, serves each service's endpoints). The folder and everything below
 * it belong to the service, as Encore has it.
 */

export interface EncoreService {
  /** The folder of its encore.service.ts ("" for the repository's top). */
  root: string;
  /** The name `new Service("…")` gives, else the folder's. */
  name: string;
  location: Location;
}

const SERVICE_FILE = /^encore\.service\.[cm]?[jt]s$/;
const SERVICE_IMPORT = /["']encore\.dev\/service["']/;
const SERVICE_NAME = /new\s+Service\s*\(\s*(["'`])([^"'`]+)\1/;

export function readEncoreServices(files: readonly FileEntry[], read: ReadText): EncoreService[] {
  const found: EncoreService[] = [];
  for (const file of files) {
    if (!SERVICE_FILE.test(posix.basename(file.rel))) continue;
    const text = read(file.rel);
    if (!text || !SERVICE_IMPORT.test(text)) continue;
    const named = SERVICE_NAME.exec(text);
    const root = posix.dirname(file.rel) === "." ? "" : posix.dirname(file.rel);
    const line = named ? text.slice(0, named.index).split("\n").length : 1;
    found.push({ root, name: named?.[2] ?? (posix.basename(root) || "app"), location: { file: file.rel, line, column: 1 } });
  }
  return found;
}
