import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { type ExtractContext, propertyNamed, calleeName } from "./context.js";

/**
 * Env files the code loads itself: dotenv's `config({ path })` (as
 * `dotenv.config`, a named import, or `require("dotenv").config`) and NestJS
 * `ConfigModule.forRoot({ envFilePath })`. A path is a literal, or
 * `path.resolve(__dirname, "..", ".env")` / `join(process.cwd(), ".env")`;
 * one built from the env (`.env.${NODE_ENV}`) is left out. `import
 * "dotenv/config"` and `config()` read `.env` in the working directory, which
 * discovery already reads for every service.
 */

const DOTENV = ["dotenv", "dotenv-flow", "@dotenvx/dotenvx"];
const NEST_CONFIG = ["@nestjs/config"];

function record(ctx: ExtractContext, node: ts.Node, paths: ts.Expression | undefined): void {
  if (!paths) return;
  const list = ts.isArrayLiteralExpression(paths) ? paths.elements : [paths];
  for (const item of list) {
    const file = envFilePath(item) ?? constantPath(ctx, item);
    if (file) (ctx.facts.envFiles ??= []).push({ ...file, location: ctx.loc(node) });
  }
}

/** `envFilePath: ENV_FILE_PATH` with `const ENV_FILE_PATH = "apps/blog/blog.env"`: a path the file keeps in a constant. */
function constantPath(ctx: ExtractContext, expr: ts.Expression): { path: string; base: "cwd" } | undefined {
  if (!ts.isIdentifier(expr)) return undefined;
  const value = ctx.value(expr);
  const only = value.parts.length === 1 ? value.parts[0] : undefined;
  return only?.kind === "text" && only.text ? { path: only.text, base: "cwd" } : undefined;
}

/** `"./config/config.env"`, `path.resolve(__dirname, "../.env")`, `join(process.cwd(), ".env.local")`. */
function envFilePath(expr: ts.Expression): { path: string; base: "cwd" | "file" } | undefined {
  if (ts.isStringLiteralLike(expr)) return expr.text ? { path: expr.text, base: "cwd" } : undefined;
  if (!ts.isCallExpression(expr)) return undefined;
  const name = calleeName(expr);
  if (name !== "resolve" && name !== "join") return undefined;
  const [first, ...rest] = expr.arguments;
  if (!first) return undefined;
  let base: "cwd" | "file" = "cwd";
  const segments: string[] = [];
  if (ts.isIdentifier(first) && first.text === "__dirname") base = "file";
  else if (isImportMetaDirname(first)) base = "file";
  else if (ts.isCallExpression(first) && ts.isPropertyAccessExpression(first.expression) && first.expression.name.text === "cwd") base = "cwd";
  else if (ts.isStringLiteralLike(first)) segments.push(first.text);
  else return undefined;
  for (const segment of rest) {
    if (!ts.isStringLiteralLike(segment)) return undefined;
    segments.push(segment.text);
  }
  return segments.length ? { path: segments.join("/"), base } : undefined;
}

function isImportMetaDirname(expr: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(expr) && expr.name.text === "dirname" && ts.isMetaProperty(expr.expression);
}

function isRequireOf(expr: ts.Expression, modules: readonly string[]): boolean {
  return ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === "require" && expr.arguments.length === 1 && ts.isStringLiteral(expr.arguments[0]!) && modules.includes(expr.arguments[0].text);
}

export const envFiles: Extractor = {
  family: "env-files",
  callProperties: ["config", "forRoot"],
  callIdentifiers: true,
  call(node, ctx) {
    const callee = node.expression;
    const options = node.arguments[0];
    if (!options || !ts.isObjectLiteralExpression(options)) return;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "forRoot") {
      // `ignoreEnvFile: false` (written out, as the Nest docs' examples do) still loads the files.
      const ignored = propertyNamed(options, "ignoreEnvFile");
      if (ctx.isImportFrom(callee.expression, NEST_CONFIG, ["ConfigModule"]) && (!ignored || ignored.kind === ts.SyntaxKind.FalseKeyword)) record(ctx, node, propertyNamed(options, "envFilePath"));
      return;
    }
    const isDotenvConfig = ts.isIdentifier(callee) ? ctx.isImportFrom(callee, DOTENV, ["config"]) : ts.isPropertyAccessExpression(callee) && callee.name.text === "config" && (ctx.isImportFrom(callee.expression, DOTENV, ["default", "*"]) || isRequireOf(callee.expression, DOTENV));
    if (isDotenvConfig) record(ctx, node, propertyNamed(options, "path"));
  },
};
