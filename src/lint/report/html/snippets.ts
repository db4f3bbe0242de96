import type { Finding } from "../../types.js";

/** A few lines of a scanned file around one line: the first line's number, then the lines. */
export interface Snippet {
  start: number;
  lines: string[];
}

/** Lines this long are cut: a minified or generated line would swell the report for nothing. */
const MAX_LINE = 200;

export const snippetKey = (file: string, line: number) => `${file}:${line}`;

/**
 * The code around each place a finding names (its location and every evidence hop), `radius` lines
 * either side, keyed by `file:line`. Pure: the caller reads the files (`sourceLine`), so the report
 * itself never touches the disk. A place whose line cannot be read has no snippet.
 */
export function collectSnippets(findings: readonly Finding[], sourceLine: (file: string, line: number) => string | undefined, radius = 2): Map<string, Snippet> {
  const snippets = new Map<string, Snippet>();
  for (const finding of findings) {
    if (finding.suppressed) continue;
    for (const { file, line } of [finding.location, ...finding.evidence.map((hop) => hop.location)]) {
      const key = snippetKey(file, line);
      if (snippets.has(key) || sourceLine(file, line) === undefined) continue;
      const start = Math.max(1, line - radius);
      const lines: string[] = [];
      for (let n = start; n <= line + radius; n++) {
        const text = sourceLine(file, n);
        if (text === undefined) break;
        lines.push(text.length > MAX_LINE ? `${text.slice(0, MAX_LINE)}…` : text.trimEnd());
      }
      snippets.set(key, { start, lines });
    }
  }
  return snippets;
}
