import { ts } from "../ts.js";
import { passportGuardName, PASSPORT_STRATEGY } from "./passport-refs.js";
import type { MiddlewareStep, NestFacts, RequestVersioningKind } from "../types.js";
import type { Extractor } from "./extractor.js";
import { ExtractContext, propertyKey, propertyNamed, staticText } from "./context.js";
import { isProjectSpecifier, routePath } from "./routes.js";
import { guardGate, metadataDecorators, routeMarks } from "./nest-metadata.js";
import { decoratorArg, NEST_METHOD_DECORATORS, patternDecorators, routeDecorators } from "./nest-route-decorators.js";
import { patternValue } from "./messaging/topic.js";

/**
 * NestJS: `@Controller("users")` or `@Controller({ path, version })` with
 * `@Get(":id")`-style method decorators and `@Version("2")`; the global
 * prefix and URI versioning come from `app.setGlobalPrefix()` and
 * `app.enableVersioning()` anywhere in the service, and module paths from
 * `RouterModule.register()` reach a controller through the `@Module` that
 * lists it. All of them are applied in the model, which sees every file.
 */

const NEST_COMMON = ["@nestjs/common"];
const NEST_CORE = ["@nestjs/core"];

const METHOD_DECORATORS = NEST_METHOD_DECORATORS;

/** Parameter decorators that hand a handler the request's own input. */
const INPUT_DECORATORS = new Set(["Query", "Param", "Body"]);

interface DecoratorCall {
  name: string;
  callee: ts.Identifier;
  args: readonly ts.Expression[];
  node: ts.Decorator;
}

/** Decorators by the name their package exports: `import { Post as HttpPost }` gives `Post`. */
function decoratorsOf(node: ts.Node, ctx: ExtractContext): DecoratorCall[] {
  const result: DecoratorCall[] = [];
  const decorators = ts.canHaveDecorators(node) ? ts.getDecorators(node) : undefined;
  for (const decorator of decorators ?? []) {
    const expr = decorator.expression;
    const callee = ts.isCallExpression(expr) && ts.isIdentifier(expr.expression) ? expr.expression : ts.isIdentifier(expr) ? expr : undefined;
    if (!callee) continue;
    const imported = ctx.imports.get(callee.text);
    const name = imported && imported.specifier.startsWith("@nestjs/") && imported.imported !== "default" && imported.imported !== "*" ? imported.imported : callee.text;
    result.push({ name, callee, args: ts.isCallExpression(expr) ? expr.arguments : [], node: decorator });
  }
  return result;
}

/**
 * `@UseGuards(AuthGuard, new RolesGuard())`: each guard's `canActivate` runs before the handler (an auth guard that
 * asks another service about the token makes that call for every route it guards). A guard of this project, or
 * @nestjs/passport's `AuthGuard("jwt")`, which runs the passport strategy registered as "jwt"; another package's
 * guard leads to no code of the repository.
 */
function guardSteps(decorators: readonly DecoratorCall[], ctx: ExtractContext): MiddlewareStep[] {
  const useGuards = decorators.find((d) => d.name === "UseGuards" && ctx.isImportFrom(d.callee, NEST_COMMON, ["UseGuards"]));
  if (!useGuards) return [];
  const steps: MiddlewareStep[] = [];
  for (const arg of useGuards.args) {
    const step = guardStep(arg, ctx);
    if (step) steps.push(step);
  }
  return steps;
}

/** `AuthGuard` or `new AuthGuard(...)` of a class of this project: its `canActivate`. */
function guardStep(arg: ts.Expression, ctx: ExtractContext): MiddlewareStep | undefined {
  // @UseGuards(AuthGuard("jwt")): the passport strategy registered as "jwt" (extract/passport.ts).
  const strategy = passportGuardName(arg, ctx);
  if (strategy !== undefined) return { handlerRef: { object: PASSPORT_STRATEGY, name: strategy }, location: ctx.loc(arg) };
  const target = ts.isNewExpression(arg) ? arg.expression : arg;
  if (!ts.isIdentifier(target)) return undefined;
  const imported = ctx.imports.get(target.text);
  if (imported && !isProjectSpecifier(imported.specifier)) return undefined;
  const local = !imported && ctx.sf.statements.some((st) => ts.isClassDeclaration(st) && st.name?.text === target.text);
  if (!imported && !local) return undefined;
  return local ? { handler: `fn:${target.text}.canActivate`, location: ctx.loc(arg) } : { handlerRef: { object: target.text, name: "canActivate" }, location: ctx.loc(arg) };
}

/** A guard class whose `canActivate` lets routes through by their metadata before doing anything else. */
function recordGuardGate(node: ts.ClassDeclaration, ctx: ExtractContext): void {
  if (!node.name) return;
  const method = node.members.find((m): m is ts.MethodDeclaration => ts.isMethodDeclaration(m) && !!m.name && propertyKey(m.name) === "canActivate");
  const gate = method && guardGate(method, ctx);
  if (gate) (ctx.facts.nest.guardGates ??= {})[`fn:${node.name.text}.canActivate`] = gate;
}

/** `providers: [{ provide: APP_GUARD, useClass: AuthGuard }]`: a guard of every route of the app. */
function recordAppGuards(options: ts.ObjectLiteralExpression, ctx: ExtractContext): void {
  const providers = literalOf(propertyNamed(options, "providers"), ctx);
  if (!providers || !ts.isArrayLiteralExpression(providers)) return;
  for (const element of providers.elements) {
    const provider = unwrap(element);
    if (!ts.isObjectLiteralExpression(provider)) continue;
    const token = propertyNamed(provider, "provide");
    const useClass = propertyNamed(provider, "useClass");
    if (!token || !useClass || !ctx.isImportFrom(token, NEST_CORE, ["APP_GUARD"])) continue;
    const step = guardStep(useClass, ctx);
    if (step) (ctx.facts.nest.globalGuards ??= []).push(step);
  }
}

/**
 * A health controller: named so (`HealthController`, `HealthCheckController`, an app's `AppHealthController`) or
 * given terminus's `HealthCheckService`; every route of it is a probe.
 */
function isHealthController(node: ts.ClassDeclaration, ctx: ExtractContext): boolean {
  if (node.name && /^([A-Z]\w*)?Health(Check)?Controller$/.test(node.name.text)) return true;
  const constructor = node.members.find(ts.isConstructorDeclaration);
  return (constructor?.parameters ?? []).some((p) => p.type !== undefined && ts.isTypeReferenceNode(p.type) && ts.isIdentifier(p.type.typeName) && ctx.isImportFrom(p.type.typeName, ["@nestjs/terminus"], ["HealthCheckService"]));
}

/** `@HealthCheck()` from @nestjs/terminus marks a probe, whatever its path. */
function isHealthCheck(decorator: DecoratorCall, ctx: ExtractContext): boolean {
  return decorator.name === "HealthCheck" && ctx.isImportFrom(decorator.callee, ["@nestjs/terminus"], ["HealthCheck"]);
}

/** `VERSION_NEUTRAL` itself (not in a list of versions, where the concrete ones count). */
function isVersionNeutral(expr: ts.Expression | undefined, ctx: ExtractContext): boolean {
  return expr !== undefined && (ts.isPropertyAccessExpression(expr) || ts.isIdentifier(expr)) && /(^|\.)VERSION_NEUTRAL$/.test(ctx.text(expr));
}

/** The paths `setGlobalPrefix`'s `exclude` lists: strings, or `{ path, method: RequestMethod.GET }`. */
function prefixExcludes(options: ts.Expression | undefined, ctx: ExtractContext): { path: string; method?: string }[] | undefined {
  if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
  const list = propertyNamed(options, "exclude");
  if (!list || !ts.isArrayLiteralExpression(list)) return undefined;
  const out: { path: string; method?: string }[] = [];
  for (const element of list.elements) {
    if (ts.isObjectLiteralExpression(element)) {
      const path = staticText(ctx.value(propertyNamed(element, "path")));
      const method = propertyNamed(element, "method");
      const verb = method && ts.isPropertyAccessExpression(method) ? method.name.text : undefined;
      if (path !== undefined) out.push({ path, ...(verb && verb !== "ALL" ? { method: verb } : {}) });
    } else {
      const path = staticText(ctx.value(element));
      if (path !== undefined) out.push({ path });
    }
  }
  return out;
}

/**
 * A version given as "1", ["1", "2"] or VERSION_NEUTRAL; the first concrete one. One another module's constant holds
 * (`@Version(API_VERSION.V1)` with the enum imported) stays symbolic, as a path does, for the model to read there.
 */
function versionOf(expr: ts.Expression | undefined, ctx: ExtractContext): string | undefined {
  if (!expr) return undefined;
  if (ts.isArrayLiteralExpression(expr)) return versionOf(expr.elements[0], ctx);
  if (ts.isPropertyAccessExpression(expr) || ts.isIdentifier(expr)) {
    const text = ctx.text(expr);
    if (/VERSION_NEUTRAL/.test(text)) return undefined;
  }
  const value = ctx.value(expr);
  const text = staticText(value);
  if (text !== undefined) return text;
  const symbolic = routePath(expr, ctx);
  return symbolic?.includes("${") ? symbolic : undefined;
}

function joinPath(...parts: (string | undefined)[]): string {
  const joined = parts
    .filter((p): p is string => Boolean(p))
    .map((p) => p.replace(/^\/+|\/+$/g, ""))
    .filter(Boolean)
    .join("/");
  return `/${joined}`;
}

/** `VersioningType.HEADER` and its kin; undefined for a type it cannot read. */
function versioningKind(typeText: string): "uri" | RequestVersioningKind | undefined {
  if (/\bURI\b/.test(typeText)) return "uri";
  if (/\bHEADER\b/.test(typeText)) return "header";
  if (/\bMEDIA_TYPE\b/.test(typeText)) return "media-type";
  if (/\bCUSTOM\b/.test(typeText)) return "custom";
  return undefined;
}

/** `routes as const`, `(routes)`, `routes satisfies Routes`: the expression inside. */
function unwrap(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** An array or object literal, also through a local constant (`const routes: Routes = [...]`). */
function literalOf(expr: ts.Expression | undefined, ctx: ExtractContext): ts.Expression | undefined {
  if (!expr) return undefined;
  const inner = unwrap(expr);
  const local = ts.isIdentifier(inner) ? ctx.lookupLocal(inner.text)?.expr : undefined;
  return local ? unwrap(local) : inner;
}

/**
 * RouterModule's route tree, flattened: every module named in it gets its own path after its
 * parents' paths. A module listed bare among `children` takes its parent's path, as in Nest.
 * A path that is not a static string is kept as `{?}` rather than guessed. A list that
 * contains itself (`children: routes` inside `routes`) is followed once, not forever.
 */
function collectModulePaths(tree: ts.Expression | undefined, parentPath: string, ctx: ExtractContext, into: Record<string, string>, open = new Set<ts.Node>()): void {
  const list = literalOf(tree, ctx);
  if (!list || !ts.isArrayLiteralExpression(list) || open.has(list) || open.size > 10) return;
  open.add(list);
  for (const element of list.elements) {
    const route = literalOf(element, ctx);
    if (route && ts.isIdentifier(route)) {
      into[route.text] = parentPath || "/";
      continue;
    }
    if (!route || !ts.isObjectLiteralExpression(route)) continue;
    const path = joinPath(parentPath, staticText(ctx.value(propertyNamed(route, "path"))) ?? "{?}");
    const module = propertyNamed(route, "module");
    if (module && ts.isIdentifier(module)) into[module.text] = path;
    collectModulePaths(propertyNamed(route, "children"), path, ctx, into, open);
  }
  open.delete(list);
}

/** `@Module({ controllers: [OrdersController] })`: the controller classes a module declares. */
function recordModule(node: ts.ClassDeclaration, decorators: DecoratorCall[], ctx: ExtractContext): void {
  // Two @Module decorators on one class (one left over above the other) both set its metadata: each is read.
  for (const module of decorators.filter((d) => d.name === "Module" && ctx.isImportFrom(d.callee, NEST_COMMON, ["Module"]))) recordModuleOptions(node, module, ctx);
}

function recordModuleOptions(node: ts.ClassDeclaration, module: DecoratorCall, ctx: ExtractContext): void {
  const options = module.args[0] && literalOf(module.args[0], ctx);
  if (!node.name || !options || !ts.isObjectLiteralExpression(options)) return;
  const controllers = literalOf(propertyNamed(options, "controllers"), ctx);
  const names = controllers && ts.isArrayLiteralExpression(controllers) ? controllers.elements.filter(ts.isIdentifier).map((element) => element.text) : [];
  if (names.length > 0) ctx.facts.nest.moduleControllers = { ...ctx.facts.nest.moduleControllers, [node.name.text]: names };
  recordHttpBase(options, ctx);
  recordClientModules(options, ctx);
  recordAppGuards(options, ctx);
}

/** `imports: [RmqModule.register({ name: "BILLING" })]` of a project module: see NestFacts.clientModules. */
function recordClientModules(options: ts.ObjectLiteralExpression, ctx: ExtractContext): void {
  const imports = literalOf(propertyNamed(options, "imports"), ctx);
  if (!imports || !ts.isArrayLiteralExpression(imports)) return;
  for (const element of imports.elements) {
    const call = unwrap(element);
    if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || !/^(register|registerAsync|forRoot|forRootAsync|forFeature)$/.test(call.expression.name.text)) continue;
    const holder = call.expression.expression;
    const imported = ts.isIdentifier(holder) && !ctx.isShadowed(holder.text) ? ctx.imports.get(holder.text) : undefined;
    if (!imported || imported.specifier.startsWith("@nestjs/")) continue;
    const settings = call.arguments[0] && literalOf(call.arguments[0], ctx);
    const name = settings && ts.isObjectLiteralExpression(settings) ? propertyNamed(settings, "name") : undefined;
    if (name) (ctx.facts.nest.clientModules ??= []).push({ name: ctx.value(name), specifier: imported.specifier, imported: imported.imported, location: ctx.loc(call) });
  }
}

const NEST_AXIOS = ["@nestjs/axios", "@nestjs/common"];

/**
 * `imports: [HttpModule.register({ baseURL })]` (or `registerAsync({ useFactory: (config) => ({ baseURL }) })`):
 * the module's own HttpService, whose relative calls in its providers and controllers go to that base.
 */
function recordHttpBase(options: ts.ObjectLiteralExpression, ctx: ExtractContext): void {
  const imports = literalOf(propertyNamed(options, "imports"), ctx);
  if (!imports || !ts.isArrayLiteralExpression(imports)) return;
  for (const element of imports.elements) {
    const call = unwrap(element);
    if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || !ctx.isImportFrom(call.expression.expression, NEST_AXIOS, ["HttpModule"])) continue;
    const config = httpModuleConfig(call, ctx);
    const baseUrl = config && propertyNamed(config, "baseURL");
    const timeout = config && (propertyNamed(config, "timeout") ?? propertyNamed(config, "signal"));
    if (!baseUrl && !timeout) continue;
    const classes: NonNullable<NestFacts["httpBases"]>[number]["classes"] = [];
    for (const key of ["providers", "controllers"]) {
      const list = literalOf(propertyNamed(options, key), ctx);
      if (!list || !ts.isArrayLiteralExpression(list)) continue;
      for (const item of list.elements) {
        if (!ts.isIdentifier(item)) continue;
        const imported = ctx.imports.get(item.text);
        classes.push(imported ? { name: item.text, specifier: imported.specifier, imported: imported.imported } : { name: item.text });
      }
    }
    if (classes.length) (ctx.facts.nest.httpBases ??= []).push({ ...(baseUrl ? { base: ctx.value(baseUrl) } : {}), ...(timeout ? { timeout: true as const } : {}), classes });
  }
}

/** The options object of `register({ ... })`, or the one `registerAsync({ useFactory })` returns. */
function httpModuleConfig(call: ts.CallExpression, ctx: ExtractContext): ts.ObjectLiteralExpression | undefined {
  const name = (call.expression as ts.PropertyAccessExpression).name.text;
  const first = literalOf(call.arguments[0], ctx);
  if (!first || !ts.isObjectLiteralExpression(first)) return undefined;
  if (name === "register") return first;
  if (name !== "registerAsync") return undefined;
  const factory = propertyNamed(first, "useFactory");
  if (!factory || !(ts.isArrowFunction(factory) || ts.isFunctionExpression(factory))) return undefined;
  if (ts.isArrowFunction(factory) && !ts.isBlock(factory.body)) {
    const body = unwrap(factory.body);
    return ts.isObjectLiteralExpression(body) ? body : undefined;
  }
  const body = factory.body;
  const returned = body && ts.isBlock(body) ? body.statements.find(ts.isReturnStatement)?.expression : undefined;
  const object = returned && unwrap(returned);
  return object && ts.isObjectLiteralExpression(object) ? object : undefined;
}

export const nest: Extractor = {
  family: "nest",
  callProperties: ["setGlobalPrefix", "enableVersioning", "register", "useGlobalGuards"],
  classDeclaration(node, ctx) {
    const decorators = decoratorsOf(node, ctx);
    if (decorators.length === 0) return;
    recordModule(node, decorators, ctx);
    recordGuardGate(node, ctx);
    // routing-controllers has a @Controller of its own (extract/routing-controllers.ts).
    const controller = decorators.find((d) => d.name === "Controller" && ctx.imports.get(d.callee.text)?.specifier !== "routing-controllers");
    if (!controller || !node.name) return;
    // @Controller(["api/rides", "api/v1/rides"]): the routes are served under each path.
    let bases = [""];
    let classVersion: string | undefined;
    let classNeutral = false;
    const arg = controller.args[0];
    // A path from a constant another module exports (`@Post(ENDPOINTS.signUp)`) stays symbolic: the model reads it there.
    if (arg && ts.isObjectLiteralExpression(arg)) {
      bases = pathsOf(propertyNamed(arg, "path"), ctx, "");
      classVersion = versionOf(propertyNamed(arg, "version"), ctx);
      classNeutral = isVersionNeutral(propertyNamed(arg, "version"), ctx);
    } else if (arg) {
      bases = pathsOf(arg, ctx, "");
    }
    const classVersionDecorator = decorators.find((d) => d.name === "Version");
    classVersion ??= versionOf(classVersionDecorator?.args[0], ctx);
    classNeutral ||= isVersionNeutral(classVersionDecorator?.args[0], ctx);

    const healthController = isHealthController(node, ctx);
    const classGuards = guardSteps(decorators, ctx);
    const classMarks = routeMarks(decorators, ctx);
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) || !member.name) continue;
      const decorators = decoratorsOf(member, ctx);
      const probe = healthController || decorators.some((d) => isHealthCheck(d, ctx));
      const own = decorators.find((d) => d.name === "Version")?.args[0];
      const version = versionOf(own, ctx) ?? (own ? undefined : classVersion);
      const neutral = own ? isVersionNeutral(own, ctx) : classNeutral;
      const methodName = propertyKey(member.name);
      const takesInput = member.parameters.some((parameter) => decoratorsOf(parameter, ctx).some((d) => INPUT_DECORATORS.has(d.name)));
      // @UseGuards on the class runs before the method's own, both before the handler.
      const ownGuards = guardSteps(decorators, ctx);
      const guards = classGuards.length || ownGuards.length ? [...classGuards, ...ownGuards] : undefined;
      const marks = [...classMarks, ...routeMarks(decorators, ctx)];
      for (const decorator of decorators) {
        const method = METHOD_DECORATORS[decorator.name];
        const common = {
          framework: "nest" as const,
          owner: "nest",
          ...(methodName ? { handler: `fn:${node.name.text}.${methodName}` } : {}),
          ...(version ? { version } : {}),
          ...(neutral ? { versionNeutral: true as const } : {}),
          controller: node.name.text,
          ...(probe ? { probe: true as const } : {}),
          ...(takesInput ? { takesInput: true as const } : {}),
          ...(guards ? { middleware: guards } : {}),
          ...(marks.length ? { nestMarks: marks } : {}),
          location: ctx.loc(decorator.node),
        };
        if (method) {
          // @Post(["inbound", "inbound/:secret"]): one route per path, under each of the controller's.
          const subs = decorator.args[0] ? pathsOf(decorator.args[0], ctx, "{?}") : [""];
          for (const base of bases) for (const sub of subs) ctx.facts.routes.push({ ...common, method, path: joinPath(base, sub) });
          continue;
        }
        // A decorator of the project called with arguments may compose a route decorator (`@Endpoint({ type: "Post" })`):
        // the model reads it where it is declared (model/nest-decorator-routes.ts). Nest's own and other packages' are none.
        const imported = ctx.imports.get(decorator.callee.text);
        if (!ts.isCallExpression(decorator.node.expression) || (imported && (imported.specifier.startsWith("@nestjs/") || imported.imported === "*"))) continue;
        for (const base of bases) {
          (ctx.facts.nestDecoratorRoutes ??= []).push({
            decorator: imported ? { name: imported.imported, specifier: imported.specifier } : { name: decorator.callee.text },
            args: decorator.args.map((arg) => decoratorArg(arg, ctx)),
            values: decorator.args.map((arg) => patternValue(arg, ctx)),
            base,
            route: common,
          });
        }
      }
    }
  },
  fileEnd(ctx) {
    const decorators = metadataDecorators(ctx);
    if (decorators) ctx.facts.nest.metadataDecorators = decorators;
    const routes = routeDecorators(ctx);
    if (routes) ctx.facts.nest.routeDecorators = routes;
    const patterns = patternDecorators(ctx);
    if (patterns) ctx.facts.nest.patternDecorators = patterns;
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const name = callee.name.text;
    if (name === "useGlobalGuards") {
      // app.useGlobalGuards(new AuthGuard(reflector)) in main.ts: before every route of the app.
      for (const arg of node.arguments) {
        const step = guardStep(arg, ctx);
        if (step) (ctx.facts.nest.globalGuards ??= []).push(step);
      }
    } else if (name === "register") {
      if (!ctx.isImportFrom(callee.expression, NEST_CORE, ["RouterModule"])) return;
      const paths: Record<string, string> = {};
      collectModulePaths(node.arguments[0], "", ctx, paths);
      ctx.facts.nest.modulePaths = { ...ctx.facts.nest.modulePaths, ...paths };
    } else if (name === "setGlobalPrefix") {
      const value = node.arguments[0] ? ctx.value(node.arguments[0]) : undefined;
      const prefix = value && staticText(value);
      if (prefix !== undefined) ctx.facts.nest.globalPrefix = prefix;
      // A prefix the settings give (`configService.getOrThrow("app.apiPrefix")`, `process.env.API_PREFIX ?? "api"`): the model renders it.
      else if (value?.parts.some((part) => part.kind === "import" || part.kind === "env")) ctx.facts.nest.globalPrefixValue = value;
      const excludes = prefixExcludes(node.arguments[1], ctx);
      if (excludes?.length) ctx.facts.nest.globalPrefixExclude = excludes;
    } else if (name === "enableVersioning") {
      const opts = node.arguments[0] && ts.isObjectLiteralExpression(node.arguments[0]) ? node.arguments[0] : undefined;
      const type = opts ? propertyNamed(opts, "type") : undefined;
      // Without a type, Nest's default is URI versioning.
      const kind = type ? versioningKind(ctx.text(type)) : "uri";
      const defaultVersion = opts ? versionOf(propertyNamed(opts, "defaultVersion"), ctx) : undefined;
      ctx.facts.nest.uriVersioning = undefined;
      ctx.facts.nest.requestVersioning = undefined;
      if (kind === "uri") {
        const prefixExpr = opts ? propertyNamed(opts, "prefix") : undefined;
        const prefix = prefixExpr ? staticText(ctx.value(prefixExpr)) : undefined;
        ctx.facts.nest.uriVersioning = { ...(defaultVersion ? { defaultVersion } : {}), ...(prefix !== undefined ? { prefix } : {}) };
      } else if (kind) {
        ctx.facts.nest.requestVersioning = { kind, ...(defaultVersion ? { defaultVersion } : {}) };
      }
    }
  },
};

/** The paths a Nest decorator argument names: each element of an array (`["orders", "v1/orders"]`), or the one path; `unknown` for one not read. */
function pathsOf(expr: ts.Expression | undefined, ctx: ExtractContext, unknown: string): string[] {
  if (expr && ts.isArrayLiteralExpression(expr)) {
    const paths = expr.elements.filter((e) => !ts.isSpreadElement(e)).map((e) => routePath(e, ctx) ?? unknown);
    return paths.length ? [...new Set(paths)] : [unknown];
  }
  return [(expr && routePath(expr, ctx)) ?? unknown];
}
