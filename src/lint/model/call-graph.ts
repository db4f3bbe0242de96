import type { FileFacts, Location, ModelEdge } from "../types.js";
import { routerUseTargets } from "./router-uses.js";
import { guardLetsThrough } from "./guard-gates.js";
import type { Ctx } from "./context.js";
import { resolveExport } from "./resolve.js";
import { inheritedMethod } from "./inheritance.js";
import { methodOfClassNamedLikeMember } from "./injected-by-name.js";
import { implementerMethod, implementerMethods } from "./implementers.js";
import { constructedMemberClass } from "./constructed-members.js";
import { interfaceHolder } from "./interface-holders.js";
import { PASSPORT_STRATEGY } from "../extract/passport-refs.js";

/**
 * The function call graph: each callee fact resolved to the function it reaches (in its file, through
 * imports and re-exports, inherited methods, a command's handler), as the edges the rules walk.
 */

const functionIdCache = new WeakMap<FileFacts, Set<string>>();
const methodCache = new WeakMap<FileFacts, Map<string, string[]>>();

/** Methods of a file by their own name: `fn:Class.find` and `fn:obj.find` under "find". */
function methodsByName(facts: FileFacts): Map<string, string[]> {
  let index = methodCache.get(facts);
  if (!index) {
    index = new Map();
    for (const fn of facts.functions) {
      const dot = fn.id.lastIndexOf(".");
      if (!fn.id.startsWith("fn:") || dot < 0) continue;
      const name = fn.id.slice(dot + 1);
      const list = index.get(name) ?? [];
      list.push(fn.id);
      index.set(name, list);
    }
    methodCache.set(facts, index);
  }
  return index;
}

const importCache = new WeakMap<FileFacts, Map<string, FileFacts["imports"][number]>>();

/** A file's imports by local name (the first import of a name wins, as a linear search would). */
function importsByLocal(facts: FileFacts): Map<string, FileFacts["imports"][number]> {
  let index = importCache.get(facts);
  if (!index) {
    index = new Map();
    for (const fact of facts.imports) if (!index.has(fact.local)) index.set(fact.local, fact);
    importCache.set(facts, index);
  }
  return index;
}

function functionIds(facts: FileFacts): Set<string> {
  let ids = functionIdCache.get(facts);
  if (!ids) {
    ids = new Set(facts.functions.map((fn) => fn.id));
    functionIdCache.set(facts, ids);
  }
  return ids;
}

function hasFn(target: FileFacts, id: string): boolean {
  return functionIds(target).has(id);
}

/**
 * `prefix.name` as a method of the file, else any method of that name in it, but for the methods of `callerClass`: an
 * object other than `this` in a class's method (`config.get(…)` on an injected parameter) is not that class.
 */
function methodIn(target: FileFacts, prefix: string | undefined, name: string, callerClass?: string): string | undefined {
  if (prefix && hasFn(target, `fn:${prefix}.${name}`)) return `${target.file}#fn:${prefix}.${name}`;
  const methods = methodsByName(target).get(name);
  const any = callerClass === undefined ? methods?.[0] : methods?.find((id) => id !== `fn:${callerClass}.${name}`);
  return any ? `${target.file}#${any}` : undefined;
}

/** Resolves `name` / `object.name` seen in `file` to a global function id. */
/** The services whose code sets `axios.defaults.timeout`, with where: it bounds every axios call the service makes. */
export function axiosDefaultsTimeouts(ctx: Ctx): Map<string, Location> {
  const found = new Map<string, Location>();
  for (const f of ctx.facts.values()) {
    const service = ctx.fileService[f.file];
    if (f.axiosDefaultsTimeout && service !== undefined && !found.has(service)) found.set(service, f.axiosDefaultsTimeout);
  }
  return found;
}

/**
 * A client class of the project that guards every request it makes (create-service's ServiceClient: an opossum
 * breaker around its attempts, an abort signal on each): the module that defines it makes timed requests, and
 * puts something behind a breaker.
 */
export function clientClassGuards(ctx: Ctx, file: string, through: { specifier: string; name: string }): { timeout?: string; breaker?: Location } | undefined {
  const target = ctx.resolver.resolve(file, through.specifier);
  const defined = target ? (resolveExport(ctx.facts, ctx.resolver, target, through.name)?.file ?? target) : undefined;
  const facts = defined ? ctx.facts.get(defined) : undefined;
  if (!facts) return undefined;
  const breaker = facts.breakers?.[0]?.location;
  return { ...(facts.timedRequests ? { timeout: `the timeout of ${through.name} (${facts.file})` } : {}), ...(breaker ? { breaker } : {}) };
}

/**
 * A method declared without a body (`abstract updateStatus(...)` of an abstract class standing for an interface, the
 * port NestJS code injects with `{ provide: OrderRepository, useClass: OrderRepositoryImpl }`): the same method of the
 * one class of the scan that implements or extends that class, which is what runs. Undefined when the method has a
 * body, or when no class, or more than one, provides it.
 */
function adapterOf(ctx: Ctx, id: string): string | undefined {
  const hash = id.indexOf("#fn:");
  const dot = id.lastIndexOf(".");
  if (hash < 0 || dot < hash) return undefined;
  const facts = ctx.facts.get(id.slice(0, hash));
  if (!facts || !bodilessIds(facts).has(id.slice(hash + 1))) return undefined;
  return implementerMethod(ctx, facts.file, id.slice(hash + 4, dot), id.slice(dot + 1), hasFn);
}

/** A method declared without a body (`abstract invoke(x)`): the same method of every class implementing its class; else the method itself. */
function eachImplementation(ctx: Ctx, id: string): string[] {
  const hash = id.indexOf("#fn:");
  const dot = id.lastIndexOf(".");
  if (hash < 0 || dot < hash) return [id];
  const facts = ctx.facts.get(id.slice(0, hash));
  if (!facts || !bodilessIds(facts).has(id.slice(hash + 1))) return [id];
  const all = implementerMethods(ctx, facts.file, id.slice(hash + 4, dot), id.slice(dot + 1), hasFn);
  return all.length ? all : [id];
}

const bodilessCache = new WeakMap<FileFacts, Set<string>>();

/** The ids of a file's functions that only have declarations without a body (an overload's signature beside its body does not count). */
function bodilessIds(facts: FileFacts): Set<string> {
  let ids = bodilessCache.get(facts);
  if (!ids) {
    ids = new Set(facts.functions.filter((fn) => fn.bodiless).map((fn) => fn.id));
    for (const fn of facts.functions) if (!fn.bodiless) ids.delete(fn.id);
    bodilessCache.set(facts, ids);
  }
  return ids;
}

export function resolveRef(ctx: Ctx, file: string, ref: { object?: string; name: string; local?: string; madeBy?: string }, className: string | undefined): string | undefined {
  if (ref.object === PASSPORT_STRATEGY) return passportStrategy(ctx, file, ref.name);
  if (ref.object === "super") {
    // `super.canActivate(context)` in a guard class that extends AuthGuard("jwt"): the strategy runs.
    const strategy = ref.name === "canActivate" && className ? passportGuardOf(ctx, file, className) : undefined;
    return strategy === undefined ? undefined : passportStrategy(ctx, file, strategy);
  }
  const found = resolveRefIn(ctx, file, ref, className);
  if (found !== undefined) return adapterOf(ctx, found) ?? found;
  if (ref.name !== "canActivate" || !ref.object) return found;
  // A guard class with no canActivate of its own that extends @nestjs/passport's AuthGuard("jwt"): that strategy runs.
  const strategy = passportGuardOf(ctx, file, ref.object);
  return strategy === undefined ? undefined : passportStrategy(ctx, file, strategy);
}

function resolveRefIn(ctx: Ctx, file: string, ref: { object?: string; name: string; local?: string; madeBy?: string }, className: string | undefined): string | undefined {
  const { facts, resolver } = ctx;
  const f = facts.get(file);
  if (!f) return undefined;
  if (ref.local) return `${file}#${ref.local}`;
  // const controller = factory.create(); controller.place(): the method of the class the factory returns.
  if (ref.madeBy) {
    const made = madeClassMethod(ctx, file, ref.madeBy, ref.name, className);
    if (made) return made;
  }
  if (!ref.object) {
    if (hasFn(f, `fn:${ref.name}`)) return `${file}#fn:${ref.name}`;
    return resolveImported(ctx, file, f, ref.name);
  }
  if (ref.object === "this") {
    if (!className) return undefined;
    if (hasFn(f, `fn:${className}.${ref.name}`)) return `${file}#fn:${className}.${ref.name}`;
    // this.save() defined by the class's base (class OrderService extends BaseService).
    return f.classBases?.[className] ? inheritedMethod(facts, resolver, file, className, ref.name, hasFn) : undefined;
  }
  if (ref.object.startsWith("this.") || (ref.object.includes(".") && !importsByLocal(f).get(ref.object.slice(0, ref.object.indexOf("."))))) {
    // `constructor(private readonly createOrder: CreateOrderHandler)`: the member's type says its class, whatever its name.
    // `this.member.accessor()`: only what a generic holder's type says it hands back (no guess by the method's name).
    if (ref.object.endsWith("()")) return className === undefined ? undefined : wrappedMemberMethod(ctx, file, f, className, ref.object, ref.name);
    const typed = className === undefined ? undefined : typedMemberMethod(ctx, file, f, className, ref.object, ref.name);
    if (typed) return typed;
    // Typed with a port (an interface two adapters implement): the adapter every `new` of the class hands the member.
    const constructed = className === undefined || !ref.object.startsWith("this.") || ref.object.indexOf(".") !== ref.object.lastIndexOf(".") ? undefined : constructedMemberClass(ctx, file, className, ref.object.slice("this.".length));
    const held = constructed && classMethod(ctx, constructed, ref.name);
    if (held) return held;
    // Named alike but for case and plurals: `orderRepository: OrdersRepository`.
    const alike = (name: string) => name.replace(/^_+/, "").toLowerCase().replace(/s/g, "");
    const member = alike(ref.object.slice(ref.object.lastIndexOf(".") + 1));
    // The imports named like the member, read once: most members are named after no import at all.
    const namedLike = f.imports.filter((imported) => alike(imported.local) === member);
    // `this.configService.get()` with ConfigService imported from @nestjs/config: the package's object, not a class of the
    // project that happens to have a `get` method too.
    if (namedLike.some((imported) => !imported.specifier.startsWith(".") && resolver.resolve(file, imported.specifier) === undefined)) return undefined;
    // this.usersService.find(), deps.service.find(): a method `find` of a class this file imports by name (dependency injection),
    // by a relative path, a tsconfig alias or a path from its baseUrl (`src/users/users.service`): whatever resolves to a file here.
    // The class the member is named after first.
    const named = namedLike[0];
    const byName = named ? [named, ...f.imports.filter((imported) => imported !== named)] : f.imports;
    for (const imported of byName) {
      if (!isProjectSpecifier(imported.specifier)) continue;
      const target = resolver.resolve(file, imported.specifier);
      const targetFacts = target ? facts.get(target) : undefined;
      if (targetFacts && hasFn(targetFacts, `fn:${imported.local}.${ref.name}`)) return `${targetFacts.file}#fn:${imported.local}.${ref.name}`;
      // The class imported through a barrel (`const { OrderRepository } = require("../database")`, which re-exports it).
      const defined = targetFacts && resolveExport(facts, resolver, target!, imported.imported);
      if (!defined || defined.file === target || !defined.id.startsWith("class:")) continue;
      const definedFacts = facts.get(defined.file);
      const className = defined.id.slice("class:".length);
      if (definedFacts && hasFn(definedFacts, `fn:${className}.${ref.name}`)) return `${defined.file}#fn:${className}.${ref.name}`;
    }
    // this.ordersRepository.create() where OrdersRepository (imported by name, the member named after it) inherits create from its base.
    for (const imported of namedLike) {
      if (!isProjectSpecifier(imported.specifier)) continue;
      const target = resolver.resolve(file, imported.specifier);
      const targetFacts = target ? facts.get(target) : undefined;
      if (!targetFacts?.classBases?.[imported.imported]) continue;
      const inherited = inheritedMethod(facts, resolver, targetFacts.file, imported.imported, ref.name, hasFn);
      if (inherited) return inherited;
    }
    // @inject("IFlightClient") private flights: IFlightClient: a type imported from the module that implements it
    // (no value of that name there). The method of that name in such a module, when exactly one has it.
    // Or an interface (`protected publisher: IPublisher`) that one class of the scan implements: that class's method.
    let implemented: string | undefined;
    for (const imported of f.imports) {
      if (!isProjectSpecifier(imported.specifier)) continue;
      const target = resolver.resolve(file, imported.specifier);
      const targetFacts = target ? facts.get(target) : undefined;
      if (!target || resolveExport(facts, resolver, target, imported.imported)) continue;
      const methods = targetFacts && methodsByName(targetFacts).get(ref.name);
      if (methods && methods.length > 1) return undefined;
      const found = methods ? `${targetFacts!.file}#${methods[0]}` : imported.imported !== "*" && imported.imported !== "default" ? implementerMethod(ctx, target, imported.imported, ref.name, hasFn) : undefined;
      if (!found) continue;
      if (implemented && implemented !== found) return undefined;
      implemented = found;
    }
    return implemented ?? methodOfClassNamedLikeMember(ctx, file, ref.object, ref.name);
  }
  if (importsByLocal(f).get(ref.object)) return resolveImported(ctx, file, f, ref.object, ref.name);
  const typed = f.typeImports?.find((imported) => imported.local === ref.object);
  if (typed) return typedParameterMember(ctx, file, typed, ref.name);
  return madeMember(ctx, f, ref.object, ref.name) ?? methodIn(f, ref.object, ref.name, className);
}

/**
 * `this.member.method()` where the class types the member with a class of the project (model: FileFacts.memberTypes):
 * that class's method, its own or inherited. Undefined when the member has no such type or the class no such method.
 */
function typedMemberMethod(ctx: Ctx, file: string, f: FileFacts, className: string, object: string, method: string): string | undefined {
  const member = object.slice("this.".length);
  const typed = f.memberTypes?.[`${className}.${member}`];
  if (!typed || member.includes(".")) return undefined;
  const declared = declaredClass(ctx, file, typed);
  if (declared) return classMethod(ctx, declared, method);
  // Typed with an interface a module of the project declares on its own (`private bus: IBus`, also `export default
  // interface IBus`): the method of the one class that implements it (model/implementers.ts). A module that also holds
  // methods of that name is left to the search by imports (resolveRefIn), which does not guess between them.
  if ("local" in typed || !isProjectSpecifier(typed.specifier)) return undefined;
  const target = ctx.resolver.resolve(file, typed.specifier);
  const targetFacts = target ? ctx.facts.get(target) : undefined;
  if (!targetFacts || methodsByName(targetFacts).has(method)) return undefined;
  return implementerMethod(ctx, target!, typed.name, method, hasFn);
}

/**
 * `this.member.accessor().method()` where the class types the member with a generic class of the project and a class
 * for it to hold (`UseCaseProxy<CreateUserUseCase>`), and the accessor hands back what that type parameter stands for
 * (`getInstance(): T`, extract/class-bases.ts): the method of the class given for that parameter.
 */
function wrappedMemberMethod(ctx: Ctx, file: string, f: FileFacts, className: string, object: string, method: string): string | undefined {
  const access = /^this\.([\w$]+)\.([\w$]+)\(\)$/.exec(object);
  const wrapped = access ? f.wrappedMembers?.[`${className}.${access[1]}`] : undefined;
  if (!wrapped) return undefined;
  const wrapper = declaredClass(ctx, file, wrapped.wrapper);
  const index = wrapper && ctx.facts.get(wrapper.file)?.typeParamAccessors?.[`${wrapper.className}.${access![2]}`];
  const held = index === undefined ? undefined : wrapped.args[index];
  const declared = held ? declaredClass(ctx, file, held) : undefined;
  return declared && classMethod(ctx, declared, method);
}

/**
 * `method` of the class a call returns (`factory.create`, `this.factory.create`, `makeController`, resolved as a call
 * would be): the class its function declares it returns or makes (FunctionFact.returnsClass), its own method or an
 * inherited one. Undefined when the call leads to no function of the project or the function says no class.
 */
function madeClassMethod(ctx: Ctx, file: string, call: string, method: string, className: string | undefined): string | undefined {
  const dot = call.lastIndexOf(".");
  const fnId = resolveRefIn(ctx, file, dot < 0 ? { name: call } : { object: call.slice(0, dot), name: call.slice(dot + 1) }, className);
  if (!fnId) return undefined;
  const hash = fnId.indexOf("#");
  const fnFile = fnId.slice(0, hash);
  const id = fnId.slice(hash + 1);
  const returned = ctx.facts.get(fnFile)?.functions.find((fn) => fn.id === id)?.returnsClass;
  const declared = returned && declaredClass(ctx, fnFile, returned);
  return declared && classMethod(ctx, declared, method);
}

/** The class a type written in this file names, where the project declares it (a package's class is none). */
function declaredClass(ctx: Ctx, file: string, typed: NonNullable<FileFacts["memberTypes"]>[string]): { file: string; className: string } | undefined {
  if ("local" in typed) return { file, className: typed.local };
  if (!isProjectSpecifier(typed.specifier)) return undefined;
  const target = ctx.resolver.resolve(file, typed.specifier);
  const exported = target ? resolveExport(ctx.facts, ctx.resolver, target, typed.name) : undefined;
  return exported?.id.startsWith("class:") ? { file: exported.file, className: exported.id.slice("class:".length) } : undefined;
}

/** A class's method, its own or inherited. */
function classMethod(ctx: Ctx, declared: { file: string; className: string }, method: string): string | undefined {
  const facts = ctx.facts.get(declared.file);
  if (!facts) return undefined;
  if (hasFn(facts, `fn:${declared.className}.${method}`)) return `${facts.file}#fn:${declared.className}.${method}`;
  return facts.classBases?.[declared.className] ? inheritedMethod(ctx.facts, ctx.resolver, facts.file, declared.className, method, hasFn) : undefined;
}

/** A function reached through an import: `local()`, or `local.member()` on an imported object or namespace. */
function resolveImported(ctx: Ctx, file: string, f: FileFacts, local: string, member?: string): string | undefined {
  const imported = importsByLocal(f).get(local);
  if (!imported) return undefined;
  const target = ctx.resolver.resolve(file, imported.specifier);
  if (!target) return undefined;
  // The answer depends only on the module, the binding and the member: `pool.query()` in a
  // thousand files that import the same pool is resolved once.
  let byImported = ctx.importedRefs.get(target);
  if (!byImported) ctx.importedRefs.set(target, (byImported = new Map()));
  let byMember = byImported.get(imported.imported);
  if (!byMember) byImported.set(imported.imported, (byMember = new Map()));
  const key = member ?? "";
  if (byMember.has(key)) return byMember.get(key);
  const found = resolveImportedUncached(ctx, target, imported.imported, member);
  byMember.set(key, found);
  return found;
}

/**
 * A module constant holding a proxy middleware (`export const ordersProxy = createProxyMiddleware(…)`): a route that names
 * it is handled by the proxy, whose forwarding call is the constant's (extract/proxies/common.ts).
 */
function holdsProxy(facts: FileFacts | undefined, id: string): boolean {
  return id.startsWith("const:") && facts !== undefined && facts.calls.some((call) => call.proxy !== undefined && call.inFunction === id);
}

/** A function's id: named (`fn:list`) or, for an anonymous one a module exports (`exports.auth = function () {}`), by position. */
function isFunctionId(id: string | undefined): boolean {
  return id !== undefined && (id.startsWith("fn:") || id.startsWith("fn@"));
}

function resolveImportedUncached(ctx: Ctx, target: string, imported: string, member: string | undefined): string | undefined {
  const { facts, resolver } = ctx;
  if (imported === "*") {
    if (!member) return undefined;
    const found = resolveExport(facts, resolver, target, member);
    return found && isFunctionId(found.id) ? `${found.file}#${found.id}` : undefined;
  }
  const found = resolveExport(facts, resolver, target, imported);
  if (!found) {
    if (!member) return undefined;
    // No value of that name: a type, the parameter's (extract/bound-objects.ts). The member of the object its module builds with it.
    if (imported !== "default") return holderMember(ctx, target, imported, member);
    // const ctrl = require("./ctrl") over `exports.get = async (req, res) => …`: no default export, the
    // module's exports object is what require gives, so ctrl.get is the export named get.
    const property = resolveExport(facts, resolver, target, member);
    return property && isFunctionId(property.id) ? `${property.file}#${property.id}` : undefined;
  }
  if (!member) {
    if (isFunctionId(found.id) || holdsProxy(facts.get(found.file), found.id)) return `${found.file}#${found.id}`;
    // `server.post(path, signInOptions)` with `export const signInOptions = { schema, handler: signIn }` in another module:
    // fastify's route options, whose handler is the route's.
    const holderFacts = found.id.startsWith("const:") ? facts.get(found.file) : undefined;
    return holderFacts ? gatheredMember(ctx, holderFacts, `${found.id.slice("const:".length)}.handler`) : undefined;
  }
  if (found.id === "const:default") {
    // module.exports = { getOrder: async (req, res) => ... }; controller.getOrder: the function under that key,
    // however the object is imported (require, a default import, or by name from a barrel's `export { default as orders }`).
    const property = resolveExport(facts, resolver, found.file, member);
    if (property && isFunctionId(property.id)) return `${property.file}#${property.id}`;
  }
  const targetFacts = facts.get(found.file);
  if (!targetFacts) return undefined;
  const holder = found.id.replace(/^(var|const|class|instance|fn):/, "").replace(/@\d+$/, "");
  const made = found.id.startsWith("const:") || found.id.startsWith("var:") ? madeMember(ctx, targetFacts, holder, member) : undefined;
  if (made) return made;
  const dot = member.indexOf(".");
  if (dot > 0) {
    // `services.auth.signUp` where `services = { auth }` gathers the object another module exports: its member there.
    const gathered = targetFacts.objectMembers?.[`${holder}.${member.slice(0, dot)}`];
    const from = gathered && "specifier" in gathered ? resolver.resolve(targetFacts.file, gathered.specifier) : undefined;
    const found = from && "specifier" in gathered! ? resolveImportedUncached(ctx, from, gathered.imported, member.slice(dot + 1)) : undefined;
    if (found) return found;
  }
  return methodIn(targetFacts, holder, member) ?? (member === "fire" ? firedBreakerIn(ctx, targetFacts, holder) : undefined) ?? gatheredMember(ctx, targetFacts, `${holder}.${member}`);
}

/** `store.record()` on a parameter typed with an interface imported as a type only: see interfaceHolder. */
function typedParameterMember(ctx: Ctx, file: string, typed: NonNullable<FileFacts["typeImports"]>[number], member: string): string | undefined {
  const target = ctx.resolver.resolve(file, typed.specifier);
  if (!target) return undefined;
  const found = resolveExport(ctx.facts, ctx.resolver, target, typed.imported);
  // A class imported as a type: its method.
  if (found?.id.startsWith("class:")) return classMethod(ctx, { file: found.file, className: found.id.slice("class:".length) }, member);
  return found ? undefined : holderMember(ctx, target, typed.imported, member);
}

/** `member` of what implements the interface `name` of `target`: the one class of the scan, or the one object `target` builds. */
function holderMember(ctx: Ctx, target: string, name: string, member: string): string | undefined {
  const implemented = implementerMethod(ctx, target, name, member, hasFn);
  if (implemented) return implemented;
  const targetFacts = ctx.facts.get(target);
  const holder = targetFacts && interfaceHolder(targetFacts, member, hasFn);
  if (holder === undefined) return undefined;
  return hasFn(targetFacts!, `fn:${holder}.${member}`) ? `${target}#fn:${holder}.${member}` : gatheredMember(ctx, targetFacts!, `${holder}.${member}`);
}

/**
 * `producer.send` on `export const producer = createProducer(client)`, the factory returning `{ connect, send }` of
 * functions it defines (FileFacts.returnedMembers): the factory's inner `send`.
 */
function madeMember(ctx: Ctx, holderFacts: FileFacts, holder: string, member: string): string | undefined {
  const result = holderFacts.moduleResults?.find((made) => made.name === holder && made.object === undefined);
  if (!result) return undefined;
  const factory = resolveRefIn(ctx, holderFacts.file, { name: result.callee }, undefined);
  if (!factory) return undefined;
  const hash = factory.indexOf("#");
  const inner = ctx.facts.get(factory.slice(0, hash))?.returnedMembers?.[factory.slice(hash + 1)]?.[member];
  return inner ? `${factory.slice(0, hash)}#${inner}` : undefined;
}

/** `controller.register` on `export const controller = { register }` whose `register` is imported from another module (extract/object-members.ts). */
function gatheredMember(ctx: Ctx, target: FileFacts, key: string): string | undefined {
  const gathered = target.objectMembers?.[key];
  if (!gathered) return undefined;
  if ("fn" in gathered) return `${target.file}#${gathered.fn}`;
  const from = ctx.resolver.resolve(target.file, gathered.specifier);
  return from ? resolveImportedUncached(ctx, from, gathered.imported, undefined) : undefined;
}

/**
 * `userBreaker.fire(id)` on `export const userBreaker = new CircuitBreaker(async (id) => …)` imported from another
 * module: opossum's `fire` runs the function the breaker was made around (extract/breakers.ts keeps the binding).
 */
function firedBreakerIn(ctx: Ctx, target: FileFacts, binding: string): string | undefined {
  const breaker = target.breakers?.find((made) => made.binding === binding);
  return breaker && resolveRef(ctx, target.file, breaker.ref, undefined);
}

/**
 * The function a route with middleware runs (`router.get(path, auth, validate, handler)`): it calls
 * each middleware, then the handler. Not a function of the code, named after the route's place.
 */
export function middlewareChainId(file: string, location: Location): string {
  return `${file}#route@L${location.line}C${location.column}`;
}

/** Edges from a route's middleware chain to each of its functions, in the order they run. */
function middlewareEdges(ctx: Ctx, f: FileFacts, edges: Record<string, ModelEdge[]>): void {
  for (const route of f.routes) {
    if (!route.middleware && !route.madeBy) continue;
    const from = middlewareChainId(f.file, route.location);
    const steps = [...(route.middleware ?? []), { handler: route.handler, handlerRef: route.handlerRef, location: route.location }];
    for (const step of steps) {
      const to = step.handler ? `${f.file}#${step.handler}` : step.handlerRef ? resolveRef(ctx, f.file, step.handlerRef, undefined) : undefined;
      // A NestJS guard that lets this route through by its metadata (`@Public()`) makes none of its calls for it.
      if (to && route.framework === "nest" && guardLetsThrough(ctx, to, route.nestMarks)) continue;
      // Not awaited: a middleware's call before the handler's is not reported as one awaited after another.
      if (to) (edges[from] ??= []).push({ from, to, awaited: false, parallel: false, location: step.location });
      // A router another module exports, used as this route's middleware: the functions it uses for every request.
      else if (step.handlerRef) {
        for (const inner of routerUseTargets(ctx, f.file, step.handlerRef, (file, ref) => resolveRef(ctx, file, ref, undefined))) (edges[from] ??= []).push({ from, to: inner, awaited: false, parallel: false, location: step.location });
      }
    }
  }
}

export function buildEdges(ctx: Ctx): Record<string, ModelEdge[]> {
  const edges: Record<string, ModelEdge[]> = {};
  let asyncFunctions: Set<string> | undefined;
  const isAsync = (id: string): boolean => (asyncFunctions ??= new Set([...ctx.facts.values()].flatMap((f) => f.functions.flatMap((fn) => (fn.async ? [`${f.file}#${fn.id}`] : []))))).has(id);
  for (const f of ctx.facts.values()) {
    if (f.routes.length) middlewareEdges(ctx, f, edges);
    for (const callee of f.callees) {
      // An event applied to an aggregate runs its handler where the aggregate is committed (model/aggregate-commits.ts).
      if (!callee.from || callee.applied) continue;
      const resolved = callee.command ? commandHandler(ctx, f.file, callee.command) : resolveRef(ctx, f.file, callee, callee.className);
      if (!resolved) continue;
      const from = `${f.file}#${callee.from}`;
      // A loop over a list of an abstract class's instances runs the method of each implementation (extract/loop-elements.ts).
      for (const to of callee.each ? eachImplementation(ctx, resolved) : [resolved]) {
        if (from === to) continue;
        const { awaited, parallel, location, after, arms } = callee;
        const edge: ModelEdge = after ? { from, to, awaited, parallel, after: locationKey(after), location } : { from, to, awaited, parallel, location };
        if (arms) edge.arms = arms;
        if ((callee.left && isAsync(to)) || callee.event || callee.deferred) edge.left = true;
        (edges[from] ??= []).push(edge);
      }
    }
  }
  return edges;
}

const commandIndexes = new WeakMap<Ctx, Map<string, string[]>>();

/**
 * The handler method a command or query sent from `file` runs (`commandBus.execute(new PlaceOrder())` → the
 * `execute` of the `@CommandHandler(PlaceOrder)` class): by the command class's name, the handler of the sender's
 * service (or of a library); for a sender no service owns, the only one in the repository.
 */
export function commandHandler(ctx: Ctx, file: string, command: string): string | undefined {
  let index = commandIndexes.get(ctx);
  if (!index) {
    index = new Map();
    for (const f of ctx.facts.values()) for (const handler of f.commandHandlers ?? []) index.set(handler.command, [...(index.get(handler.command) ?? []), `${f.file}#${handler.fn}`]);
    commandIndexes.set(ctx, index);
  }
  const handlers = index.get(command);
  if (!handlers) return undefined;
  const service = ctx.fileService[file];
  const own = handlers.filter((id) => {
    const owner = ctx.fileService[id.slice(0, id.indexOf("#"))];
    return owner === undefined || owner === service;
  });
  // Another service's handler is never run in-process: `this.client.execute(new CreateUser())` there is a message sent
  // to it (a NestJS microservice's `@MessagePattern(CreateUser.name)`), which the messaging model follows instead.
  if (service !== undefined) return own.length === 1 ? own[0] : undefined;
  return own.length === 1 ? own[0] : handlers.length === 1 ? handlers[0] : undefined;
}

/** `file:line:column`: a call's id, and what a callback's edge names as the call it runs after. */
/** A specifier that may name a file of the project (relative, a tsconfig alias, a path from its baseUrl); the resolver, cached by folder, says which do. */
function isProjectSpecifier(specifier: string): boolean {
  return !specifier.startsWith("node:");
}

export function locationKey(location: Location): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/** The passport strategy a guard class of `file` (declared there or imported) runs: `class JwtGuard extends AuthGuard("jwt")`. */
function passportGuardOf(ctx: Ctx, file: string, className: string): string | undefined {
  const f = ctx.facts.get(file);
  const local = f?.passport?.guards?.[className];
  if (local !== undefined) return local;
  const imported = f ? importsByLocal(f).get(className) : undefined;
  const target = imported ? ctx.resolver.resolve(file, imported.specifier) : undefined;
  const defined = target ? resolveExport(ctx.facts, ctx.resolver, target, imported!.imported) : undefined;
  if (!defined?.id.startsWith("class:")) return undefined;
  return ctx.facts.get(defined.file)?.passport?.guards?.[defined.id.slice("class:".length)];
}

const strategiesByCtx = new WeakMap<Ctx, Map<string, { file: string; ref: { handler?: string; handlerRef?: { object?: string; name: string } } }[]>>();

/**
 * The verify function of the passport strategy registered as `name` (extract/passport.ts), for a route of `file`: one
 * the route's own service registers, else the only one the repository registers under that name.
 */
function passportStrategy(ctx: Ctx, file: string, name: string): string | undefined {
  let byName = strategiesByCtx.get(ctx);
  if (!byName) {
    byName = new Map();
    for (const f of ctx.facts.values()) {
      for (const { name: registered, ...ref } of f.passport?.strategies ?? []) byName.set(registered, [...(byName.get(registered) ?? []), { file: f.file, ref }]);
    }
    strategiesByCtx.set(ctx, byName);
  }
  const all = byName.get(name) ?? [];
  const service = ctx.fileService[file];
  const own = all.filter((s) => service !== undefined && ctx.fileService[s.file] === service);
  const chosen = own[0] ?? (all.length === 1 ? all[0] : undefined);
  if (!chosen) return undefined;
  if (chosen.ref.handler) return `${chosen.file}#${chosen.ref.handler}`;
  return chosen.ref.handlerRef ? resolveRefIn(ctx, chosen.file, chosen.ref.handlerRef, undefined) : undefined;
}
