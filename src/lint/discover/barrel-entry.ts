import { posix } from "node:path";
import { ts } from "../ts.js";
import type { FileSet, ReadText } from "./files.js";
import type { PackageInfo } from "./packages.js";
import { SOURCE_FILE, sourceFilesRunBy } from "./run-command.js";

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
function entryFiles(pkg: Pick<PackageInfo, "dir" | "scripts" | "main">, fileSet: FileSet): string[] {
  const written = [...Object.values(pkg.scripts).flatMap((command) => (typeof command === "string" ? sourceFilesRunBy(command) : [])), ...(pkg.main ? [pkg.main] : [])].filter((word) => SOURCE_FILE.test(word) && /^[\w./@-]+$/.test(word) && !word.startsWith("/"));
  const found = new Set<string>();
  for (const word of written) {
    const file = posix.normalize(posix.join(pkg.dir, word));
    if (file.startsWith("..")) continue;
    if (fileSet.has(file)) {
      found.add(file);
      continue;
    }
    const source = fromBuildOutput(file, pkg.dir);
    if (source !== undefined && fileSet.has(source)) found.add(source);
  }
  return [...found];
}

/** `<dir>/dist/index.js` → `<dir>/src/index.ts`. */
function fromBuildOutput(file: string, dir: string): string | undefined {
  const prefix = dir ? `${dir}/` : "";
  const inside = file.slice(prefix.length);
  const match = /^(dist|build|lib|out)\/(.+)\.[cm]?js$/.exec(inside);
  return match ? `${prefix}src/${match[2]}.ts` : undefined;
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
