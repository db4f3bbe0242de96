import { isDeepStrictEqual } from "node:util";

/**
 * Three-way merge of JSON documents by key rather than by line: a template that
 * bumps one dependency and an owner who adds another touch neighbouring lines
 * (a conflict for a line merge) but different keys (none here). Where both
 * sides changed the same key differently, the owner's value is kept and the key
 * is reported: conflict markers would leave a file npm cannot read.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface JsonMergeResult {
  content: string;
  /** Dotted key paths both sides changed differently (the owner's value was kept). */
  conflicts: string[];
}

/** undefined when any of the three is not JSON: the caller then merges by line. */
export function mergeJsonText(base: string, theirs: string, ours: string): JsonMergeResult | undefined {
  const parsed = [base, theirs, ours].map(parseOrUndefined);
  if (parsed.some((value) => value === undefined)) return undefined;
  const [b, t, o] = parsed as [Json, Json, Json];
  const { value, conflicts } = mergeValues(b, t, o);
  return { content: formatLike(theirs, value ?? null), conflicts };
}

/** The value merge itself, shared with YAML: `conflicts` names each key both changed differently (theirs kept). */
export function mergeValues(base: Json, theirs: Json, ours: Json): { value: Json | undefined; conflicts: string[] } {
  const conflicts: string[] = [];
  const value = mergeValue(base, theirs, ours, [], conflicts);
  return { value, conflicts };
}

const ABSENT = undefined;

function mergeValue(base: Json | undefined, theirs: Json | undefined, ours: Json | undefined, path: string[], conflicts: string[]): Json | undefined {
  if (isDeepStrictEqual(theirs, ours)) return theirs;
  if (isDeepStrictEqual(base, theirs)) return ours;
  if (isDeepStrictEqual(base, ours)) return theirs;
  if (isObject(theirs) && isObject(ours)) return mergeObject(isObject(base) ? base : {}, theirs, ours, path, conflicts);
  conflicts.push(path.join(".") || "(the whole document)");
  return theirs;
}

function mergeObject(base: Record<string, Json>, theirs: Record<string, Json>, ours: Record<string, Json>, path: string[], conflicts: string[]): Record<string, Json> {
  // The owner's key order is kept; a key the template adds goes after the key it follows in the template.
  const order = Object.keys(theirs);
  const oursKeys = Object.keys(ours);
  for (const [index, key] of oursKeys.entries()) {
    if (order.includes(key)) continue;
    const previous = oursKeys.slice(0, index).reverse().find((candidate) => order.includes(candidate));
    order.splice(previous === undefined ? 0 : order.indexOf(previous) + 1, 0, key);
  }
  const merged: Record<string, Json> = {};
  for (const key of order) {
    const value = mergeValue(own(base, key), own(theirs, key), own(ours, key), [...path, key], conflicts);
    if (value !== ABSENT) merged[key] = value;
  }
  return merged;
}

const own = (object: Record<string, Json>, key: string): Json | undefined => (Object.hasOwn(object, key) ? object[key] : ABSENT);
const isObject = (value: Json | undefined): value is Record<string, Json> => typeof value === "object" && value !== null && !Array.isArray(value);

function parseOrUndefined(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

/** The owner's indentation and final newline. */
function formatLike(original: string, value: Json): string {
  const indent = /^[{[]\r?\n([ \t]+)/.exec(original)?.[1] ?? "  ";
  const eol = original.includes("\r\n") ? "\r\n" : "\n";
  const text = JSON.stringify(value, null, indent).replace(/\n/g, eol);
  return original.endsWith("\n") ? `${text}${eol}` : text;
}
