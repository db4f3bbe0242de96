/**
 * A file committed in the middle of a merge (`<<<<<<< HEAD`, `=======`, `>>>>>>> branch`): each side of every
 * conflict, so a config file that does not parse as written can still be read as one of its versions. Pure.
 */

const START = /^<{7}(?:\s|$)/;
const BASE = /^\|{7}(?:\s|$)/;
const MIDDLE = /^={7}\s*$/;
const END = /^>{7}(?:\s|$)/;

export interface ConflictSides {
  /** The text with each conflict replaced by its first side (what `git checkout --ours` keeps). */
  ours: string;
  /** … by its second side. */
  theirs: string;
  /** Line of the first conflict marker, 1-based. */
  line: number;
}

/** The two sides of a text with well-formed conflict markers, or undefined when it has none (or they do not pair up). */
export function conflictSides(text: string): ConflictSides | undefined {
  if (!text.includes("<<<<<<<")) return undefined;
  const lines = text.split(/\r?\n/);
  const ours: string[] = [];
  const theirs: string[] = [];
  let state: "out" | "ours" | "base" | "theirs" = "out";
  let first = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (START.test(line)) {
      if (state !== "out") return undefined;
      state = "ours";
      first ||= i + 1;
    } else if (BASE.test(line) && state === "ours") state = "base";
    else if (MIDDLE.test(line) && (state === "ours" || state === "base")) state = "theirs";
    else if (END.test(line)) {
      if (state !== "theirs") return undefined;
      state = "out";
    } else if (state === "out") {
      ours.push(line);
      theirs.push(line);
    } else if (state === "ours") ours.push(line);
    else if (state === "theirs") theirs.push(line);
  }
  if (state !== "out" || !first) return undefined;
  return { ours: ours.join("\n"), theirs: theirs.join("\n"), line: first };
}
