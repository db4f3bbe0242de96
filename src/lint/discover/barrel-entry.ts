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

/**
 * Only imports that bind names, re-exports, exported names and type declarations: a module that runs nothing of its own.
 * In CommonJS: `const x = require("…")` (or a member of it), `module.exports = { a: require("./a"), b }` (or a name),
 * `exports.a = require("./a")`, and the loading of its settings (`dotenv.config(…)`, `require("dotenv").config()`).
 */
function isBarrel(text: string | undefined): boolean {
  if (text === undefined) return false;
  const sf = ts.createSourceFile("entry.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return sf.statements.length > 0 && sf.statements.some((statement) => !isDirective(statement)) && sf.statements.every((statement) => {
    if (ts.isImportDeclaration(statement)) return statement.importClause !== undefined;
    if (ts.isExportDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) return true;
    if (ts.isExportAssignment(statement)) return ts.isIdentifier(statement.expression);
    if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.every((d) => d.initializer !== undefined && isRequire(d.initializer));
    if (isDirective(statement)) return true;
    if (ts.isExpressionStatement(statement)) return isExportsAssignment(statement.expression) || isSettingsLoad(statement.expression);
    return false;
  });
}

function isDirective(statement: ts.Statement): boolean {
  return ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression);
}

/** `require("x")`, `require("x").y`. */
function isRequire(expr: ts.Expression): boolean {
  let target = expr;
  while (ts.isPropertyAccessExpression(target)) target = target.expression;
  return ts.isCallExpression(target) && ts.isIdentifier(target.expression) && target.expression.text === "require" && target.arguments.length === 1 && ts.isStringLiteralLike(target.arguments[0]!);
}

/** `module.exports = …`, `module.exports.a = …`, `exports.a = …` of requires and names (an object of them too). */
function isExportsAssignment(expr: ts.Expression): boolean {
  if (!ts.isBinaryExpression(expr) || expr.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return false;
  const left = expr.left.getText();
  if (!/^(module\.exports|exports)(\.[\w$]+)?$/.test(left)) return false;
  const exported = (value: ts.Expression): boolean => ts.isIdentifier(value) || isRequire(value);
  const right = expr.right;
  if (ts.isObjectLiteralExpression(right)) return right.properties.every((p) => ts.isShorthandPropertyAssignment(p) || (ts.isPropertyAssignment(p) && exported(p.initializer)));
  return exported(right);
}

/** `dotenv.config(…)`, `require("dotenv").config(…)`: settings loaded into the environment, nothing started. */
function isSettingsLoad(expr: ts.Expression): boolean {
  if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression) || expr.expression.name.text !== "config") return false;
  const object = expr.expression.expression;
  return (ts.isIdentifier(object) && object.text === "dotenv") || (ts.isCallExpression(object) && isRequire(object) && (object.arguments[0] as ts.StringLiteral).text === "dotenv");
}
