import type { Suppression } from "../types.js";

/** A directive is a comment that starts its line (so the same words inside a string or a doc comment are not one). */
const DIRECTIVE = /^[ \t]*(?:\/\/|\/\*)[ \t]*arch-lint-(disable-next-line|disable|enable)\b([^\n]*)/gm;

/**
 * `// arch-lint-disable-next-line rule-a, rule-b -- reason`, and blocks
 * `/* arch-lint-disable rule *\/` … `/* arch-lint-enable rule *\/`. Read from
 * the text with a regular expression: comments are not worth a tree walk.
 */
export function readSuppressions(text: string, file: string): Suppression[] {
  if (!text.includes("arch-lint-")) return [];
  const result: Suppression[] = [];
  const open = new Map<string, { location: Suppression["location"]; justification?: string; rules: string[] }>();
  const lineStarts: number[] = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (pos: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  for (const match of text.matchAll(DIRECTIVE)) {
    const kind = match[1]!;
    let rest = match[2]!.replace(/\*\/.*$/, "");
    let justification: string | undefined;
    const dash = rest.indexOf("--");
    if (dash >= 0) {
      justification = rest.slice(dash + 2).trim() || undefined;
      rest = rest.slice(0, dash);
    }
    const rules = rest.split(/[\s,]+/).filter(Boolean);
    const start = match.index + match[0].search(/\/[/*]/);
    const line = lineOf(start);
    const location = { file, line, column: start - lineStarts[line - 1]! + 1 };
    if (kind === "disable-next-line") {
      result.push({ kind: "next-line", rules, ...(justification ? { justification } : {}), location, fromLine: line + 1, toLine: line + 1 });
    } else if (kind === "disable") {
      const key = rules.join(",") || "*";
      open.set(key, { location, rules, ...(justification ? { justification } : {}) });
    } else {
      const key = rules.join(",") || "*";
      const start = open.get(key);
      if (start) {
        open.delete(key);
        result.push({ kind: "block", rules: start.rules, ...(start.justification ? { justification: start.justification } : {}), location: start.location, fromLine: start.location.line, toLine: line });
      }
    }
  }
  for (const start of open.values()) {
    result.push({ kind: "block", rules: start.rules, ...(start.justification ? { justification: start.justification } : {}), location: start.location, fromLine: start.location.line, toLine: Number.MAX_SAFE_INTEGER });
  }
  return result;
}
