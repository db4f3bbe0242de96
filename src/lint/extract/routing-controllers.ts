import { posix } from "node:path";
import { ts } from "../ts.js";
import type { Framework } from "../types.js";
import type { Extractor } from "./extractor.js";
import { ExtractContext, propertyKey, propertyNamed, staticText, withoutAssertions } from "./context.js";
import { assignedObjectId, isProjectSpecifier, pushMount, resolveOwner, routePath, type Owner } from "./routes.js";

/**
 * routing-controllers: controller classes (`@JsonController("/users")`, `@Controller()`) whose methods
 * carry `@Get("/:id")`, `@Post()` … or `@Method("get", "/x")`; each route is owned by its class
 * (`class:Name`). `useExpressServer(app, { routePrefix, controllers })` and `createExpressServer(…)`
 * (Koa's too) mount the listed classes, or every class of the folders their globs name
 * (`__dirname + "/controllers/*.ts"`), under the route prefix.
 */

export const ROUTING_CONTROLLERS = ["routing-controllers"];

const METHOD_DECORATORS: Record<string, string> = { Get: "GET", Post: "POST", Put: "PUT", Patch: "PATCH", Delete: "DELETE", Head: "HEAD", All: "ALL" };

const SERVER_FUNCTIONS = new Set(["useExpressServer", "createExpressServer", "useKoaServer", "createKoaServer"]);

export interface DecoratorCall {
  /** The name the package exports it under (`import { Get as HttpGet }` gives Get). */
  name: string;
  args: readonly ts.Expression[];
  node: ts.Decorator;
}

/** The decorators of a node that come from one of these packages. */
export function packageDecorators(node: ts.Node, modules: readonly string[], ctx: ExtractContext): DecoratorCall[] {
  const decorators = ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined;
  if (!decorators) return [];
  const result: DecoratorCall[] = [];
  for (const decorator of decorators) {
    const expr = decorator.expression;
    const callee = ts.isCallExpression(expr) ? expr.expression : expr;
    if (!ts.isIdentifier(callee)) continue;
    const imported = ctx.imports.get(callee.text);
    if (!imported || !modules.includes(imported.specifier)) continue;
    result.push({ name: imported.imported, args: ts.isCallExpression(expr) ? expr.arguments : [], node: decorator });
  }
  return result;
}

/** Joins path pieces with one slash between them and a leading one: ("/users", ":id") → "/users/:id". */
export function joinRoute(...parts: string[]): string {
  const joined = parts
    .map((part) => part.replace(/^\/+|\/+$/g, ""))
    .filter(Boolean)
    .join("/");
  return `/${joined}`;
}

/** A path argument: a string (or constant) as written, `{?}` for one that does not resolve (a RegExp route). */
export function decoratorPath(expr: ts.Expression | undefined, ctx: ExtractContext): string {
  if (!expr) return "";
  return routePath(expr, ctx) ?? "{?}";
}

/** One route per method decorator of each method of a controller class, owned by the class. */
export function controllerRoutes(node: ts.ClassDeclaration, base: string, framework: Framework, modules: readonly string[], verbs: Record<string, string>, ctx: ExtractContext, methodOf?: (decorator: DecoratorCall) => { method: string; path?: ts.Expression } | undefined): void {
  if (!node.name) return;
  const className = node.name.text;
  for (const member of node.members) {
    if (!ts.isMethodDeclaration(member) || !member.name) continue;
    const methodName = propertyKey(member.name);
    for (const decorator of packageDecorators(member, modules, ctx)) {
      const verb = verbs[decorator.name];
      const custom = verb ? undefined : methodOf?.(decorator);
      if (!verb && !custom) continue;
      const path = joinRoute(base, decoratorPath(verb ? decorator.args[0] : custom!.path, ctx));
      ctx.facts.routes.push({
        framework,
        method: verb ?? custom!.method,
        path,
        owner: `class:${className}`,
        ...(methodName ? { handler: `fn:${className}.${methodName}` } : {}),
        location: ctx.loc(decorator.node),
      });
    }
  }
}

export const routingControllers: Extractor = {
  family: "routing-controllers",
  modules: ROUTING_CONTROLLERS,
  callIdentifiers: true,
  classDeclaration(node, ctx) {
    if (!ctx.importsAny(ROUTING_CONTROLLERS)) return;
    const controller = packageDecorators(node, ROUTING_CONTROLLERS, ctx).find((d) => d.name === "JsonController" || d.name === "Controller");
    if (!controller) return;
    const base = decoratorPath(controller.args[0], ctx);
    controllerRoutes(node, base, "routing-controllers", ROUTING_CONTROLLERS, METHOD_DECORATORS, ctx, (decorator) => {
      // @Method("get", "/x")
      if (decorator.name !== "Method") return undefined;
      const method = staticText(ctx.value(decorator.args[0]));
      return method ? { method: method.toUpperCase(), ...(decorator.args[1] ? { path: decorator.args[1] } : {}) } : undefined;
    });
  },
  factory(expr, ctx) {
    if (!ts.isCallExpression(expr) || !ts.isIdentifier(expr.expression) || !ctx.importsAny(ROUTING_CONTROLLERS)) return undefined;
    const name = expr.expression.text;
    if (name !== "createExpressServer" && name !== "createKoaServer") return undefined;
    if (!ctx.isImportFrom(expr.expression, ROUTING_CONTROLLERS)) return undefined;
    return { kind: "app", framework: name === "createKoaServer" ? "koa" : "express" };
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isIdentifier(callee) || !ctx.importsAny(ROUTING_CONTROLLERS)) return;
    if (!SERVER_FUNCTIONS.has(ctx.imports.get(callee.text)?.imported ?? "")) return;
    if (!ctx.isImportFrom(callee, ROUTING_CONTROLLERS)) return;
    const creates = callee.text.startsWith("create") || ctx.importFact(callee.text)!.imported.startsWith("create");
    const [first, second] = node.arguments;
    const options = creates ? first : second;
    let owner: Owner | undefined;
    if (creates) {
      const id = assignedObjectId(ctx) ?? `rc@L${ctx.loc(node).line}`;
      owner = { id, known: true };
    } else if (first) {
      owner = resolveOwner(first, ctx) ?? { id: `rc@L${ctx.loc(node).line}`, known: false };
    }
    const opts = options && withoutAssertions(options);
    if (!owner || !opts || !ts.isObjectLiteralExpression(opts)) return;
    const prefix = routePath(propertyNamed(opts, "routePrefix"), ctx) ?? "";
    const controllers = propertyNamed(opts, "controllers");
    const list = controllers && withoutAssertions(controllers);
    if (!list || !ts.isArrayLiteralExpression(list)) return;
    for (const element of list.elements) mountController(element, owner, prefix, node, ctx);
  },
};

/** One entry of `controllers: [...]`: a class (imported or of this file) or a glob of files. */
function mountController(element: ts.Expression, owner: Owner, prefix: string, at: ts.Node, ctx: ExtractContext): void {
  if (ts.isIdentifier(element)) {
    const imported = ctx.isShadowed(element.text) ? undefined : ctx.imports.get(element.text);
    if (imported) {
      if (isProjectSpecifier(imported.specifier)) pushMount(ctx, at, owner, prefix, { kind: "import", specifier: imported.specifier, name: imported.imported });
    } else pushMount(ctx, at, owner, prefix, { kind: "local", id: `class:${element.text}` });
    return;
  }
  const glob = globOf(element, ctx);
  if (glob) ctx.facts.autoloads.push({ parent: owner.id, dir: glob.dir, prefix, location: ctx.loc(at), controllers: { recursive: glob.recursive } });
}

/**
 * `__dirname + "/controllers/*.ts"`, `` `${__dirname}/controllers/**\/*.js` ``, `path.join(__dirname, "controllers", "*.ts")`:
 * the folder before the first wildcard, from the scan root (the string pieces taken relative to
 * this file's folder, as `__dirname` is), and whether the glob reaches into sub-folders.
 */
function globOf(expr: ts.Expression, ctx: ExtractContext): { dir: string; recursive: boolean } | undefined {
  const pieces: string[] = [];
  const collect = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || node.kind === ts.SyntaxKind.TemplateHead || node.kind === ts.SyntaxKind.TemplateMiddle || node.kind === ts.SyntaxKind.TemplateTail) pieces.push((node as ts.StringLiteral).text);
    ts.forEachChild(node, collect);
  };
  collect(expr);
  const pattern = pieces.join("/");
  if (!pattern.includes("*")) return undefined;
  const here = posix.dirname(ctx.file);
  const full = posix.normalize(posix.join(here === "." ? "" : here, pattern)).replace(/^\/+/, "");
  const segments = full.split("/");
  const wild = segments.findIndex((segment) => segment.includes("*") || segment.includes("{"));
  return { dir: segments.slice(0, wild).join("/"), recursive: segments.slice(wild, -1).length > 0 || segments[wild] === "**" };
}
