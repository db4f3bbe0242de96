import { posix } from "node:path";
import { ts } from "../ts.js";
import type { FileSet, ReadText } from "./files.js";
import type { PackageInfo } from "./packages.js";
import { scannedSourceOf, SOURCE_FILE, sourceFilesRunBy } from "./run-command.js";

/**
 * A shared package copied from an app's template keeps `start` and `dev` scripts (`ts-node-dev src/index.ts`) though its
 * entry only re-exports its modules: running it starts nothing. Whether every file its scripts' runners start (or its `main`, read
 * from `dist/` back to `src/`) that the repository holds is such a barrel: import and export declarations and types,
 * no statement that does anything. No such file found: false, the scripts are trusted.
 */
export function startsOnlyABarrel(pkg: Pick<PackageInfo, "dir" | "scripts" | "main">, fileSet: FileSet, read: ReadText): boolean {
  const entries = entryFiles(pkg, fileSet);
  return entries.length > 0 && entries.every((file) => isBarrel(read(file)));
}

/** The package's files its scripts name, and its `main`; a build output (`dist/index.js`) stands for its source (`src/index.ts`). */
export function entryFiles(pkg: Pick<PackageInfo, "dir" | "scripts" | "main">, fileSet: FileSet): string[] {
  const written = [...Object.values(pkg.scripts).flatMap((command) => (typeof command === "string" ? sourceFilesRunBy(command) : [])), ...(pkg.main ? [pkg.main] : [])].filter((word) => SOURCE_FILE.test(word) && /^[\w./@-]+$/.test(word) && !word.startsWith("/"));
  const found = new Set<string>();
  for (const word of written) {
    const inside = posix.normalize(word);
    if (inside.startsWith("..")) continue;
    const source = scannedSourceOf(pkg.dir, inside, (file) => fileSet.has(file));
    if (source !== undefined) found.add(source);
  }
  return [...found];
}

/** Only imports that bind names, re-exports, exported names and type declarations: a module that runs nothing of its own. */
function isBarrel(text: string | undefined): boolean {
  if (text === undefined) return false;
  const sf = ts.createSourceFile("entry.ts", text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return sf.statements.length > 0 && sf.statements.every((statement) => {
    if (ts.isImportDeclaration(statement)) return statement.importClause !== undefined;
    if (ts.isExportDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) return true;
    if (ts.isExportAssignment(statement)) return ts.isIdentifier(statement.expression);
    return false;
  });
}
