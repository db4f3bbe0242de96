import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import type { EnvFileFact, Value } from "../types.js";
import { type ExtractContext, propertyNamed, calleeName, staticText } from "./context.js";

/**
 * Env files the code loads itself: dotenv's `config({ path })` (as
 * `dotenv.config`, a named import, or `require("dotenv").config`) and NestJS
 * `ConfigModule.forRoot({ envFilePath })`. A path is a literal, or
 * `path.resolve(__dirname, "..", ".env")` / `join(process.cwd(), ".env")`;
 * a name built at run time (`.env.${process.env.NODE_ENV}`) is kept as a pattern for discovery to match against the
 * files the repository holds (discover/env-files.ts). A loader given no path (`ConfigModule.forRoot({ isGlobal: true })`,
 * `ConfigModule.forRoot()`, dotenv's `config()`) reads `.env` in the working directory: recorded as that path, so that
 * when the repository leaves it out, the services whose code loads it are known to take their variables from it (in a
 * NestJS monorepo, every app started from the top reads the top `.env`). `import "dotenv/config"` is not recorded: the
 * working directory's `.env` is read for every service by discovery already.
 */

const DOTENV = ["dotenv", "dotenv-flow", "@dotenvx/dotenvx"];
const NEST_CONFIG = ["@nestjs/config"];

function record(ctx: ExtractContext, node: ts.Node, paths: ts.Expression | undefined | typeof DEFAULT_PATH): void {
  if (paths === DEFAULT_PATH) {
    (ctx.facts.envFiles ??= []).push({ path: ".env", base: "cwd", defaulted: true, location: ctx.loc(node) });
    return;
  }
  if (!paths) return;
  const list = ts.isArrayLiteralExpression(paths) ? paths.elements : [paths];
  for (const item of list) {
    const file = envFilePath(item, ctx) ?? constantPath(ctx, item);
    if (file) (ctx.facts.envFiles ??= []).push({ ...file, location: ctx.loc(node) });
  }
}

/** `envFilePath: ENV_FILE_PATH` with `const ENV_FILE_PATH = "apps/blog/blog.env"`: a path the file keeps in a constant. */
function constantPath(ctx: ExtractContext, expr: ts.Expression): LoadedPath | undefined {
  if (!ts.isIdentifier(expr)) return undefined;
  const value = ctx.value(expr);
  const only = value.parts.length === 1 ? value.parts[0] : undefined;
  // const cfg = `./.env.${process.env.NODE_ENV}`: a name built at run time, kept in a constant.
  if (only?.kind !== "text") return builtPath(value, "cwd");
  return only.text ? { path: only.text, base: "cwd" } : undefined;
}

type LoadedPath = Pick<EnvFileFact, "path" | "base" | "chosenBy">;

/** `"./config/config.env"`, `path.resolve(__dirname, "../.env")`, `join(process.cwd(), ".env.local")`, `` `.env.${NODE_ENV}` ``. */
function envFilePath(expr: ts.Expression, ctx: ExtractContext): LoadedPath | undefined {
  if (ts.isStringLiteralLike(expr)) return expr.text ? { path: expr.text, base: "cwd" } : undefined;
  if (ts.isTemplateExpression(expr) || ts.isBinaryExpression(expr)) return builtPath(ctx.value(expr), "cwd");
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
  const last = rest[rest.length - 1];
  for (const segment of rest.slice(0, -1)) {
    if (!ts.isStringLiteralLike(segment)) return undefined;
    segments.push(segment.text);
  }
  // path.resolve(__dirname, "..", `.env.${process.env.NODE_ENV}`): only the file's name may be built at run time.
  if (last && !ts.isStringLiteralLike(last)) {
    const built = builtPath(ctx.value(last), base);
    return built && { ...built, path: [...segments, built.path].join("/") };
  }
  if (last) segments.push(last.text);
  return segments.length ? { path: segments.join("/"), base } : undefined;
}

/**
 * A name built from text and one run-time part (`.env.${process.env.NODE_ENV}`, `".env." + env`): the pattern `.env.*`,
 * and the variable that fills it when it is read from the env. Only a file name is matched: a run-time folder is left out.
 */
function builtPath(value: Value, base: "cwd" | "file"): LoadedPath | undefined {
  let path = "";
  let chosenBy: EnvFileFact["chosenBy"];
  let wild = 0;
  for (const part of value.parts) {
    if (part.kind === "text") {
      path += part.text;
      continue;
    }
    if (++wild > 1) return undefined;
    path += "*";
    if (part.kind === "env") {
      const fallback = part.fallback ? staticText(part.fallback) : undefined;
      chosenBy = fallback ? { env: part.name, fallback } : { env: part.name };
    }
  }
  const name = path.slice(path.lastIndexOf("/") + 1);
  if (wild !== 1 || !name.includes("*") || !/env/i.test(name)) return undefined;
  return chosenBy ? { path, base, chosenBy } : { path, base };
}

function isImportMetaDirname(expr: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(expr) && expr.name.text === "dirname" && ts.isMetaProperty(expr.expression);
}

function isRequireOf(expr: ts.Expression, modules: readonly string[]): boolean {
  return ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) && expr.expression.text === "require" && expr.arguments.length === 1 && ts.isStringLiteral(expr.arguments[0]!) && modules.includes(expr.arguments[0].text);
}

const DEFAULT_PATH = Symbol("the loader's default .env");

/** The path option as written, or, when the options name none, the `.env` of the working directory both loaders default to. */
function pathOrDefault(options: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined | typeof DEFAULT_PATH {
  if (options.properties.some((property) => ts.isSpreadAssignment(property))) return propertyNamed(options, key);
  return propertyNamed(options, key) ?? DEFAULT_PATH;
}

export const envFiles: Extractor = {
  family: "env-files",
  callProperties: ["config", "forRoot"],
  callIdentifiers: true,
  call(node, ctx) {
    const callee = node.expression;
    const given = node.arguments[0];
    // Options that are not written out here (a variable, a spread of another module's object) may name a path: not guessed.
    if (given && !ts.isObjectLiteralExpression(given)) return;
    const options = given ?? ts.factory.createObjectLiteralExpression();
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "forRoot") {
      // `ignoreEnvFile: false` (written out, as the Nest docs' examples do) still loads the files.
      const ignored = propertyNamed(options, "ignoreEnvFile");
      if (ctx.isImportFrom(callee.expression, NEST_CONFIG, ["ConfigModule"]) && (!ignored || ignored.kind === ts.SyntaxKind.FalseKeyword)) record(ctx, node, pathOrDefault(options, "envFilePath"));
      return;
    }
    const isDotenvConfig = ts.isIdentifier(callee) ? ctx.isImportFrom(callee, DOTENV, ["config"]) : ts.isPropertyAccessExpression(callee) && callee.name.text === "config" && (ctx.isImportFrom(callee.expression, DOTENV, ["default", "*"]) || isRequireOf(callee.expression, DOTENV));
    if (isDotenvConfig) record(ctx, node, pathOrDefault(options, "path"));
  },
};
