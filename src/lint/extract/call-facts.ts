import { ts } from "../ts.js";
import { madeByCall } from "./returned-class.js";
import type { CalleeFact, FlowArg, Location, UrlArgument, Value } from "../types.js";
import { handlerFields } from "./routes.js";
import { carriesConfiguration, flowArguments } from "./value-flow.js";
import { hasInlineDeadline } from "./call-deadlines.js";
import { ExtractContext, isFunctionLike, propertyNamed, staticText } from "./context.js";
import { classOfInstance, classOfTypedParameter } from "./bound-objects.js";
import { classOfLoopElement } from "./loop-elements.js";
import { SERIES_METHODS, afterCall, stepLocation } from "./continuations.js";
import { positionId } from "./function-ids.js";
import { armsAt } from "./arms.js";
import type { Walker } from "./walk.js";
import { callReference } from "./module-references.js";
import { firedHere, memberInstanceCall, withCallback } from "./http-clients.js";

/** The call graph's facts for one call: who calls what, with which literal, function, URL and flowing arguments. */

/** Calls that never lead anywhere interesting: skipped in the call graph to keep it small. */
/** Members of a dependencies parameter that hold a service object (`deps.service`, `ctx.ordersClient`, `opts.repository`). */
const INJECTED_MEMBER = /(service|client|api|gateway|repository|repo|store|manager|provider|adapter)s?$/i;

/** `fn.call(thisArg, …)`, `fn.apply(thisArg, args)`, a circuit breaker's `breaker.fire(…)`: ways to run the function they hang on. */
const INVOKERS = new Set(["call", "apply", "fire"]);

/** `X.getInstance().method()`: accessors of a singleton, whose methods are X's. */
const SINGLETON_ACCESSORS = new Set(["getInstance", "instance", "getSingleton", "shared"]);

/**
 * The arguments that name a function (a function of the project by name, `x.method.bind(x)`, `this.fetch.bind(this)`,
 * one written inline), by position, or undefined when there is none: what a helper that makes a breaker around its
 * parameter is given (`guarded(charge)`).
 */
function functionArguments(node: ts.CallExpression, ctx: ExtractContext, isFunctionName: (arg: ts.Expression) => boolean): CalleeFact["fnArgs"] {
  let out: CalleeFact["fnArgs"];
  node.arguments.forEach((arg, index) => {
    const named = isFunctionName(arg) || isFunctionLike(arg) || (ts.isCallExpression(arg) && ts.isPropertyAccessExpression(arg.expression) && arg.expression.name.text === "bind");
    if (!named) return;
    const { handler, handlerRef } = handlerFields(arg, ctx);
    const ref = handler ? { name: handler, local: handler } : handlerRef;
    if (ref) (out ??= []).push({ index, ref });
  });
  return out;
}

/** The string-literal arguments of a call (others null), or undefined when there is none: what a helper is told (`send("orders", …)`). */
function literalArguments(node: ts.CallExpression): (string | null)[] | undefined {
  let any = false;
  const out = node.arguments.map((arg) => {
    if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) {
      any = true;
      return arg.text;
    }
    return null;
  });
  return any ? out : undefined;
}

const IGNORED_CALL_OBJECTS = new Set(["console", "JSON", "Math", "Object", "Array", "Number", "String", "Date", "Promise", "res", "reply", "req", "request", "ctx", "c", "logger", "log", "Reflect", "Symbol", "Buffer"]);

/** The placeholder location of a callee fact until `finish` (see Walker.callNodes). */
export const LOCATION_LATER: Location = Object.freeze({ file: "", line: 0, column: 0 });


export function call(w: Walker, node: ts.CallExpression): void {
  const { ctx } = w;
  const callee = node.expression;
  const hooks =
    callee.kind === ts.SyntaxKind.Identifier
      ? w.identifierHooks
      : callee.kind === ts.SyntaxKind.PropertyAccessExpression
        ? // escapedText, not the `text` getter: they differ only for names starting with "__", which no hook wants.
          (w.propertyHooks.get((callee as ts.PropertyAccessExpression).name.escapedText as string) ?? w.anyCallHooks)
        : w.otherCallHooks;
  for (const hook of hooks) hook.call!(node, ctx);
  // this.api(url) on an instance the class holds (extract/http-clients.ts): only in files whose classes hold one.
  if (ctx.clientMembers !== undefined && callee.kind === ts.SyntaxKind.PropertyAccessExpression && (callee as ts.PropertyAccessExpression).expression.kind === ts.SyntaxKind.ThisKeyword) {
    const member = (callee as ts.PropertyAccessExpression).name.text;
    if (ctx.clientMembers.has(member)) memberInstanceCall(node, member, ctx);
  }
  if (callee.kind !== ts.SyntaxKind.PropertyAccessExpression) callReference(node, ctx);
  const from = ctx.currentFunction();
  if (!from) {
    // const chargeBreaker = guarded(charge) at the top of a module: no caller, but `charge` may be put behind a breaker.
    if (ts.isIdentifier(callee) && node.arguments.length && w.callableNames.has(callee.text)) moduleLevelFunctionArguments(w, node, callee);
    // listener.listen(queues, (topic, body) => …) at the top of a module: a subscribe helper handed its handler (model/handed-callbacks.ts).
    else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && node.arguments.length > 1 && ctx.imports.has(callee.expression.text)) moduleLevelMethodArguments(w, node, callee.expression.text, callee.name.text);
    moduleLevelSite(w, node);
    return;
  }
  if (callee.kind === ts.SyntaxKind.PropertyAccessExpression) memberCall(w, node, callee as ts.PropertyAccessExpression, from);
  if (callee.kind === ts.SyntaxKind.PropertyAccessExpression && SERIES_METHODS.has((callee as ts.PropertyAccessExpression).name.escapedText as string)) seriesSteps(w, node, from);
  else if (node.arguments.length) namedCallbacks(w, node, from);
  if (ts.isIdentifier(callee)) {
    // Only names that can lead to another function of the project: imports and module-level functions.
    if (!w.callableNames.has(callee.text) && !ctx.lookupLocal(callee.text)) {
      // `await onMessage(topic, event)` with onMessage a parameter: what the callers pass runs here (model/handed-callbacks.ts).
      const param = ctx.paramRef(callee.text);
      if (param && !param.path) (ctx.facts.paramCalls ??= []).push({ from, fn: param.fn, index: param.index, location: ctx.loc(node) });
      return;
    }
    const fact: CalleeFact = { from, name: callee.text, awaited: ctx.isAwaited(), parallel: ctx.isParallel(), location: LOCATION_LATER };
    // const notify = async () => …, declared inside a function: known by its position, not its name.
    const held = ctx.lookupLocal(callee.text)?.expr;
    if (held && isFunctionLike(held) && ctx.moduleFrame.locals.get(callee.text) !== held) fact.local = positionId(held, ctx);
    if (!fact.awaited && leftHere(node, ctx)) fact.left = true;
    const literals = literalArguments(node);
    if (literals) fact.literalArgs = literals;
    const fnArgs = node.arguments.length ? functionArguments(node, ctx, (arg) => w.isFunctionName(arg)) : undefined;
    if (fnArgs) fact.fnArgs = fnArgs;
    const urlArgs = urlArguments(node, ctx);
    if (urlArgs) fact.urlArgs = urlArgs;
    const flowArgs = flowArguments(node, ctx);
    if (flowArgs) fact.flowArgs = flowArgs;
    const arms = armsAt(ctx);
    if (arms) fact.arms = arms;
    w.callNodes[ctx.facts.callees.push(fact) - 1] = node;
  } else if (ts.isPropertyAccessExpression(callee)) {
    let object = callee.expression;
    let name = callee.name.text;
    let fired = false;
    // orders.create.call(orders, req), controller.list.fire(req, res) (an opossum breaker around each method): the method itself.
    if (INVOKERS.has(name) && ts.isPropertyAccessExpression(object) && ts.isIdentifier(object.expression) && !IGNORED_CALL_OBJECTS.has(object.expression.text)) {
      fired = name === "fire";
      name = object.name.text;
      object = object.expression;
    }
    let objectText: string | undefined;
    let each = false;
    let madeBy: string | undefined;
    if (ts.isIdentifier(object)) {
      objectText = IGNORED_CALL_OBJECTS.has(object.text) ? object.text : (classOfInstance(object.text, ctx) ?? classOfTypedParameter(object.text, ctx));
      // for (const step of this.steps) step.invoke(x): each element's method (extract/loop-elements.ts).
      const element = objectText === undefined ? classOfLoopElement(object.text, ctx) : undefined;
      if (element) each = true;
      // const controller = factory.create(); controller.place(): a method of the class the call returns (extract/returned-class.ts).
      if (objectText === undefined && !element) madeBy = madeByCall(object.text, ctx);
      objectText ??= element ?? object.text;
    }
    // new TicketCreatedPublisher(client).publish(ticket): a method of the class (its own or one it inherits).
    else if (ts.isNewExpression(object) && ts.isIdentifier(object.expression) && isClassHere(object.expression.text, ctx)) objectText = object.expression.text;
    // new ServiceBuilder().setName("orders").useMongo(url): a fluent builder's methods return the builder, so each
    // call down the chain is a method of the class the chain starts from (only a method it has links).
    else if (ts.isCallExpression(object) && (objectText = builderChainClass(object, ctx)) !== undefined) {
      // objectText set by the condition
    }
    else if (object.kind === ts.SyntaxKind.ThisKeyword) objectText = "this";
    // A NestJS guard's own canActivate that calls `super.canActivate(context)`: the passport strategy of its base runs.
    else if (object.kind === ts.SyntaxKind.SuperKeyword && name === "canActivate") objectText = "super";
    else if (ts.isPropertyAccessExpression(object) && object.expression.kind === ts.SyntaxKind.ThisKeyword) objectText = `this.${object.name.text}`;
    // this.createUser.getInstance().execute(dto): a member typed with a generic class (`UseCaseProxy<CreateUserUseCase>`),
    // asked for what it wraps; the model takes the accessor to the class it was given (model/call-graph.ts).
    else if ((objectText = wrappedAccess(object, ctx)) !== undefined) {
      // objectText set by the condition
    }
    // EventSender.getInstance().send(): a singleton's method is the class's (or the module's) own.
    else if (ts.isCallExpression(object) && object.arguments.length === 0 && ts.isPropertyAccessExpression(object.expression) && SINGLETON_ACCESSORS.has(object.expression.name.text) && ts.isIdentifier(object.expression.expression)) {
      objectText = classOfInstance(object.expression.expression.text, ctx) ?? object.expression.expression.text;
    }
    // deps.service.placeOrder(): a service handed to a handler factory in a dependencies object.
    else if (ts.isPropertyAccessExpression(object) && ts.isIdentifier(object.expression) && INJECTED_MEMBER.test(object.name.text) && ctx.paramFrame(object.expression.text)) {
      objectText = `${object.expression.text}.${object.name.text}`;
    }
    // externalService.carService.reserveCar(): a function of an object nested in a module's object (an import or a
    // module constant), named by its path there (`fn:externalService.carService.reserveCar`, extract/function-ids.ts).
    else if (ts.isPropertyAccessExpression(object) && ts.isIdentifier(object.expression) && !ctx.isShadowed(object.expression.text) && (ctx.imports.has(object.expression.text) || isModuleObject(object.expression.text, ctx))) {
      objectText = object.expression.text;
      name = `${object.name.text}.${name}`;
    }
    if (!objectText || IGNORED_CALL_OBJECTS.has(objectText)) return;
    if (name === "fire" && (ts.isIdentifier(object) || isThisMember(object))) firedBreaker(w, node, object, from);
    // `rows.map()`, `app.get()`: a method of a local object links only to a method this file declares
    // (resolvableCallee), and most such calls name none. Where the file's text writes the name nowhere but after a
    // dot, the fact is set aside before its arguments are read; finish() checks the guess, and a file where it was
    // wrong is walked again without guessing (extractFile).
    if (w.unrecorded && !madeBy && ts.isIdentifier(object) && objectText === object.text && objectText !== "this" && !ctx.imports.has(objectText) && !w.mayDeclareMethod(name)) {
      w.unrecorded.push({ from, object: objectText, name, awaited: false, parallel: false, location: LOCATION_LATER });
      return;
    }
    const className = ctx.currentClass();
    const awaited = ctx.isAwaited();
    const parallel = ctx.isParallel();
    const location = LOCATION_LATER;
    // Two literals rather than a spread of an optional field: one of the most frequent facts, same key order.
    const fact: CalleeFact = className
      ? { from, object: objectText, name, className, awaited, parallel, location }
      : { from, object: objectText, name, awaited, parallel, location };
    const literals = literalArguments(node);
    if (literals) fact.literalArgs = literals;
    if (node.arguments.length > 1 && hasInlineDeadline(node.arguments)) fact.deadline = true;
    if (fired) fact.fired = true;
    if (each) fact.each = true;
    if (madeBy) fact.madeBy = madeBy;
    if (!awaited && leftHere(node, ctx)) fact.left = true;
    // bus.consume("orders", async (msg) => …), bus.consume("orders", onOrder): a function handed over, which a subscribe
    // helper may make the handler of the topic its caller names (model/argument-topics.ts).
    if (node.arguments.length > 1 && node.arguments.some((arg) => isFunctionLike(arg) || arg.kind === ts.SyntaxKind.Identifier)) {
      const fnArgs = functionArguments(node, ctx, (arg) => w.isFunctionName(arg));
      if (fnArgs) fact.fnArgs = fnArgs;
    }
    // api.getJson(url), helpers.requestWithRetry({ uri }): a helper of a module the file imports.
    const urlArgs = node.arguments.length && ts.isIdentifier(object) && ctx.imports.has(object.text) ? urlArguments(node, ctx) : undefined;
    if (urlArgs) fact.urlArgs = urlArgs;
    const flowArgs = flowArguments(node, ctx);
    if (flowArgs) fact.flowArgs = flowArgs;
    // auth.verify(token) on `const auth = new AuthClient({ baseUrl: AUTH_URL })`: what the instance was made with.
    // new EventPublisher("refund-made").publish(body): what this `new` passes.
    const receiverArgs = ts.isIdentifier(object) && objectText !== object.text ? instanceArguments(object.text, ctx) : ts.isNewExpression(object) ? flowArguments(object, ctx) : undefined;
    if (receiverArgs) fact.receiverArgs = receiverArgs;
    const arms = armsAt(ctx);
    if (arms) fact.arms = arms;
    w.callNodes[ctx.facts.callees.push(fact) - 1] = node;
  }
}

/** A module-level constant bound to an object literal (`export const externalService = { … }`). */
function isModuleObject(name: string, ctx: ExtractContext): boolean {
  const held = ctx.moduleFrame.locals.get(name);
  return held !== undefined && ts.isObjectLiteralExpression(held);
}

/** A call that is a statement of its own (`notify(order);`, `void notify(order)`), handed no callback that would go on for it. */
function leftHere(node: ts.CallExpression, ctx: ExtractContext): boolean {
  return ctx.stack[ctx.stack.length - 2]?.kind === ts.SyntaxKind.ExpressionStatement ? !withCallback(node, ctx) : firedHere(node, ctx.stack) && !withCallback(node, ctx);
}

/** The arguments of the `new` a local instance was made with (its class known here: see classOfInstance). */
function instanceArguments(name: string, ctx: ExtractContext): (FlowArg | null)[] | undefined {
  const made = ctx.lookupLocal(name)?.expr;
  return made && ts.isNewExpression(made) ? flowArguments(made, ctx) : undefined;
}

/** A class this file imports or declares (what `new Name(...)` makes, when a method is called on it at once). */
/** The class a chain of method calls starts from with `new` (`new X().a().b()` gives X, and `new X()` itself), if the file knows the class. */
function builderChainClass(receiver: ts.Expression, ctx: ExtractContext): string | undefined {
  let root: ts.Expression = receiver;
  for (let depth = 0; depth < 30 && ts.isCallExpression(root) && ts.isPropertyAccessExpression(root.expression); depth++) root = root.expression.expression;
  return ts.isNewExpression(root) && ts.isIdentifier(root.expression) && isClassHere(root.expression.text, ctx) ? root.expression.text : undefined;
}

/** `this.member.accessor()` with no arguments, on a member the current class types with a generic class: `this.member.accessor()`. */
function wrappedAccess(receiver: ts.Expression, ctx: ExtractContext): string | undefined {
  if (!ts.isCallExpression(receiver) || receiver.arguments.length || !ts.isPropertyAccessExpression(receiver.expression)) return undefined;
  const member = receiver.expression.expression;
  if (!ts.isPropertyAccessExpression(member) || member.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const className = ctx.currentClass();
  if (!className || !ctx.facts.wrappedMembers?.[`${className}.${member.name.text}`]) return undefined;
  return `this.${member.name.text}.${receiver.expression.name.text}()`;
}

function isClassHere(name: string, ctx: ExtractContext): boolean {
  return ctx.imports.has(name) || ctx.topLevelClass(name) !== undefined;
}

/** A module-level call of an imported object's method that hands functions over (`bus.listen(queues, onEvent)`). */
function moduleLevelMethodArguments(w: Walker, node: ts.CallExpression, object: string, name: string): void {
  const fnArgs = functionArguments(node, w.ctx, (arg) => w.isFunctionName(arg));
  if (fnArgs) (w.ctx.facts.moduleCalls ??= []).push({ object, name, fnArgs, location: w.ctx.loc(node) });
}

/** A module-level call that hands functions over (see CalleeFact.fnArgs): no edge (no caller), but a breaker a factory makes may be around them. */
export function moduleLevelFunctionArguments(w: Walker, node: ts.CallExpression, callee: ts.Identifier): void {
  const fnArgs = functionArguments(node, w.ctx, (arg) => w.isFunctionName(arg));
  if (fnArgs) (w.ctx.facts.moduleCalls ??= []).push({ name: callee.text, fnArgs, location: w.ctx.loc(node) });
}

/**
 * `breaker.fire(order)` on `const breaker = guarded(charge)`: opossum's `fire` on what a factory of the project made
 * around `charge` runs `charge` behind that breaker (a breaker made here with `new CircuitBreaker` is breakers.ts's).
 */
export function firedBreaker(w: Walker, node: ts.CallExpression, receiver: ts.Identifier | ts.PropertyAccessExpression, from: string): void {
  const { ctx } = w;
  // this.breaker.fire(params) of a class whose field holds the breaker (`private readonly breaker = new CircuitBreaker(fn)`,
  // or a factory of the project, `createCircuitBreaker(async (params) => axios.get(url, { params }))`): the same.
  const made = ts.isIdentifier(receiver) ? ctx.lookupLocal(receiver.text)?.expr : ctx.classField(receiver.name.text);
  const fn = made && (ts.isCallExpression(made) || ts.isNewExpression(made)) ? made.arguments?.[0] : undefined;
  if (!fn) return;
  const { handler, handlerRef } = handlerFields(fn, ctx);
  const ref = handler ? { name: handler, local: handler } : handlerRef;
  if (!ref) return;
  const fact: CalleeFact = { from, ...ref, awaited: ctx.isAwaited(), parallel: ctx.isParallel(), fired: true, location: LOCATION_LATER };
  // breaker.fire(`${POSTS_URL}/posts/${id}`) of `new CircuitBreaker((url) => axios.get(url))`: opossum hands fire's
  // arguments to the function, so a request made with its parameter is made at this call, with this URL (model/calls.ts).
  const urlArgs = urlArguments(node, ctx);
  if (urlArgs) fact.urlArgs = urlArgs;
  w.callNodes[ctx.facts.callees.push(fact) - 1] = node;
}

/**
 * `const app = createGateway({ ordersUrl: process.env.ORDERS_URL })` at module level: no function makes the call, but
 * what it passes is what the callee's parameters hold (model/value-flow.ts), kept only when it passes configuration;
 * the call itself is kept either way: that the service calls a connecting helper at all says it connects
 * (model/connection-arguments.ts).
 */
export function moduleLevelSite(w: Walker, node: ts.CallExpression): void {
  const { ctx } = w;
  const callee = node.expression;
  let ref: { object?: string; name: string } | undefined;
  if (callee.kind === ts.SyntaxKind.Identifier) {
    if (w.callableNames.has((callee as ts.Identifier).text)) ref = { name: (callee as ts.Identifier).text };
  } else if (ts.isPropertyAccessExpression(callee)) {
    // storage.openStore(url) on an imported module, new StoreKit().withMongo(url) down a builder's chain.
    const object = callee.expression;
    const held = ts.isIdentifier(object) && ctx.imports.has(object.text) ? object.text : builderChainClass(object, ctx);
    if (held) ref = { object: held, name: callee.name.text };
  }
  if (!ref) return;
  const flowArgs = flowArguments(node, ctx);
  const fact: CalleeFact = flowArgs?.some(carriesConfiguration) ? { ...ref, awaited: false, parallel: false, flowArgs, location: LOCATION_LATER } : { ...ref, awaited: false, parallel: false, location: LOCATION_LATER };
  w.callNodes[ctx.facts.callees.push(fact) - 1] = node;
}

/**
 * `async.series([loadUser, loadCart])`: steps named rather than written inline run one after
 * another, each after the previous one (inline steps get the same through continuationOf).
 */
export function seriesSteps(w: Walker, node: ts.CallExpression, from: string): void {
  const { ctx } = w;
  const steps = node.arguments[0];
  if (!steps || !ts.isArrayLiteralExpression(steps)) return;
  let previous: ts.Expression | undefined;
  for (const element of steps.elements) {
    if (ts.isIdentifier(element) && (w.callableNames.has(element.text) || ctx.lookupLocal(element.text))) {
      const after = previous ? stepLocation(previous, ctx) : undefined;
      const fact: CalleeFact = after
        ? { from, name: element.text, awaited: false, parallel: false, after, location: LOCATION_LATER }
        : { from, name: element.text, awaited: false, parallel: false, location: LOCATION_LATER };
      w.callNodes[ctx.facts.callees.push(fact) - 1] = element;
    }
    previous = element;
  }
}

/**
 * `fetch(url).then(loadCart)`, `request(url, onUser)`: a function of the project handed to a call by name runs on the
 * caller's behalf, after that call, as one written inline in its place does (walk.ts gives those their edge). Not the
 * handlers a route registration is given (`router.get(path, list)`): those run per request, the route's own.
 */
function namedCallbacks(w: Walker, node: ts.CallExpression, from: string): void {
  const { ctx } = w;
  let registration: boolean | undefined;
  for (const arg of node.arguments) {
    if (!w.isFunctionName(arg)) continue;
    registration ??= isRegistration(node, ctx);
    if (registration) return;
    const { handler, handlerRef } = handlerFields(arg, ctx);
    const ref = handler ? { name: handler, local: handler } : handlerRef;
    if (!ref) continue;
    const after = afterCall(node, arg, ctx, (expr) => w.isFunctionName(expr));
    const parallel = ctx.isParallel();
    const fact: CalleeFact = after ? { from, ...ref, awaited: false, parallel, after, location: LOCATION_LATER } : { from, ...ref, awaited: false, parallel, location: LOCATION_LATER };
    w.callNodes[ctx.facts.callees.push(fact) - 1] = arg;
  }
}

/** `app.get(path, handler)`, `router.use(auth)`, `this.router.post(...)`: a call on an app or router of the file. */
/** Methods of a router that return it, so that registrations chain: `route("/x")`, and each HTTP method's. */
const CHAINED_REGISTRATION = new Set(["route", "get", "post", "put", "patch", "delete", "del", "all", "use", "options", "head"]);

function isRegistration(node: ts.CallExpression, ctx: ExtractContext): boolean {
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  let object = callee.expression;
  // router.route("/x").get(handler), and chained registrations: router.post("/a", create).get("/a", list)
  while (ts.isCallExpression(object) && ts.isPropertyAccessExpression(object.expression) && CHAINED_REGISTRATION.has(object.expression.name.text)) object = object.expression.expression;
  if (ts.isPropertyAccessExpression(object) && object.expression.kind === ts.SyntaxKind.ThisKeyword) return /router|app|server/i.test(object.name.text);
  if (!ts.isIdentifier(object)) return false;
  return ctx.lookupObject(object.text)?.info?.kind === "app" || /^(app|router|server|routes?|fastify)$/i.test(object.text);
}

/**
 * Arguments written as URLs (a string, template or concatenation starting with a scheme, `/`, an env variable or an imported constant):
 * a helper that makes the request with its parameter (`getJson(url)`) calls what its callers pass.
 */
function urlArguments(node: ts.CallExpression, ctx: ExtractContext): UrlArgument[] | undefined {
  let found: UrlArgument[] | undefined;
  node.arguments.forEach((arg, index) => {
    const options = optionsObject(arg, ctx);
    if (options) {
      // requestWithRetry({ method: "POST", uri: `${ORDERS_URL}/orders`, json: true }): the helper's request(options).
      const url = propertyNamed(options, "url") ?? propertyNamed(options, "uri");
      if (!url || !isUrlText(url)) return;
      const value = ctx.value(url);
      if (!looksLikeUrl(value)) return;
      const method = propertyNamed(options, "method");
      const verb = method ? staticText(ctx.value(method)) : undefined;
      (found ??= []).push(verb ? { index, url: value, method: verb.toUpperCase() } : { index, url: value });
      return;
    }
    if (!isUrlText(arg)) return;
    const url = ctx.value(arg);
    if (looksLikeUrl(url)) (found ??= []).push({ index, url });
  });
  return found;
}

/** A string, template or concatenation: how a URL is written. */
function isUrlText(expr: ts.Expression): boolean {
  const concatenated = ts.isBinaryExpression(expr) && expr.operatorToken.kind === ts.SyntaxKind.PlusToken;
  return concatenated || ts.isTemplateExpression(expr) || ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr);
}

/** Starts with a scheme, a `/`, an env variable or an imported constant. */
function looksLikeUrl(url: Value): boolean {
  const first = url.parts[0];
  // `${options.base ?? "http://…"}/x`: the parameter's fallback says what it is.
  const lead = first?.kind === "unknown" && first.fallback ? first.fallback.parts[0] : first;
  return lead !== undefined && (lead.kind === "env" || lead.kind === "import" || (lead.kind === "text" && /^(https?:\/\/|\/)/.test(lead.text)));
}

/** An object literal argument, written in place or held by a local const of the caller. */
function optionsObject(arg: ts.Expression, ctx: ExtractContext): ts.ObjectLiteralExpression | undefined {
  if (ts.isObjectLiteralExpression(arg)) return arg;
  if (!ts.isIdentifier(arg)) return undefined;
  const held = ctx.lookupLocal(arg.text)?.expr;
  return held && ts.isObjectLiteralExpression(held) ? held : undefined;
}

/**
 * `a.b.stub.method()` (not `this.stub.method()`, which its class reads itself) where the file never declares `stub`
 * other than after a dot: a member of an object made elsewhere, possibly a gRPC stub that another class keeps
 * (model/grpc.ts ties it to that class's `grpcStubMembers`). Recorded compactly; most such calls tie to nothing.
 */
function memberCall(w: Walker, node: ts.CallExpression, callee: ts.PropertyAccessExpression, from: string): void {
  const receiver = callee.expression;
  if (receiver.kind !== ts.SyntaxKind.PropertyAccessExpression) return;
  const holder = (receiver as ts.PropertyAccessExpression).expression;
  if (holder.kind === ts.SyntaxKind.ThisKeyword || holder.kind === ts.SyntaxKind.CallExpression) return;
  const member = (receiver as ts.PropertyAccessExpression).name.escapedText as string;
  if (w.mayDeclareMethod(member)) return;
  const { ctx } = w;
  (ctx.facts.memberCalls ??= []).push({ from, member, name: callee.name.text, awaited: ctx.isAwaited(), location: ctx.loc(node) });
}

/** `this.name`: a member of the instance the method runs on. */
function isThisMember(expr: ts.Expression): expr is ts.PropertyAccessExpression {
  return ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword;
}
