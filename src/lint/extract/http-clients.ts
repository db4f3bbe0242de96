import { ts } from "../ts.js";
import type { CallClient, HttpCallFact, Value } from "../types.js";
import type { Extractor } from "./extractor.js";
import { ExtractContext, isFunctionLike, joinUrl, normalize, propertyNamed, staticText, textValue, unknownValue, type ObjectInfo } from "./context.js";
import { isRelative } from "./routes.js";
import { isRequire, requireSpecifier } from "./syntax.js";
import { pipedTimeout } from "./call-deadlines.js";
import { timerCancelledToken } from "./cancel-timers.js";
import { armsAt } from "./arms.js";
import { pushTopic } from "./messaging/topic.js";
import { loopUrls } from "./loop-paths.js";

/**
 * Outbound synchronous HTTP calls: fetch, axios (and instances with
 * `baseURL`), got (and `extend({ prefixUrl })`), undici (request, fetch,
 * Pool/Client), node http/https, ky, request and request-promise (and
 * `defaults({ baseUrl })`), superagent, needle, bent, hapi's wreck (and `defaults({ baseUrl })`). The URL is kept symbolic (literal text,
 * env vars, imports) and resolved to a service in the model.
 */

const VERBS = new Set(["get", "post", "put", "delete", "patch", "head", "options"]);
const FETCH_MODULES = ["undici", "node-fetch", "cross-fetch", "isomorphic-fetch"];
const AXIOS = ["axios"];
const GOT = ["got"];
const UNDICI = ["undici"];
const HTTP = ["http", "https", "node:http", "node:https"];
const KY = ["ky"];
const NEST_AXIOS = ["@nestjs/axios"];
/** `request` and the packages that keep its signature: `request(url | options, cb)`, `request.get(...)`. */
const REQUEST = ["request", "request-promise", "request-promise-native", "request-promise-any", "requestretry", "postman-request"];
const SUPERAGENT = ["superagent"];
const NEEDLE = ["needle"];
/** supertest: a testing agent, but `supertest("https://host")` is superagent pointed at a running server by its URL. */
const SUPERTEST = ["supertest"];
/** bent: `bent(base?, method?, encoding?, ...statuses)` returns the request function, `request(path, body?, headers?)`. */
const BENT = ["bent"];
/** hapi's HTTP client: `Wreck.get(url, options)`, `Wreck.request(method, url, options)`, `Wreck.defaults({ baseUrl, timeout })`. */
const WRECK = ["@hapi/wreck", "wreck"];
const BENT_ENCODINGS = new Set(["json", "string", "buffer"]);
/** request's method helpers: `del` is its DELETE. */
const REQUEST_VERBS: Record<string, string> = { get: "GET", post: "POST", put: "PUT", patch: "PATCH", head: "HEAD", del: "DELETE", delete: "DELETE", options: "OPTIONS" };

function methodFromInit(init: ts.Expression | undefined, ctx: ExtractContext, fallback = "GET"): string {
  if (!init || !ts.isObjectLiteralExpression(init)) return fallback;
  const method = propertyNamed(init, "method");
  if (!method) return fallback;
  const text = staticText(ctx.value(method));
  // A method the code picks at run time (`method: req.method` in a proxy helper) is not GET: ALL reaches
  // whichever route of the callee serves the path, as the request does.
  return text ? text.toUpperCase() : "ALL";
}

/** What a call site knows beyond its client, method and URL (see HttpCallFact). */
type CallSite = Pick<HttpCallFact, "instance" | "made" | "nestHttpClass" | "httpServiceClass" | "through" | "typedClient" | "methodRef" | "encore">;

/**
 * `{ method, url }` whose method is a parameter of the function the call is made in (`makeRequest(method, url, data)`):
 * that parameter, so that each caller's literal method is the method of the request it makes.
 */
function methodParamSite(config: ts.ObjectLiteralExpression, ctx: ExtractContext): CallSite {
  const method = propertyNamed(config, "method");
  const only = method && ctx.currentFunction() ? ctx.value(method).parts : [];
  const part = only.length === 1 ? only[0] : undefined;
  return part?.kind === "unknown" && part.ref ? { methodRef: part.ref } : {};
}

export function push(ctx: ExtractContext, node: ts.Node, client: CallClient, method: string, url: Value, site: CallSite = {}): void {
  const loop = loopUrls(url, ctx);
  if (loop) for (const variant of loop.urls) pushOne(ctx, node, client, method, variant, site, loop.concurrent);
  else pushOne(ctx, node, client, method, url, site, false);
}

function pushOne(ctx: ExtractContext, node: ts.Node, client: CallClient, method: string, url: Value, site: CallSite, concurrent: boolean): void {
  const { instance, made, nestHttpClass, httpServiceClass, through, typedClient, methodRef, encore } = site;
  const inFunction = ctx.currentFunction();
  const params = inFunction && url.parts.some((part) => part.kind === "unknown") ? parameterParts(ctx, url) : undefined;
  const urlParam = inFunction ? parameterAtStart(url, ctx) : undefined;
  const arms = inFunction ? armsAt(ctx) : undefined;
  const awaited = ctx.isAwaited();
  const fired = inFunction && !awaited && !withCallback(node, ctx) && firedHere(node, ctx.stack);
  ctx.facts.calls.push({
    client,
    method: method.toUpperCase(),
    url,
    ...(inFunction ? { inFunction } : {}),
    awaited,
    // One call site run for each element of a list by a callback: the runs are not steps one after another.
    parallel: ctx.isParallel() || concurrent,
    ...(instance ? { instance } : {}),
    ...(made ? { made } : {}),
    ...(nestHttpClass ? { nestHttpClass } : {}),
    ...(httpServiceClass ? { httpServiceClass } : {}),
    ...(through ? { through } : {}),
    ...(typedClient ? { typedClient } : {}),
    ...(params?.host !== undefined ? { hostParam: params.host } : {}),
    ...(params?.parts ? { paramParts: params.parts } : {}),
    ...(urlParam !== undefined ? { urlParam } : {}),
    ...(methodRef ? { methodRef } : {}),
    ...(encore ? { encore } : {}),
    ...(arms ? { arms } : {}),
    ...(fired ? { fired: true as const } : {}),
    ...withTimeout(callTimeout(node, ctx)),
    ...daprAppIdOf(node, ctx),
    location: ctx.loc(node),
  });
  daprPublish(ctx, node, url);
}

/** `request(url, (err, res, body) => …)`: the answer goes to a callback, which may well answer the request being handled. */
export function withCallback(node: ts.Node, ctx: ExtractContext): boolean {
  return ts.isCallExpression(node) && node.arguments.some((arg) => isFunctionLike(arg) || (ts.isIdentifier(arg) && (!!ctx.lookupLocalFunction(arg.text) || ctx.moduleFunctions.has(arg.text))));
}

/**
 * A call that is a statement of its own (`axios.post(url, event);`, `void fetch(url);`, or followed only by
 * `.catch(...)`): nothing waits for or reads its answer. The walker's stack holds the node's ancestors, the node last.
 */
export function firedHere(node: ts.Node, stack: readonly ts.Node[]): boolean {
  let index = stack.lastIndexOf(node);
  let at: ts.Node = node;
  for (;;) {
    const parent = stack[index - 1];
    if (!parent) return false;
    if (ts.isExpressionStatement(parent)) return parent.expression === at;
    if (ts.isVoidExpression(parent) || ts.isParenthesizedExpression(parent)) {
      at = parent;
      index--;
      continue;
    }
    // `.catch(handler)` on it: still nobody waits for the answer.
    const grand = stack[index - 2];
    if (ts.isPropertyAccessExpression(parent) && parent.expression === at && parent.name.text === "catch" && grand && ts.isCallExpression(grand) && grand.expression === parent) {
      at = grand;
      index -= 2;
      continue;
    }
    return false;
  }
}

/** Files that name the Dapr sidecar's publish API: only their calls are looked at for it. */
const namesDaprPublish = new WeakMap<ts.SourceFile, boolean>();

/**
 * `POST http://localhost:3500/v1.0/publish/orders-pubsub/order-placed`: the caller's sidecar publishes on the broker its
 * pub/sub component names, an event like any other (dual-write), besides the call to the sidecar itself.
 */
function daprPublish(ctx: ExtractContext, node: ts.Node, url: Value): void {
  let names = namesDaprPublish.get(ctx.sf);
  if (names === undefined) namesDaprPublish.set(ctx.sf, (names = ctx.sf.text.includes("/v1.0/publish/")));
  if (!names) return;
  // The parts after `/v1.0/publish/<pubsub>/`: the topic (a part known at run time stays unknown).
  const at = url.parts.findIndex((part) => part.kind === "text" && part.text.includes("/v1.0/publish/"));
  if (at < 0) return;
  const first = url.parts[at] as { kind: "text"; text: string };
  const after = first.text.slice(first.text.indexOf("/v1.0/publish/") + "/v1.0/publish/".length);
  const rest: Value["parts"] = [...(after ? [{ kind: "text" as const, text: after }] : []), ...url.parts.slice(at + 1)];
  // Skip the pub/sub component's name: up to the first "/" in the text parts.
  const slash = rest.findIndex((part) => part.kind === "text" && part.text.includes("/"));
  if (slash < 0) return;
  const cut = rest[slash] as { kind: "text"; text: string };
  const topicParts: Value["parts"] = [...(cut.text.slice(cut.text.indexOf("/") + 1) ? [{ kind: "text" as const, text: cut.text.slice(cut.text.indexOf("/") + 1) }] : []), ...rest.slice(slash + 1)];
  const topic = normalize(topicParts.map((part) => (part.kind === "text" ? { ...part, text: part.text.split(/[?#]/)[0]! } : part)));
  if (topic.parts.length) pushTopic(ctx, node, "dapr", "produce", topic);
}

/** Files that name Dapr's `dapr-app-id` header somewhere: only their calls are looked at for it. */
const namesDaprHeader = new WeakMap<ts.SourceFile, boolean>();

/**
 * `axios.post(`${DAPR_HOST}:3500/orders`, body, { headers: { "dapr-app-id": "orders" } })`: the app the caller's Dapr
 * sidecar forwards the call to (the options object written at the call or bound to a local before it).
 */
function daprAppIdOf(node: ts.Node, ctx: ExtractContext): { daprAppId?: Value } {
  let names = namesDaprHeader.get(ctx.sf);
  if (names === undefined) namesDaprHeader.set(ctx.sf, (names = ctx.sf.text.includes("dapr-app-id")));
  if (!names || !ts.isCallExpression(node)) return {};
  for (const arg of node.arguments) {
    const options = objectOrValue(arg, ctx);
    const headers = options && ts.isObjectLiteralExpression(options) ? objectOrValue(propertyNamed(options, "headers"), ctx) : undefined;
    const appId = headers && ts.isObjectLiteralExpression(headers) ? propertyNamed(headers, "dapr-app-id") : undefined;
    if (appId) return { daprAppId: ctx.value(appId) };
  }
  return {};
}

/** Options that bound a call's time: axios, got, ky, request, superagent and node http's `timeout`; fetch's AbortSignal; gRPC's `deadline`. */
const TIMEOUT_KEYS = ["timeout", "signal", "deadline"];

/** `{ timeout: true }` when an options object (inline, or a const of the file) sets a timeout. */
function timeoutOf(config: ts.Expression | undefined, ctx: ExtractContext): { timeout?: true } {
  const options = config && objectOrValue(config, ctx);
  return options && ts.isObjectLiteralExpression(options) && TIMEOUT_KEYS.some((key) => propertyNamed(options, key)) ? { timeout: true } : {};
}

function withTimeout(how: string | undefined): { timeout?: string } {
  return how ? { timeout: how } : {};
}

/**
 * What bounds this call's time, as the call site says: a `timeout`/`signal`/`deadline` in one of its options
 * objects, a chained `.timeout(ms)` (superagent, needle), or the instance it is made on (`axios.create({ timeout })`).
 */
function callTimeout(node: ts.Node, ctx: ExtractContext): string | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  for (const arg of node.arguments) {
    const options = objectOrValue(arg, ctx);
    if (!options || !ts.isObjectLiteralExpression(options)) continue;
    const key = TIMEOUT_KEYS.find((name) => propertyNamed(options, name));
    if (key) return key === "signal" ? "an abort signal" : `a ${key} option`;
    // axios's CancelToken, cancelled by a timer: a timeout written by hand.
    const token = propertyNamed(options, "cancelToken");
    if (token && timerCancelledToken(token, ctx.stack, ctx.sf)) return "a cancel token a timer cancels";
  }
  // superagent.get(url).timeout(5000): the chain around the call, innermost first.
  for (let at = ctx.stack.length - 1, inner: ts.Node = node; at > 0; at--) {
    const access = ctx.stack[at - 1];
    const outer = ctx.stack[at - 2];
    if (ctx.stack[at] !== inner || !access || !ts.isPropertyAccessExpression(access) || access.expression !== inner || !outer || !ts.isCallExpression(outer)) break;
    if (access.name.text === "timeout") return "a chained .timeout()";
    inner = outer;
    at--;
  }
  // this.http.get(url).pipe(timeout(3000)): NestJS HttpService returns an Observable.
  const piped = ctx.stack[ctx.stack.length - 1] === node ? pipedTimeout(node, ctx.stack, ctx.stack.length - 1, ctx) : undefined;
  if (piped) return piped;
  const callee = node.expression;
  const receiver = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
  const bound = ts.isIdentifier(receiver)
    ? ctx.lookupObject(receiver.text)
    : ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword
      ? ctx.lookupObject(`this.${receiver.name.text}`)
      : undefined;
  return bound?.info?.kind === "client" && bound.info.timeout ? "the instance's timeout" : undefined;
}

const SCHEME_ONLY = /^[a-z][a-z0-9+.-]*:\/\/$/i;

/**
 * Which parameters of the enclosing function a URL is built from: the one its host comes from (`http://${name}/…`,
 * `${await lookup(name)}/…`), and the parts that are a parameter as they stand (`/${path}`).
 */
function parameterParts(ctx: ExtractContext, url: Value): { host?: number; parts?: Record<number, number> } | undefined {
  let params: ReadonlyMap<string, number> | undefined;
  for (let i = ctx.frames.length - 1; i > 0 && !params; i--) if (ctx.frames[i]!.id) params = ctx.frames[i]!.params;
  if (!params || params.size === 0) return undefined;
  let host: number | undefined;
  let parts: Record<number, number> | undefined;
  let before = "";
  url.parts.forEach((part, index) => {
    if (part.kind === "unknown") {
      const atHost = before === "" || SCHEME_ONLY.test(before);
      const exact = params.get(part.hint);
      if (!atHost && exact !== undefined) (parts ??= {})[index] = exact;
      else if (atHost && host === undefined) host = [...params].find(([name]) => mentions(part.hint, name))?.[1];
    }
    before += part.kind === "text" ? part.text : "x";
  });
  return host === undefined && !parts ? undefined : { ...(host !== undefined ? { host } : {}), ...(parts ? { parts } : {}) };
}

/** `name` as a whole identifier in an expression's text (`await this.lookup(serviceId)` mentions serviceId). */
function mentions(text: string, name: string): boolean {
  let from = 0;
  for (let at = text.indexOf(name, from); at >= 0; at = text.indexOf(name, from)) {
    const prev = text[at - 1];
    const next = text[at + name.length];
    if ((prev === undefined || !/[\w$]/.test(prev)) && (next === undefined || !/[\w$]/.test(next))) return true;
    from = at + 1;
  }
  return false;
}

/** The position of the innermost function's parameter the URL starts with (`axios.get(url)`, `fetch(\`${base}/x\`)`), if it does. */
function parameterAtStart(url: Value, ctx: ExtractContext): number | undefined {
  const first = url.parts[0];
  if (first?.kind !== "unknown") return undefined;
  const param = ctx.paramFrame(first.hint);
  return param && param.frame === ctx.frames[ctx.frames.length - 1] ? param.index : undefined;
}

/**
 * A NestJS HttpService call: the class it is made in (its module's `HttpModule.register({ timeout })` applies), and,
 * for a relative URL, the class whose module's `baseURL` it goes to.
 */
function nestSite(url: Value, ctx: ExtractContext): CallSite {
  const httpServiceClass = ctx.currentClass();
  const nestHttpClass = relativeNestCallClass(url, ctx);
  return { ...(httpServiceClass ? { httpServiceClass } : {}), ...(nestHttpClass ? { nestHttpClass } : {}) };
}

/** The class of a NestJS HttpService call whose URL is a path (`/orders/1`): its module's `HttpModule.register({ baseURL })` says where it goes. */
function relativeNestCallClass(url: Value, ctx: ExtractContext): string | undefined {
  const first = url.parts[0];
  return first?.kind === "text" && first.text.startsWith("/") ? ctx.currentClass() : undefined;
}

/** `{ url, baseURL, method }` config objects (axios, undici pool.request). */
function fromConfig(config: ts.ObjectLiteralExpression, ctx: ExtractContext, base?: Value): { url: Value; method: string } {
  const url = propertyNamed(config, "url") ?? propertyNamed(config, "path");
  const baseUrl = propertyNamed(config, "baseURL") ?? propertyNamed(config, "origin");
  let value = url ? ctx.value(url) : textValue("");
  const effectiveBase = baseUrl ? ctx.value(baseUrl) : base;
  if (effectiveBase) value = joinUrl(effectiveBase, value);
  return { url: value, method: methodFromInit(config, ctx) };
}

/** axios verbs whose second argument is the body; their config comes third. */
const BODY_VERBS = new Set(["post", "put", "patch"]);

/**
 * The `baseURL` of the config an axios-style call is given with (`http.get("/x", { baseURL })`,
 * `axios.post("/x", body, { baseURL })`), written there or bound to a local object just before. It wins over
 * the instance's, as in axios.
 */
function callBase(node: ts.CallExpression, verb: string | undefined, ctx: ExtractContext): Value | undefined {
  const config = objectOrValue(node.arguments[verb && BODY_VERBS.has(verb) ? 2 : 1], ctx);
  if (!config || !ts.isObjectLiteralExpression(config)) return undefined;
  const base = propertyNamed(config, "baseURL");
  return base ? ctx.value(base) : undefined;
}

/** The URL of an axios-style call: the first argument, joined to the call's own baseURL, else to the instance's. */
function axiosUrl(node: ts.CallExpression, first: ts.Expression, verb: string | undefined, ctx: ExtractContext, instanceBase?: Value): Value {
  const base = callBase(node, verb, ctx) ?? instanceBase;
  return base ? joinUrl(base, ctx.value(first)) : ctx.value(first);
}

/** request's options: `{ url | uri, baseUrl, method, qs }`; the URL may also be the first argument. */
function fromRequestOptions(options: ts.ObjectLiteralExpression, ctx: ExtractContext, base?: Value, method?: string): { url: Value; method: string } {
  const url = propertyNamed(options, "url") ?? propertyNamed(options, "uri");
  const baseUrl = propertyNamed(options, "baseUrl");
  let value = url ? ctx.value(url) : textValue("");
  const effectiveBase = baseUrl ? ctx.value(baseUrl) : base;
  if (effectiveBase) value = joinUrl(effectiveBase, value);
  return { url: value, method: method ?? methodFromInit(options, ctx) };
}

/** `request(url)`, `request(url, options, cb)`, `request(options, cb)` and the verb helpers. */
function requestCall(node: ts.CallExpression, ctx: ExtractContext, method: string | undefined, base?: Value): void {
  const first = objectOrValue(node.arguments[0], ctx);
  const second = objectOrValue(node.arguments[1], ctx);
  if (!first) return;
  if (ts.isObjectLiteralExpression(first)) {
    const { url, method: chosen } = fromRequestOptions(first, ctx, base, method);
    push(ctx, node, "request", chosen, url);
    return;
  }
  const url = base ? joinUrl(base, ctx.value(first)) : ctx.value(first);
  push(ctx, node, "request", method ?? (second && ts.isObjectLiteralExpression(second) ? methodFromInit(second, ctx) : "GET"), url);
}

/** An options object written before the call: `const options = { uri, method }; request(options, cb)`. */
function objectOrValue(expr: ts.Expression | undefined, ctx: ExtractContext): ts.Expression | undefined {
  if (!expr || !ts.isIdentifier(expr)) return expr;
  const local = ctx.lookupLocal(expr.text)?.expr;
  return local && ts.isObjectLiteralExpression(local) ? local : expr;
}

/** node http.request(options): protocol, hostname/host, port, path. */
function fromHttpOptions(config: ts.ObjectLiteralExpression, ctx: ExtractContext, protocol: string): Value {
  const parts: Value["parts"] = [];
  const proto = propertyNamed(config, "protocol");
  parts.push(...(proto ? ctx.value(proto).parts : [{ kind: "text" as const, text: `${protocol}:` }]), { kind: "text", text: "//" });
  const host = propertyNamed(config, "hostname") ?? propertyNamed(config, "host");
  parts.push(...(host ? ctx.value(host).parts : [{ kind: "text" as const, text: "localhost" }]));
  const port = propertyNamed(config, "port");
  if (port) parts.push({ kind: "text", text: ":" }, ...ctx.value(port).parts);
  const path = propertyNamed(config, "path");
  if (path) parts.push(...ctx.value(path).parts);
  return normalize(parts);
}

function isBent(expr: ts.Expression, ctx: ExtractContext): boolean {
  return ts.isIdentifier(expr) && ctx.isImportFrom(expr, BENT, ["default"]);
}

/**
 * What `bent(...)` is told, in any order: a method (`"POST"`), an encoding (`"json"`), status codes, headers (an object),
 * and a base URL: any other string, or a value that starts with an env var or `http`.
 */
function bentClient(call: ts.CallExpression, ctx: ExtractContext): { kind: "client"; client: CallClient; base?: Value; method?: string } {
  let base: Value | undefined;
  let method: string | undefined;
  for (const arg of call.arguments) {
    if (ts.isNumericLiteral(arg) || ts.isObjectLiteralExpression(arg)) continue;
    const value = ctx.value(arg);
    const text = staticText(value);
    if (text !== undefined && BENT_ENCODINGS.has(text)) continue;
    if (text !== undefined && /^[A-Z]+$/.test(text)) method = text;
    else if (ts.isStringLiteralLike(arg) || ts.isTemplateExpression(arg) || startsLikeUrl(value)) base = value;
  }
  return { kind: "client", client: "bent", ...(base ? { base } : {}), ...(method ? { method } : {}) };
}

function startsLikeUrl(value: Value): boolean {
  const first = value.parts[0];
  return first?.kind === "env" || (first?.kind === "text" && /^https?:\/\//.test(first.text));
}

function isGlobalFetch(callee: ts.Expression, ctx: ExtractContext): boolean {
  if (!ts.isIdentifier(callee) || callee.text !== "fetch") {
    return (
      ts.isPropertyAccessExpression(callee) &&
      callee.name.text === "fetch" &&
      ts.isIdentifier(callee.expression) &&
      /^(globalThis|window|self)$/.test(callee.expression.text) &&
      !ctx.isShadowed(callee.expression.text) &&
      !ctx.moduleFrame.locals.has(callee.expression.text)
    );
  }
  // A fetch of the file's own (a parameter, a local, a module-level function or variable) is not the global one.
  if (ctx.isShadowed("fetch") || ctx.moduleFunctions.has("fetch") || ctx.moduleFrame.locals.has("fetch")) return false;
  const imported = ctx.imports.get("fetch");
  return !imported || FETCH_MODULES.includes(imported.specifier);
}

export const httpClients: Extractor = {
  family: "http-clients",
  callProperties: [...VERBS, "request", "fetch", "del"],
  callIdentifiers: true,
  // bent("json")(url): a call of a call.
  callOthers: true,
  factory(expr, ctx) {
    if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression)) {
      const target = expr.expression;
      const config = expr.arguments[0];
      if (target.name.text === "create" && ctx.isImportFrom(target.expression, AXIOS, ["default", "*"])) {
        const base = config && ts.isObjectLiteralExpression(config) ? propertyNamed(config, "baseURL") : undefined;
        return { kind: "client", client: "axios", ...(base ? { base: ctx.value(base) } : {}), ...timeoutOf(config, ctx) };
      }
      if ((target.name.text === "extend" || target.name.text === "create") && (ctx.isImportFrom(target.expression, GOT) || ctx.isImportFrom(target.expression, KY))) {
        const base = config && ts.isObjectLiteralExpression(config) ? propertyNamed(config, "prefixUrl") : undefined;
        const client = ctx.isImportFrom(target.expression, GOT) ? "got" : "ky";
        return { kind: "client", client, ...(base ? { base: ctx.value(base) } : {}), ...timeoutOf(config, ctx) };
      }
    }
    if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === "defaults" && ctx.isImportFrom(expr.expression.expression, REQUEST, ["default"])) {
      const config = expr.arguments[0];
      const base = config && ts.isObjectLiteralExpression(config) ? propertyNamed(config, "baseUrl") : undefined;
      return { kind: "client", client: "request", ...(base ? { base: ctx.value(base) } : {}), ...timeoutOf(config, ctx) };
    }
    if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression) && expr.expression.name.text === "defaults" && ctx.isImportFrom(expr.expression.expression, WRECK, ["default", "*"])) {
      const config = expr.arguments[0];
      const base = config && ts.isObjectLiteralExpression(config) ? propertyNamed(config, "baseUrl") : undefined;
      return { kind: "client", client: "wreck", ...(base ? { base: ctx.value(base) } : {}), ...timeoutOf(config, ctx) };
    }
    if (ts.isCallExpression(expr) && isBent(expr.expression, ctx)) return bentClient(expr, ctx);
    if (ts.isNewExpression(expr) && (ctx.isMemberOf(expr.expression, UNDICI, "Pool") || ctx.isMemberOf(expr.expression, UNDICI, "Client"))) {
      const origin = expr.arguments?.[0];
      return { kind: "client", client: "undici", base: origin ? ctx.value(origin) : unknownValue("origin"), origin: true };
    }
    return undefined;
  },
  call(node, ctx) {
    const callee = aliasOf(node.expression, ctx);
    const [first, second] = node.arguments;
    // A client class's own request (`this.fetch(url, { signal: AbortSignal.timeout(ms) })`): its calls have a timeout.
    if (!ctx.facts.timedRequests && ts.isPropertyAccessExpression(callee) && isOnThis(callee.expression) && (callee.name.text === "fetch" || callee.name.text === "request") && callTimeout(node, ctx)) ctx.facts.timedRequests = true;

    if (isGlobalFetch(callee, ctx)) {
      if (!first) return;
      push(ctx, node, ctx.imports.get("fetch")?.specifier === "undici" ? "undici" : "fetch", methodFromInit(second, ctx), ctx.value(first));
      return;
    }

    // bent("json")(url): the request function made and called at once.
    if (ts.isCallExpression(callee) && isBent(callee.expression, ctx)) {
      const made = bentClient(callee, ctx);
      if (first) push(ctx, node, "bent", made.method ?? "GET", made.base ? joinUrl(made.base, ctx.value(first)) : ctx.value(first));
      return;
    }

    // axios(url | config), got(url, opts), ky(url), undici request(url)
    if (ts.isIdentifier(callee)) {
      if (ctx.isImportFrom(callee, AXIOS, ["default"])) {
        // axios(config), the config written in place or bound to a local just before (`const config = { method, url }`).
        const config = objectOrValue(first, ctx);
        if (config && ts.isObjectLiteralExpression(config)) {
          const { url, method } = fromConfig(config, ctx);
          push(ctx, node, "axios", method, url, methodParamSite(config, ctx));
        } else if (first) push(ctx, node, "axios", methodFromInit(second, ctx), axiosUrl(node, first, undefined, ctx));
        return;
      }
      if (ctx.isImportFrom(callee, GOT, ["default", "got"]) || ctx.isImportFrom(callee, KY, ["default"])) {
        if (first) push(ctx, node, ctx.isImportFrom(callee, GOT, ["default", "got"]) ? "got" : "ky", methodFromInit(second, ctx), ctx.value(first));
        return;
      }
      if (ctx.isImportFrom(callee, UNDICI, ["request"])) {
        if (first) push(ctx, node, "undici", methodFromInit(second, ctx), ctx.value(first));
        return;
      }
      if (ctx.isImportFrom(callee, REQUEST, ["default"])) {
        requestCall(node, ctx, undefined);
        return;
      }
      // superagent("GET", url), needle("get", url, data)
      if (ctx.isImportFrom(callee, SUPERAGENT, ["default"]) || ctx.isImportFrom(callee, NEEDLE, ["default"])) {
        const client = ctx.isImportFrom(callee, SUPERAGENT, ["default"]) ? "superagent" : "needle";
        const verb = first && staticText(ctx.value(first));
        if (second && verb && /^[a-z]+$/i.test(verb)) push(ctx, node, client, verb, ctx.value(second));
        else if (first && client === "superagent" && !second) push(ctx, node, client, "GET", ctx.value(first));
        return;
      }
      if (ctx.isImportFrom(callee, HTTP, ["request", "get"])) {
        httpCall(node, ctx, callee.text === "get" ? "GET" : undefined, ctx.importFact(callee.text)!.specifier);
        return;
      }
      const bound = ctx.lookupObject(callee.text);
      if (bound?.info?.kind === "client" && bound.info.client === "request") {
        requestCall(node, ctx, undefined, bound.info.base);
        return;
      }
      if (bound?.info?.kind === "client" && bound.info.client === "bent") {
        // A bent function: its method and base URL were given to bent(); the body comes second.
        if (first) push(ctx, node, "bent", bound.info.method ?? "GET", bound.info.base ? joinUrl(bound.info.base, ctx.value(first)) : ctx.value(first));
        return;
      }
      if (bound?.info?.kind === "client") instanceCalled(node, ctx, bound.info);
      else if (first) {
        // `let send; switch (req.method) { case "GET": send = axios.get; … } await send(url, body)`: a hand-written
        // forwarder that picks axios's verb by the request's method.
        const verbs = assignedAxiosVerbs(callee, ctx);
        if (verbs.size) push(ctx, node, "axios", verbs.size === 1 ? [...verbs][0]! : "ALL", axiosUrl(node, first, verbs.size === 1 ? [...verbs][0] : undefined, ctx));
      }
      return;
    }

    // axios[req.method.toLowerCase()](url, body): the verb the request being forwarded came with. Also NestJS's
    // HttpService, `this.httpService.axiosRef?.[method](uri, body)` in a repository that takes the verb as a parameter.
    if (ts.isElementAccessExpression(callee) && first) {
      const nest = !ctx.isImportFrom(callee.expression, AXIOS, ["default", "*"]) && isNestHttpService(callee.expression, ctx);
      if (nest || ctx.isImportFrom(callee.expression, AXIOS, ["default", "*"])) {
        const verb = staticText(ctx.value(callee.argumentExpression))?.toLowerCase();
        const url = axiosUrl(node, first, verb && VERBS.has(verb) ? verb : undefined, ctx);
        push(ctx, node, "axios", verb && VERBS.has(verb) ? verb : "ALL", url, nest ? nestSite(url, ctx) : {});
        return;
      }
    }

    if (!ts.isPropertyAccessExpression(callee)) return;
    const name = callee.name.text;
    const receiver = callee.expression;

    // axios.get(url), axios.request(config), got.post(url), ky.get(url), undici.request(url); also
    // `axios.default.get(url)` from `const axios = require("axios")`, as axios's typings ask of CommonJS code.
    if (ctx.isImportFrom(receiver, AXIOS, ["default", "*"]) || (ts.isPropertyAccessExpression(receiver) && receiver.name.text === "default" && ctx.isImportFrom(receiver.expression, AXIOS, ["default", "*"]))) {
      if (VERBS.has(name) && first) push(ctx, node, "axios", name, axiosUrl(node, first, name, ctx));
      else if (name === "request" && first) {
        const config = objectOrValue(first, ctx);
        if (config && ts.isObjectLiteralExpression(config)) {
          const { url, method } = fromConfig(config, ctx);
          push(ctx, node, "axios", method, url);
        }
      }
      return;
    }
    if (ctx.isImportFrom(receiver, REQUEST, ["default"])) {
      if (REQUEST_VERBS[name]) requestCall(node, ctx, REQUEST_VERBS[name]);
      return;
    }
    // superagent.get(url).set(...), needle.get(url, cb), needle.request("get", url, data, cb)
    if (ctx.isImportFrom(receiver, SUPERAGENT, ["default", "*"]) || ctx.isImportFrom(receiver, NEEDLE, ["default"])) {
      const client = ctx.isImportFrom(receiver, SUPERAGENT, ["default", "*"]) ? "superagent" : "needle";
      if (REQUEST_VERBS[name] && first) push(ctx, node, client, REQUEST_VERBS[name]!, ctx.value(first));
      else if (name === "request" && client === "needle" && first && second) push(ctx, node, client, staticText(ctx.value(first)) ?? "GET", ctx.value(second));
      return;
    }
    // supertest(url).post(path): only when it is given a URL; `supertest(app)` tests an app in process, no request leaves it.
    if (ts.isCallExpression(receiver) && REQUEST_VERBS[name] && first && ctx.isImportFrom(receiver.expression, SUPERTEST, ["default"])) {
      const base = receiver.arguments[0] && ctx.value(receiver.arguments[0]);
      if (base && isUrlValue(base)) push(ctx, node, "superagent", REQUEST_VERBS[name]!, joinUrl(base, ctx.value(first)));
      return;
    }
    // Wreck.get(url, { timeout }), Wreck.request("POST", url, options)
    if (ctx.isImportFrom(receiver, WRECK, ["default", "*"])) {
      if (REQUEST_VERBS[name] && first) push(ctx, node, "wreck", REQUEST_VERBS[name]!, ctx.value(first));
      else if (name === "request" && first && second) push(ctx, node, "wreck", staticText(ctx.value(first)) ?? "ALL", ctx.value(second));
      return;
    }
    if (ctx.isImportFrom(receiver, GOT) || ctx.isImportFrom(receiver, KY)) {
      if (VERBS.has(name) && first) push(ctx, node, ctx.isImportFrom(receiver, GOT) ? "got" : "ky", name, ctx.value(first));
      return;
    }
    if (ctx.isImportFrom(receiver, UNDICI, ["default", "*"])) {
      if ((name === "request" || name === "fetch") && first) push(ctx, node, "undici", methodFromInit(second, ctx), ctx.value(first));
      return;
    }
    const httpModule = ctx.isImportFrom(receiver, HTTP, ["default", "*"]) ? ctx.importFact((receiver as ts.Identifier).text)!.specifier : (requiredHere(receiver, HTTP, ctx) ?? chosenHttpModule(receiver, ctx));
    if (httpModule) {
      if (name === "request" || name === "get") httpCall(node, ctx, name === "get" ? "GET" : undefined, httpModule);
      return;
    }

    // A typed client class (create-service's convention): `class InventoryClient { get() { return this.http.request({ method, path }) } }`.
    if (name === "request" && first && ts.isObjectLiteralExpression(first) && propertyNamed(first, "path") && !propertyNamed(first, "url") && !propertyNamed(first, "hostname")) {
      const target = clientTarget(ctx);
      if (target) {
        const env = `${target.toUpperCase().replace(/-/g, "_")}_URL`;
        const through = clientClassOf(receiver, ctx);
        push(ctx, node, "fetch", methodFromInit(first, ctx), normalize([{ kind: "env", name: env }, ...ctx.value(propertyNamed(first, "path")).parts]), through ? { through } : {});
        return;
      }
    }

    // NestJS HttpService (@nestjs/axios, or @nestjs/common before Nest 8): this.httpService.get(url), its axiosRef, request({ url, method })
    if (first && isNestHttpService(receiver, ctx)) {
      if (VERBS.has(name)) {
        const url = axiosUrl(node, first, name, ctx);
        push(ctx, node, "axios", name, url, nestSite(url, ctx));
      } else if (name === "request" && ts.isObjectLiteralExpression(first)) {
        const { url, method } = fromConfig(first, ctx);
        push(ctx, node, "axios", method, url, nestSite(url, ctx));
      }
      if (VERBS.has(name) || name === "request") return;
    }

    // Instances bound in this file, also held by a class (`this.cart = axios.create({ baseURL })` in its constructor).
    const member = ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword ? receiver.name.text : undefined;
    if (ts.isIdentifier(receiver) || member) {
      const bound = ctx.lookupObject(member ? `this.${member}` : (receiver as ts.Identifier).text);
      if (bound?.info?.kind === "client") {
        const info = bound.info;
        // GraphQL clients send queries, not verbs (extract/graphql-clients.ts).
        if (info.client === "graphql") return;
        if (info.client === "request") {
          if (REQUEST_VERBS[name]) requestCall(node, ctx, REQUEST_VERBS[name], info.base);
          return;
        }
        if (info.origin && name === "request" && first && ts.isObjectLiteralExpression(first)) {
          const { url, method } = fromConfig(first, ctx, info.base);
          push(ctx, node, info.client, method, url);
        } else if (VERBS.has(name) && first) {
          push(ctx, node, info.client, name, info.client === "axios" ? axiosUrl(node, first, name, ctx, info.base) : info.base ? joinUrl(info.base, ctx.value(first)) : ctx.value(first));
        } else if (name === "request" && first && ts.isObjectLiteralExpression(first)) {
          const { url, method } = fromConfig(first, ctx, info.base);
          push(ctx, node, info.client, method, url);
        }
        return;
      }
      // `this.api.get(path)` on `this.api = serviceAdaptor(BASE_URL)`: an instance if the project's function returns one,
      // read in the model as a module constant made so is (model/made-clients.ts).
      if (member) {
        if (!bound?.info && VERBS.has(name) && first && ctx.facts.memberResults?.some((made) => made.name === `this.${member}` && made.callee !== "") && !node.arguments.some((arg) => isFunctionLike(arg))) {
          push(ctx, node, "axios", name, ctx.value(first), { made: `this.${member}` });
        }
        return;
      }
      // An instance imported from another module of the service: resolved in the model.
      if (!ts.isIdentifier(receiver)) return;
      // `api.get(req.path)` on `const api = apiAdapter(BASE_URL)` at module level: an instance if the project's function
      // returns one (`(baseURL) => axios.create({ baseURL })`), which the model reads (model/made-clients.ts).
      // A name like `api` is taken for an app its function builds as well; the model keeps whichever the function returns.
      // A route's registration (`api.get("/x", handler)`) hands a function over: no request.
      const madeHere = (!bound || bound.info?.kind === "app") && ctx.facts.moduleResults?.some((made) => made.name === receiver.text);
      if (madeHere && VERBS.has(name) && first && !ctx.isShadowed(receiver.text) && !node.arguments.some((arg) => isFunctionLike(arg))) {
        push(ctx, node, "axios", name, ctx.value(first), { made: receiver.text });
        return;
      }
      const imported = !bound && !ctx.isShadowed(receiver.text) ? ctx.imports.get(receiver.text) : undefined;
      // A receiver named as a client (`identityClient`, `ordersApi`, `http`) may be handed its path in a variable and its
      // body by name (`identityClient.post(path, request)`), and be imported by a path under the project's base URL
      // (`src/integration/clients`); the model keeps the call only when that module's export is a client.
      const clientLike = CLIENT_NAME.test(receiver.text);
      const projectPath = isRelative(imported?.specifier ?? "") || (clientLike && PROJECT_PATH.test(imported?.specifier ?? ""));
      if (imported && projectPath && VERBS.has(name) && first && (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first) || (clientLike && (ts.isIdentifier(first) || ts.isPropertyAccessExpression(first))))) {
        const last = node.arguments[node.arguments.length - 1]!;
        if (node.arguments.length > 1 && (isFunctionLike(last) || (ts.isIdentifier(last) && !clientLike))) return;
        push(ctx, node, "axios", name, ctx.value(first), { instance: { specifier: imported.specifier, name: imported.imported } });
      }
    }
  },
};

/** A name that says it holds an HTTP client: `identityClient`, `ordersApi`, `apiClient`, `http`, `axiosInstance`. */
const CLIENT_NAME = /(client|api|http|axios|instance)$|^(api|http|axios)[A-Z_]?/i;
/** A module of the project imported by a path under its base URL or an alias (`src/clients`, `@/clients`, `~/api`), not a package. */
const PROJECT_PATH = /^(src|app|lib)\/|^[@~#]\//;

/** A value that is a URL: it starts with a scheme, or it is an environment variable (with or without a fallback). */
function isUrlValue(value: Value): boolean {
  const first = value.parts[0];
  return (first?.kind === "text" && /^[a-z][a-z0-9+.-]*:\/\//i.test(first.text)) || first?.kind === "env";
}

/** An axios or got instance called directly: `api("/x")`, `api({ url })`. */
function instanceCalled(node: ts.CallExpression, ctx: ExtractContext, info: Extract<ObjectInfo, { kind: "client" }>): void {
  const [first, second] = node.arguments;
  if (!first) return;
  if (ts.isObjectLiteralExpression(first)) {
    const { url, method } = fromConfig(first, ctx, info.base);
    push(ctx, node, info.client, method, url);
  } else push(ctx, node, info.client, methodFromInit(second, ctx), info.client === "axios" ? axiosUrl(node, first, undefined, ctx, info.base) : info.base ? joinUrl(info.base, ctx.value(first)) : ctx.value(first));
}

/**
 * The same instance held by a class and called directly: `this.axiosInstance(url)` after `this.axiosInstance =
 * axios.create(...)` in the constructor. Its member's name is no method name a hook listens for, so the walker asks
 * only for the members a class of the file bound to a client (ExtractContext.clientMembers).
 */
export function memberInstanceCall(node: ts.CallExpression, member: string, ctx: ExtractContext): void {
  const info = ctx.lookupObject(`this.${member}`)?.info;
  // request and bent functions take other arguments: left to their own hooks.
  if (info?.kind === "client" && (info.client === "axios" || info.client === "got" || info.client === "ky")) instanceCalled(node, ctx, info);
}

/**
 * `this.httpService` (or `this.http.axiosRef`) in a file that imports NestJS's HttpService; also the service
 * reached through another object or held in a local (`this.deps.httpService`, `ctx.httpService`, a parameter
 * `httpService`), where only a name that says HttpService is taken, since `client` there is often something else.
 */
function isNestHttpService(receiver: ts.Expression, ctx: ExtractContext): boolean {
  let member = receiver;
  if (ts.isPropertyAccessExpression(member) && member.name.text === "axiosRef") member = member.expression;
  const onThis = ts.isPropertyAccessExpression(member) && member.expression.kind === ts.SyntaxKind.ThisKeyword;
  if (onThis) {
    const name = (member as ts.PropertyAccessExpression).name.text;
    if (!/http|client|axios/i.test(name)) return false;
    // An instance the class makes itself (`this.client = axios.create({ baseURL })`) is that instance, not Nest's HttpService.
    if (ctx.lookupObject(`this.${name}`)?.info?.kind === "client") return false;
  } else {
    const name = ts.isPropertyAccessExpression(member) ? member.name.text : ts.isIdentifier(member) ? member.text : undefined;
    if (!name || !/httpservice/i.test(name)) return false;
    if (ts.isIdentifier(member) && ctx.lookupObject(name)?.info?.kind === "client") return false;
  }
  if (ctx.importsAny(NEST_AXIOS)) return true;
  const imported = ctx.imports.get("HttpService");
  return imported?.specifier === "@nestjs/common";
}

/** `var http = require("http")` written inside a function (not an import of the file): the module it names, if one of `modules`. */
function requiredHere(receiver: ts.Expression, modules: readonly string[], ctx: ExtractContext): string | undefined {
  if (!ts.isIdentifier(receiver) || ctx.frames.length < 2) return undefined;
  const local = ctx.lookupLocal(receiver.text)?.expr;
  if (!local || !isRequire(local)) return undefined;
  const specifier = requireSpecifier(local);
  return modules.includes(specifier) ? specifier : undefined;
}

/**
 * `const transport = url.protocol === "https:" ? https : http` then `transport.request(...)`: a local (of the function
 * or the module) chosen between Node's two HTTP modules by the URL's scheme is either one; `https` when both arms are it.
 */
function chosenHttpModule(receiver: ts.Expression, ctx: ExtractContext): string | undefined {
  if (!ts.isIdentifier(receiver) || ctx.imports.has(receiver.text)) return undefined;
  let init = ctx.lookupLocal(receiver.text)?.expr;
  while (init && ts.isParenthesizedExpression(init)) init = init.expression;
  if (!init || !ts.isConditionalExpression(init)) return undefined;
  const arms = [init.whenTrue, init.whenFalse].map((arm) => (ts.isIdentifier(arm) && ctx.isImportFrom(arm, HTTP, ["default", "*"]) ? ctx.importFact(arm.text)!.specifier : undefined));
  if (!arms[0] || !arms[1]) return undefined;
  return arms.every((specifier) => specifier!.endsWith("https")) ? arms[0] : arms.find((specifier) => !specifier!.endsWith("https"));
}

function httpCall(node: ts.CallExpression, ctx: ExtractContext, method: string | undefined, specifier: string): void {
  // http.request(options, cb) with `const options = { host, port, path }` written before the call.
  const first = objectOrValue(node.arguments[0], ctx);
  const second = node.arguments[1];
  if (!first) return;
  const protocol = specifier.endsWith("https") ? "https" : "http";
  if (ts.isObjectLiteralExpression(first)) {
    push(ctx, node, "http", method ?? methodFromInit(first, ctx), fromHttpOptions(first, ctx, protocol));
  } else {
    push(ctx, node, "http", method ?? methodFromInit(second, ctx), ctx.value(first));
  }
}

/**
 * The service a typed client class calls: `target: "inventory"` in the class
 * (passed to its HTTP helper), else the class name (`InventoryClient` → inventory).
 */
/**
 * `const requestFn = options.requestFn ?? request` then `requestFn(url)`: a local that stands for an imported
 * HTTP function (or the global fetch), often an override tests inject with the library's as its default. The
 * call is the library's; anything else is left as it is.
 */
function aliasOf(expr: ts.Expression, ctx: ExtractContext): ts.Expression {
  if (!ts.isIdentifier(expr) || expr.text === "fetch" || ctx.imports.has(expr.text)) return expr;
  let init = ctx.lookupLocal(expr.text)?.expr;
  while (init && (ts.isParenthesizedExpression(init) || ts.isAsExpression(init))) init = init.expression;
  if (!init) return expr;
  const fallback =
    ts.isBinaryExpression(init) && (init.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || init.operatorToken.kind === ts.SyntaxKind.BarBarToken) ? [init.right, init.left] : [init];
  for (const side of fallback) if (ts.isIdentifier(side) && (side.text === "fetch" || ctx.imports.has(side.text))) return side;
  return expr;
}

/**
 * The axios verbs a local of the enclosing function is assigned (`method = axios.post`, in a switch or if arms), when
 * every assignment to it that names a function is one of them. Empty when it is assigned anything else.
 */
function assignedAxiosVerbs(name: ts.Identifier, ctx: ExtractContext): Set<string> {
  const verbs = new Set<string>();
  const body = enclosingFunction(ctx.stack);
  if (!body || ctx.imports.has(name.text)) return verbs;
  let other = false;
  const visit = (node: ts.Node): void => {
    if (other) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left) && node.left.text === name.text) {
      const right = node.right;
      if (ts.isPropertyAccessExpression(right) && VERBS.has(right.name.text) && ctx.isImportFrom(right.expression, AXIOS, ["default", "*"])) verbs.add(right.name.text);
      else other = true;
    }
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name.text && node.initializer) other = true;
    ts.forEachChild(node, visit);
  };
  visit(body);
  return other ? new Set() : verbs;
}

/** The innermost function on the walker's stack (the node being visited last). */
function enclosingFunction(stack: readonly ts.Node[]): ts.Node | undefined {
  for (let i = stack.length - 1; i >= 0; i--) if (isFunctionLike(stack[i]!)) return stack[i];
  return undefined;
}

/** Default (or named) exports that are an HTTP function to call with a URL, by module: what `fn(url, init)` is when `fn` is one. */
const HTTP_FUNCTIONS: readonly { modules: readonly string[]; names: readonly string[]; client: CallClient }[] = [
  { modules: UNDICI, names: ["request", "fetch"], client: "undici" },
  { modules: AXIOS, names: ["default"], client: "axios" },
  { modules: GOT, names: ["default", "got"], client: "got" },
  { modules: KY, names: ["default"], client: "ky" },
  { modules: REQUEST, names: ["default"], client: "request" },
  { modules: SUPERAGENT, names: ["default"], client: "superagent" },
  { modules: NEEDLE, names: ["default"], client: "needle" },
  { modules: FETCH_MODULES.filter((m) => m !== "undici"), names: ["default", "fetch"], client: "fetch" },
];

/**
 * The HTTP function an expression stands for, when it is one: an import of undici's `request`, axios, got, the
 * global fetch …, also behind a local (`const requestFn = options.requestFn ?? request`) or as the fallback of an
 * override (`options.requestFn ?? request`). For values passed to other functions (extract/value-flow.ts).
 */
export function httpFunctionOf(raw: ts.Expression, ctx: ExtractContext, depth = 0): CallClient | undefined {
  let expr = raw;
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr)) expr = expr.expression;
  if (depth > 3) return undefined;
  if (ts.isBinaryExpression(expr) && (expr.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || expr.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    return httpFunctionOf(expr.right, ctx, depth + 1) ?? httpFunctionOf(expr.left, ctx, depth + 1);
  }
  if (ts.isPropertyAccessExpression(expr)) {
    // undici.request, axios.default
    const name = expr.name.text;
    if ((name === "request" || name === "fetch") && ctx.isImportFrom(expr.expression, UNDICI, ["default", "*"])) return "undici";
    return undefined;
  }
  if (!ts.isIdentifier(expr)) return undefined;
  if (isGlobalFetch(expr, ctx)) return ctx.imports.get("fetch")?.specifier === "undici" ? "undici" : "fetch";
  if (ctx.imports.has(expr.text) && !ctx.isShadowed(expr.text)) {
    for (const { modules, names, client } of HTTP_FUNCTIONS) if (ctx.isImportFrom(expr, modules, names)) return client;
    return undefined;
  }
  const local = ctx.lookupLocal(expr.text)?.expr;
  return local ? httpFunctionOf(local, ctx, depth + 1) : undefined;
}

function isOnThis(expr: ts.Expression): boolean {
  return expr.kind === ts.SyntaxKind.ThisKeyword || (ts.isPropertyAccessExpression(expr) && expr.expression.kind === ts.SyntaxKind.ThisKeyword);
}

/** `this.http` where the enclosing class's constructor does `this.http = new ServiceClient(...)` and imports ServiceClient. */
function clientClassOf(receiver: ts.Expression, ctx: ExtractContext): { specifier: string; name: string } | undefined {
  if (!ts.isPropertyAccessExpression(receiver) || receiver.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const member = receiver.name.text;
  const owner = [...ctx.stack].reverse().find((node): node is ts.ClassLikeDeclaration => ts.isClassDeclaration(node) || ts.isClassExpression(node));
  const constructor = owner?.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m));
  for (const statement of constructor?.body?.statements ?? []) {
    if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression) || statement.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    const { left, right } = statement.expression;
    if (!ts.isPropertyAccessExpression(left) || left.expression.kind !== ts.SyntaxKind.ThisKeyword || left.name.text !== member) continue;
    if (!ts.isNewExpression(right) || !ts.isIdentifier(right.expression)) return undefined;
    const imported = ctx.imports.get(right.expression.text);
    return imported && imported.specifier.startsWith(".") ? { specifier: imported.specifier, name: imported.imported } : undefined;
  }
  return undefined;
}

function clientTarget(ctx: ExtractContext): string | undefined {
  for (let i = ctx.stack.length - 1; i >= 0; i--) {
    const node = ctx.stack[i]!;
    if (!ts.isClassDeclaration(node) && !ts.isClassExpression(node)) continue;
    const literal = /\btarget\s*:\s*["'`]([a-z][a-z0-9-]*)["'`]/.exec(ctx.sf.text.slice(node.pos, node.end))?.[1];
    if (literal) return literal;
    const match = node.name && /^(\w+?)(Service)?Client$/.exec(node.name.text);
    if (match) return match[1]!.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
    return undefined;
  }
  return undefined;
}
