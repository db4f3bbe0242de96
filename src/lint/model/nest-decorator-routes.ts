import type { DecoratorArgFact, DecoratorInput, FileFacts, NestDecoratorRouteFact, NestRouteDecoratorFact, RouteFact } from "../types.js";
import { type ModuleResolver, resolveExport } from "./resolve.js";

/**
 * The routes NestJS controller methods get from route decorators the project composes (`@Endpoint({ type: "Post", path:
 * "register" })` where `Endpoint` returns `applyDecorators(methods[type](path), ...)`, extract/nest-route-decorators.ts):
 * each decorator is read where it is declared, in the file or in the module (or workspace package) it is imported from,
 * and the method and path it gives are filled in with the arguments the controller passes. A decorator that composes no
 * route decorator (`@Roles("admin")`) makes none. Added to the controller file's routes before the model is built.
 */
export function addNestDecoratorRoutes(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver): void {
  for (const f of facts.values()) {
    if (!f.nestDecoratorRoutes?.length) continue;
    const added: RouteFact[] = [];
    for (const pending of f.nestDecoratorRoutes) {
      const declared = declaredDecorator(facts, resolver, f, pending.decorator);
      const route = declared && routeOf(declared, pending);
      if (route) added.push(route);
    }
    // A new list: a file with no routes shares one frozen empty list (extract/empty-facts.ts).
    if (added.length) f.routes = [...f.routes, ...added];
  }
}

function declaredDecorator(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver, f: FileFacts, decorator: NestDecoratorRouteFact["decorator"]): NestRouteDecoratorFact | undefined {
  if (decorator.specifier === undefined) return f.nest.routeDecorators?.[decorator.name];
  const target = resolver.resolve(f.file, decorator.specifier);
  const found = target ? resolveExport(facts, resolver, target, decorator.name) : undefined;
  if (!found) return undefined;
  // `fn:Endpoint`, `var:GetOne`: the name the declaring file gives it.
  const local = found.id.slice(found.id.indexOf(":") + 1);
  return facts.get(found.file)?.nest.routeDecorators?.[local];
}

function routeOf(declared: NestRouteDecoratorFact, pending: NestDecoratorRouteFact): RouteFact | undefined {
  const method = "fixed" in declared.method ? declared.method.fixed : lookUp(declared.method.table, input(pending.args, declared.method.from));
  if (!method) return undefined;
  // Nest's `Get()` and `Get(undefined)` serve the controller's own path; a path the file cannot read is `{?}`.
  let sub = "";
  if (declared.path && "fixed" in declared.path) sub = declared.path.fixed;
  else if (declared.path) {
    const { param, field } = declared.path.from;
    const arg = pending.args[param];
    if (arg && field === undefined) sub = arg.text ?? "{?}";
    else if (arg && field !== undefined) sub = arg.fields ? (arg.fields[field] ?? "") : "{?}";
  }
  return { ...pending.route, method, path: joinPath(pending.base, sub) };
}

function input(args: readonly DecoratorArgFact[], from: DecoratorInput): string | undefined {
  const arg = args[from.param];
  return from.field === undefined ? arg?.text : arg?.fields?.[from.field];
}

function lookUp(table: Readonly<Record<string, string>>, key: string | undefined): string | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

function joinPath(...parts: string[]): string {
  const joined = parts
    .map((p) => p.replace(/^\/+|\/+$/g, ""))
    .filter(Boolean)
    .join("/");
  return `/${joined}`;
}
