import { posix } from "node:path";
import { ts } from "../ts.js";

/**
 * The module a `require(...)` names when its argument is a path built from the file's own folder rather than a
 * literal: `` `${__dirname}/routes/orders` ``, `__dirname + "/routes/orders"`, `path.join(__dirname, "routes", "orders")`
 * (each `./routes/orders`, as a relative specifier), or from a folder the program keeps in a global,
 * `` require(`${global.appRoot}/api/v1/orders/router`) `` after `global.appRoot = path.resolve(__dirname)` in its
 * entry (kept as `${global.appRoot}/api/v1/orders/router`, which the resolver reads through the folder the global
 * holds: model/resolve.ts). Express apps that run from another working directory write their requires this way; read
 * as a module chosen at run time, the routers they load lost their mount and the config files their URLs.
 */

/** The prefix of a specifier that starts at a global's folder: `${global.appRoot}/…`. */
export const GLOBAL_DIR_PREFIX = "${global.";

/** The specifier `expr` spells, when it is a literal or one of the paths above; undefined otherwise. */
export function modulePathText(expr: ts.Expression): string | undefined {
  if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return expr.text;
  const built = builtPath(expr);
  if (!built) return undefined;
  const rest = posix.normalize(built.rest.replace(/^\/+/, "")).replace(/^\.\/?$/, "");
  if (built.base === ".") {
    if (rest === "") return ".";
    return rest.startsWith("..") ? rest : `./${rest}`;
  }
  if (rest.startsWith("..")) return undefined;
  return rest === "" ? built.base : `${built.base}/${rest}`;
}

/** `global.appRoot = path.resolve(__dirname)`, `global.__basedir = __dirname`: the global's name and its folder, relative to the file's. */
export function globalDirAssignment(expr: ts.BinaryExpression): { name: string; path: string } | undefined {
  if (expr.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const name = globalName(expr.left);
  if (!name) return undefined;
  const built = builtPath(expr.right);
  if (!built || built.base !== ".") return undefined;
  const rest = posix.normalize(built.rest.replace(/^\/+/, "") || ".");
  return { name, path: rest.startsWith(".") ? rest : `./${rest}` };
}

/** A base folder (`.` for the file's own, or `${global.name}`) and the path written after it. */
interface BuiltPath {
  base: string;
  rest: string;
}

function builtPath(expr: ts.Expression): BuiltPath | undefined {
  while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  const base = basePath(expr);
  if (base !== undefined) return { base, rest: "" };
  if (ts.isTemplateExpression(expr)) {
    if (expr.head.text !== "" || expr.templateSpans.length !== 1) return undefined;
    const span = expr.templateSpans[0]!;
    const inner = builtPath(span.expression);
    return inner ? { base: inner.base, rest: `${inner.rest}${span.literal.text}` } : undefined;
  }
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = builtPath(expr.left);
    const right = literalText(expr.right);
    return left && right !== undefined ? { base: left.base, rest: `${left.rest}${right}` } : undefined;
  }
  if (ts.isCallExpression(expr) && isPathJoin(expr.expression) && expr.arguments.length >= 1) {
    const first = builtPath(expr.arguments[0]!);
    if (!first) return undefined;
    const parts: string[] = [];
    for (const arg of expr.arguments.slice(1)) {
      const text = literalText(arg);
      if (text === undefined) return undefined;
      parts.push(text);
    }
    return { base: first.base, rest: [first.rest, ...parts].filter((p) => p !== "").join("/") };
  }
  return undefined;
}

/** `__dirname`, `import.meta.dirname`, or a global that holds a folder: the base a built path starts from. */
function basePath(expr: ts.Expression): string | undefined {
  if (ts.isIdentifier(expr) && expr.text === "__dirname") return ".";
  if (ts.isPropertyAccessExpression(expr) && expr.name.text === "dirname" && ts.isMetaProperty(expr.expression)) return ".";
  const name = globalName(expr);
  return name ? `${GLOBAL_DIR_PREFIX}${name}}` : undefined;
}

/** `global.appRoot`, `globalThis.appRoot`: the global's name. */
function globalName(expr: ts.Expression): string | undefined {
  if (!ts.isPropertyAccessExpression(expr) || !ts.isIdentifier(expr.expression)) return undefined;
  return expr.expression.text === "global" || expr.expression.text === "globalThis" ? expr.name.text : undefined;
}

/** `path.join`, `path.resolve`, or `join`/`resolve` imported from path. */
function isPathJoin(callee: ts.Expression): boolean {
  if (ts.isPropertyAccessExpression(callee)) return ts.isIdentifier(callee.expression) && callee.expression.text === "path" && /^(join|resolve)$/.test(callee.name.text);
  return ts.isIdentifier(callee) && /^(join|resolve)$/.test(callee.text);
}

function literalText(expr: ts.Expression): string | undefined {
  return ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr) ? expr.text : undefined;
}

/**
 * The folder a module chosen at run time is loaded from, when the path spells it: `path.join(__dirname, version, file)`
 * loads a file two folders' worth of names below the file's own (`{ folder: ".", depth: 2 }`), `` `./routes/${name}` `` and
 * `__dirname + "/routes/" + name` one below ./routes. Undefined when the path starts anywhere else (`require(name)`).
 */
export function runTimeFolder(expr: ts.Expression): { folder: string; depth: number } | undefined {
  while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  if (ts.isCallExpression(expr) && isPathJoin(expr.expression) && expr.arguments.length >= 2) {
    const first = builtPath(expr.arguments[0]!);
    if (!first || first.base !== ".") return undefined;
    const folder = [first.rest];
    let depth = 0;
    for (const arg of expr.arguments.slice(1)) {
      const text = literalText(arg);
      if (text !== undefined && depth === 0) folder.push(text);
      else if (text === undefined) depth++;
    }
    return depth > 0 ? relativeFolder(folder.filter((p) => p !== "").join("/"), depth) : undefined;
  }
  // `./routes/${name}`, `${__dirname}/routes/${name}`, __dirname + "/routes/" + name: the text before the first
  // substitution, up to its last slash, is the folder.
  const pieces = textPieces(expr);
  if (!pieces) return undefined;
  const firstDynamic = pieces.findIndex((piece) => piece === undefined);
  if (firstDynamic <= 0) return undefined;
  const head = pieces.slice(0, firstDynamic).join("");
  if (!head.startsWith(".") && !head.startsWith("/")) return undefined;
  const cut = head.lastIndexOf("/");
  const tail = pieces.slice(firstDynamic).map((piece) => piece ?? "\0").join("");
  const depth = (head.slice(cut + 1) + tail).split("/").filter((part) => part.includes("\0")).length;
  return relativeFolder(head.slice(0, Math.max(0, cut)), Math.max(1, depth));
}

function relativeFolder(path: string, depth: number): { folder: string; depth: number } {
  return { folder: posix.normalize(path.replace(/^\/+/, "") || "."), depth };
}

/** The literal pieces of a path built by `+` or a template (undefined entries for what is chosen at run time); `__dirname` is ".". */
function textPieces(expr: ts.Expression): (string | undefined)[] | undefined {
  while (ts.isParenthesizedExpression(expr)) expr = expr.expression;
  if (basePath(expr) === ".") return ["."];
  const text = literalText(expr);
  if (text !== undefined) return [text];
  if (ts.isTemplateExpression(expr)) {
    const pieces: (string | undefined)[] = [expr.head.text];
    for (const span of expr.templateSpans) pieces.push(...(basePath(span.expression) === "." ? ["."] : [undefined]), span.literal.text);
    return pieces;
  }
  if (ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = textPieces(expr.left);
    const right = textPieces(expr.right);
    return left && right ? [...left, ...right] : undefined;
  }
  return [undefined];
}
