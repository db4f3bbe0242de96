import { parse as parseYaml } from "yaml";
import type { Diagnostic } from "../types.js";

/** One YAML document, or undefined with a one-line diagnostic when it does not parse (anchors capped against alias bombs). */
export function safeYaml(text: string | undefined, file: string, diagnostics: Diagnostic[]): unknown {
  if (text === undefined) return undefined;
  try {
    return parseYaml(text, { uniqueKeys: false, merge: true, maxAliasCount: 100, logLevel: "error" });
  } catch (error) {
    diagnostics.push({ kind: "config-file", file, message: `cannot parse YAML: ${(error as Error).message.split("\n")[0]}` });
    return undefined;
  }
}
