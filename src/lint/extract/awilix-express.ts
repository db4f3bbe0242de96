import { posix } from "node:path";
import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";
import { propertyKey, propertyNamed, withoutAssertions } from "./context.js";
import { decoratorPath, joinRoute, packageDecorators } from "./routing-controllers.js";
import { isProjectSpecifier, pushMount, resolveOwner, routePath } from "./routes.js";

/**
 * awilix-express (and awilix-koa, on awilix-router-core): controller classes whose path is a `@route("/orders")` on the
 * class and `@route("/:id")` on a method (one route per path; none means the class's own path), with the verb as a
 * decorator of its own (`@GET()`, `@POST()`, … `@ALL()`). The classes are mounted by `app.use(loadControllers(glob, {
 * cwd }))` (every class exported by the files the glob names) or `app.use(controller(Orders))` (one class, or a list).
 * The builder form says the same without decorators: `export default createController(Orders).prefix("/orders")
 * .get("/:id", "find").post("", "create")`, each verb naming the class's method; the module's export is then the class.
 * Each route is owned by its class (`class:Name`), handled by its method, as routing-controllers' are.
 */

const MODULES = ["awilix-express", "awilix-koa", "awilix-router-core"];

const VERBS: Record<string, string> = { GET: "GET", POST: "POST", PUT: "PUT", PATCH: "PATCH", DELETE: "DELETE", HEAD: "HEAD", OPTIONS: "OPTIONS", ALL: "ALL" };

export const awilixExpress: Extractor = {
  family: "awilix-express",
  modules: MODULES,
  callProperties: ["use", ...Object.keys(VERBS).map((verb) => verb.toLowerCase())],
  fileEnd(ctx) {
    const made = builderClasses.get(ctx.facts);
    if (made !== undefined && ctx.facts.exports.default !== undefined) ctx.facts.exports = { ...ctx.facts.exports, default: `class:${made}` };
  },
  classDeclaration(node, ctx) {
    if (!node.name) return;
    const className = node.name.text;
    const own = packageDecorators(node, MODULES, ctx).filter((d) => d.name === "route");
    const bases = own.length ? own.map((d) => decoratorPath(d.args[0], ctx)) : [""];
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) || !member.name) continue;
      const decorators = packageDecorators(member, MODULES, ctx);
      const verbs = decorators.filter((d) => VERBS[d.name]);
      if (!verbs.length) continue;
      const paths = decorators.filter((d) => d.name === "route").map((d) => decoratorPath(d.args[0], ctx));
      const methodName = propertyKey(member.name);
      for (const verb of verbs) {
        for (const base of bases) {
          for (const path of paths.length ? paths : [""]) {
            ctx.facts.routes.push({
              framework: "express",
              method: VERBS[verb.name]!,
              path: joinRoute(base, path),
              owner: `class:${className}`,
              ...(methodName ? { handler: `fn:${className}.${methodName}` } : {}),
              location: ctx.loc(verb.node),
            });
          }
        }
      }
    }
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    if (callee.name.text !== "use") {
      builderRoute(node, callee, ctx);
      return;
    }
    const args = [...node.arguments];
    const prefix = args.length > 1 ? (routePath(args[0]!, ctx) ?? "") : "";
    const loader = args[args.length - 1];
    const call = loader && withoutAssertions(loader);
    if (!call || !ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || !ctx.isImportFrom(call.expression, MODULES)) return;
    const imported = ctx.importFact(call.expression.text)?.imported;
    if (imported !== "loadControllers" && imported !== "controller") return;
    // An app this file does not make (`server.getApp().use(...)`): the controllers are still served, at this mount.
    const owner = resolveOwner(callee.expression, ctx) ?? { id: `awilix@L${ctx.loc(node).line}`, known: false };
    if (imported === "controller") {
      const first = call.arguments[0] && withoutAssertions(call.arguments[0]);
      const classes = first && ts.isArrayLiteralExpression(first) ? [...first.elements] : first ? [first] : [];
      for (const element of classes) {
        if (!ts.isIdentifier(element)) continue;
        const bound = ctx.isShadowed(element.text) ? undefined : ctx.imports.get(element.text);
        if (bound) {
          if (isProjectSpecifier(bound.specifier)) pushMount(ctx, node, owner, prefix, { kind: "import", specifier: bound.specifier, name: bound.imported });
        } else pushMount(ctx, node, owner, prefix, { kind: "local", id: `class:${element.text}` });
      }
      return;
    }
    const glob = globOf(call.arguments[0], call.arguments[1], ctx);
    if (glob) ctx.facts.autoloads.push({ parent: owner.id, dir: glob.dir, prefix, location: ctx.loc(node), controllers: { recursive: glob.recursive } });
  },
};

/** `createController(Orders).prefix("/orders").get("/:id", "find")`: one route of the class, handled by the method named. */
function builderRoute(node: ts.CallExpression, callee: ts.PropertyAccessExpression, ctx: ExtractContext): void {
  const method = VERBS[callee.name.text.toUpperCase()];
  if (!method) return;
  const prefixes: string[] = [];
  let receiver: ts.Expression = withoutAssertions(callee.expression);
  // Down the chain to `createController(X)`, keeping the `.prefix(...)` calls on the way.
  while (ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(receiver.expression)) {
    const link = receiver.expression;
    if (link.name.text === "prefix") prefixes.unshift(routePath(receiver.arguments[0]!, ctx) ?? "{?}");
    receiver = withoutAssertions(link.expression);
  }
  if (!ts.isCallExpression(receiver) || !ts.isIdentifier(receiver.expression) || !ctx.isImportFrom(receiver.expression, MODULES, ["createController"])) return;
  const target = receiver.arguments[0] && withoutAssertions(receiver.arguments[0]);
  if (!target || !ts.isIdentifier(target)) return;
  const [pathArg, handlerArg] = node.arguments;
  const handlerName = handlerArg && ts.isStringLiteralLike(handlerArg) ? handlerArg.text : undefined;
  ctx.facts.routes.push({
    framework: "express",
    method,
    path: joinRoute(...prefixes, pathArg ? decoratorPath(pathArg, ctx) : ""),
    owner: `class:${target.text}`,
    ...(handlerName ? { handler: `fn:${target.text}.${handlerName}` } : {}),
    location: ctx.loc(node),
  });
  builderClasses.set(ctx.facts, target.text);
}

/** The class a file's createController chain is made of, so the module's default export (the chain) is that class. */
const builderClasses = new WeakMap<object, string>();

/**
 * `loadControllers("controllers/*.ts", { cwd: __dirname })`: the folder before the first wildcard, from the scan root,
 * and whether the glob reaches into sub-folders. Without `cwd` the glob is read from the process's working directory,
 * taken here as the file's folder too (the entry sits at the service's root or in its src/).
 */
function globOf(patternArg: ts.Expression | undefined, optionsArg: ts.Expression | undefined, ctx: ExtractContext): { dir: string; recursive: boolean } | undefined {
  const pattern = patternArg && routePathText(patternArg);
  if (!pattern || !pattern.includes("*")) return undefined;
  const options = optionsArg && withoutAssertions(optionsArg);
  const cwd = options && ts.isObjectLiteralExpression(options) ? propertyNamed(options, "cwd") : undefined;
  const cwdText = cwd ? cwdOf(cwd) : ".";
  const here = posix.dirname(ctx.file);
  const full = posix.normalize(posix.join(here === "." ? "" : here, cwdText ?? ".", pattern.replace(/^\.\//, ""))).replace(/^\/+/, "");
  const segments = full.split("/");
  const wild = segments.findIndex((segment) => segment.includes("*") || segment.includes("{"));
  return { dir: segments.slice(0, wild).join("/"), recursive: segments.slice(wild, -1).length > 0 || segments[wild] === "**" };
}

/** The glob as written, `__dirname` pieces dropped (they are the file's folder, where the path starts anyway). */
function routePathText(expr: ts.Expression): string | undefined {
  const pieces: string[] = [];
  let other = false;
  const collect = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || node.kind === ts.SyntaxKind.TemplateHead || node.kind === ts.SyntaxKind.TemplateMiddle || node.kind === ts.SyntaxKind.TemplateTail) pieces.push((node as ts.StringLiteral).text);
    else if (ts.isIdentifier(node) && node.text !== "__dirname" && node.text !== "path" && node.text !== "join" && node.text !== "resolve") other = true;
    ts.forEachChild(node, collect);
  };
  collect(withoutAssertions(expr));
  return other && !pieces.length ? undefined : pieces.join("/").replace(/\/+/g, "/");
}

/** `cwd: __dirname` (the file's folder), `cwd: path.join(__dirname, "..")`, or a string relative to it. */
function cwdOf(expr: ts.Expression): string | undefined {
  const value = withoutAssertions(expr);
  if (ts.isIdentifier(value) && value.text === "__dirname") return ".";
  const text = routePathText(value);
  return text === undefined ? undefined : text || ".";
}
