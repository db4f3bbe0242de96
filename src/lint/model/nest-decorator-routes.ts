import { posix } from "node:path";
import type { DecoratorArgFact, DecoratorInput, FileFacts, NestDecoratorRouteFact, NestPatternDecoratorFact, NestRouteDecoratorFact, RouteFact, TopicFact, Value, ValuePart } from "../types.js";
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

/**
 * The message handlers NestJS controller methods get from decorators the project composes over Nest's own
 * (`@OnOrderEvent("order.created")` where `OnOrderEvent = (event) => applyDecorators(EventPattern(event), ...)`): each
 * decorator is read where it is declared, and the pattern it gives is made of its fixed parts and the arguments the
 * controller passes. Added to the controller file's topics as `@EventPattern` (`@MessagePattern`) handlers are.
 */
export function addNestPatternDecoratorTopics(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver): void {
  for (const f of facts.values()) {
    if (!f.nestDecoratorRoutes?.length) continue;
    const added: TopicFact[] = [];
    const seen = new Set<string>();
    for (const pending of f.nestDecoratorRoutes) {
      const found = declaredIn(facts, resolver, f, pending.decorator, (nest) => nest.patternDecorators);
      const key = `${pending.route.handler}|${pending.decorator.specifier}|${pending.decorator.name}`;
      if (!found || seen.has(key)) continue;
      seen.add(key);
      const { declared, file } = found;
      const parts: ValuePart[] = [];
      for (const part of declared.pattern) {
        if ("value" in part) parts.push(...movedTo(part.value, file, f.file, resolver).parts);
        else parts.push(...(argumentValue(pending, part.from)?.parts ?? [{ kind: "unknown" as const, hint: "an argument of the decorator" }]));
      }
      added.push({
        ...(declared.system ? { system: declared.system } : { transportFrom: { kind: "nest-server" } }),
        topic: { parts },
        role: "consume",
        ...(declared.requestReply ? { requestReply: true } : {}),
        ...(pending.route.handler ? { inFunction: pending.route.handler } : {}),
        location: pending.route.location,
      });
    }
    if (added.length) f.topics = [...f.topics, ...added];
  }
}

/** The value the controller passes for a decorator's input: the argument, or a field of the object literal passed. */
function argumentValue(pending: NestDecoratorRouteFact, from: DecoratorInput): Value | undefined {
  const value = pending.values?.[from.param];
  if (!value || from.field === undefined) return value;
  const text = pending.args[from.param]?.fields?.[from.field];
  return text === undefined || text === "{?}" ? undefined : { parts: [{ kind: "text", text }] };
}

/** A value the declaring module wrote, as the controller's module would write it: its relative imports re-pointed. */
function movedTo(value: Value, from: string, to: string, resolver: ModuleResolver): Value {
  if (from === to || !value.parts.some((p) => p.kind === "import" && p.specifier.startsWith("."))) return value;
  return {
    parts: value.parts.map((p) => {
      if (p.kind !== "import" || !p.specifier.startsWith(".")) return p;
      const target = resolver.resolve(from, p.specifier);
      if (!target) return p;
      const relative = posix.relative(posix.dirname(to), target).replace(/\.[cm]?[jt]sx?$/, "");
      return { ...p, specifier: relative.startsWith(".") ? relative : `./${relative}` };
    }),
  };
}

function declaredIn<T>(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver, f: FileFacts, decorator: NestDecoratorRouteFact["decorator"], table: (nest: FileFacts["nest"]) => Record<string, T> | undefined): { declared: T; file: string } | undefined {
  if (decorator.specifier === undefined) {
    const declared = table(f.nest)?.[decorator.name];
    return declared ? { declared, file: f.file } : undefined;
  }
  const target = resolver.resolve(f.file, decorator.specifier);
  const found = target ? resolveExport(facts, resolver, target, decorator.name) : undefined;
  if (!found) return undefined;
  const local = found.id.slice(found.id.indexOf(":") + 1);
  const declared = table(facts.get(found.file)?.nest ?? ({} as FileFacts["nest"]))?.[local];
  return declared ? { declared, file: found.file } : undefined;
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
