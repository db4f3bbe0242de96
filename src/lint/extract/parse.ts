import { ts } from "../ts.js";

/** How arch-lint parses a file: syntax only, JSDoc skipped, the script kind taken from the file's extension. */

export function scriptKindFor(file: string): ts.ScriptKind {
  if (file.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (file.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (file.endsWith(".js") || file.endsWith(".mjs") || file.endsWith(".cjs")) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * JSDoc is never read: skipping its parse saves a good share of parse time on
 * commented code (typescript-eslint does the same). Exported for the
 * benchmark, whose raw-parse baseline must parse exactly as the scan does.
 */
export const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };

export function parseSource(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, PARSE_OPTIONS, false, scriptKindFor(file));
}

/** The syntax errors the parser recorded (an internal but long-stable field). */
export function parseErrors(sf: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  return (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}
