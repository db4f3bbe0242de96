import type { ts } from "../ts.js";

/**
 * Gives a parsed file its table of line starts (what turns a position into
 * line:column) before TypeScript computes it: the same table, found with
 * indexOf rather than TypeScript's loop over every character, which was
 * about 1% of a scan. Only for texts whose line breaks are all "\n";
 * TypeScript also breaks lines at "\r", U+2028 and U+2029, and computes the
 * table of such a text itself. `lineMap` is the compiler's own (internal,
 * long-stable) cache field, read by getLineAndCharacterOfPosition.
 */
export function primeLineStarts(sf: ts.SourceFile): void {
  const holder = sf as unknown as { lineMap?: readonly number[] };
  if (holder.lineMap) return;
  const text = sf.text;
  if (text.includes("\r") || text.includes("\u2028") || text.includes("\u2029")) return;
  const starts = [0];
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) starts.push(at + 1);
  holder.lineMap = starts;
}
