/**
 * The data that flows through arch-lint:
 * files → FileFacts (per file, syntax only) → ArchModel (joined) → Finding[] → reports.
 *
 * Every path in these types is relative to the scan root and uses "/", so
 * results are stable across machines and in snapshots.
 */

export type Severity = "error" | "warn";
export type SeveritySetting = Severity | "off";

export interface Location {
  file: string;
  line: number;
  column: number;
}

// ---------------------------------------------------------------------------
// Symbolic values: what a URL, prefix or connection string is made of
// ---------------------------------------------------------------------------

/** One piece of a string value that extraction could not fully evaluate on its own. */
export type ValuePart =
  | { kind: "text"; text: string }
  /** `process.env.NAME`, optionally with a fallback (`?? "..."`, `|| "..."`). */
  | { kind: "env"; name: string; fallback?: Value }
  /** An identifier imported from another module, resolved in the model phase. */
  | {
      kind: "import";
      specifier: string;
      name: string;
      /** `itemsUrl(cartId)` of an imported URL function (`name` ends in `()`): the arguments, for its parameters. */
      args?: Value[];
      /** `DB_URL || "mongodb://…"`: what the code falls back to when the imported value is unset. */
      fallback?: Value;
      /** How the code wrote it (`settings().ordersUrl`), for a message when it does not resolve. */
      shown?: string;
      /**
       * `config.get(NAMESPACES.MONGO).uri` (a configuration read, `specifier` the config one): the key is this imported
       * constant's value, resolved in the model, and `name` is the rest of the path after it (`uri`, or "" for none).
       */
      keyFrom?: { specifier: string; name: string };
    }
  /**
   * Anything else: a parameter, a call result. Matches any text. `param`: the function parameter it is, by position.
   * `ref`: the parameter (or a field of one) of a function of this file it is read from, for the value its callers
   * pass (model/value-flow.ts); `fallback`: what `options.base ?? "http://…"` falls back to when they pass nothing.
   */
  | { kind: "unknown"; hint: string; param?: number; ref?: ParamRef; fallback?: Value };

/** A parameter of a function of this file (`fn`, its file-local id; `index`, by position), or a field of it (`path`: `ctx.requestFn`). */
export interface ParamRef {
  fn: string;
  index: number;
  path?: string[];
}

/**
 * What a call site passes to a function, as far as its value can travel (model/value-flow.ts): a string (a URL, a
 * base), an HTTP function or client (undici's `request`, fetch, an axios instance), an object whose fields are such
 * (`{ requestFn, ordersBase }`), or a parameter of the caller (or a field of one) that it passes on.
 */
export type FlowArg =
  | { kind: "value"; value: Value }
  /** `timeout`: the instance was made with one (`axios.create({ baseURL, timeout })`). */
  | { kind: "http"; client: CallClient; base?: Value; timeout?: true }
  /** `fields`: null for a field written but not followed; `spread`: the literal spreads another object (a field it lacks may still come). */
  | { kind: "object"; fields: Record<string, FlowArg | null>; spread?: true }
  /** `fallback`: the parameter's default (`url = "amqp://localhost"`), what it holds when its own callers pass nothing. */
  | { kind: "ref"; ref: ParamRef; fallback?: Value }
  /** What a call of a function of the project returns (`makeDeps(options)`), its arguments for that function's parameters. */
  | { kind: "call"; callee: { object?: string; name: string }; args: (FlowArg | null)[] };

export interface Value {
  parts: ValuePart[];
}

/**
 * An argument of a call that carries a URL: written as one (a string, template or concatenation), or an options object
 * whose `url`/`uri` is one (`{ method: "POST", uri: \`${ORDERS_URL}/orders\` }`), with the method it names.
 */
export interface UrlArgument {
  index: number;
  url: Value;
  method?: string;
}

// ---------------------------------------------------------------------------
// Facts extracted from one file
// ---------------------------------------------------------------------------

export type Framework = "express" | "fastify" | "koa" | "hono" | "nest" | "hapi" | "routing-controllers" | "tsoa" | "inversify" | "restify" | "restana" | "httpdispatcher" | "elysia" | "moleculer-web" | "seneca" | "graphql" | "openapi-backend" | "serverless" | "trpc" | "connect" | "adonis" | "encore" | "socket.io";

/** An import binding: `import { a as b } from "x"` gives { local: "b", imported: "a", specifier: "x" }. */
export interface ImportFact {
  local: string;
  /** "default", "*" for a namespace, or the exported name. */
  imported: string;
  specifier: string;
  /** Line of the import statement (or require), for evidence when a library is used through it. */
  line?: number;
  /** The name is never used after the import (TypeScript drops such an import). */
  unused?: true;
}

/**
 * An "app object" is anything routes hang on: an express app or router, a
 * fastify instance or plugin parameter, a koa-router, a hono app. Its id is
 * file-local: `var:<name>` for a variable, `fn:<name>` for the first parameter
 * of a named function, `fn@<pos>` for an inline function.
 */
export interface RouteFact {
  framework: Framework;
  method: string;
  path: string;
  /** App object id (see above), file-local. */
  owner: string;
  /** The function that handles it, as a function id (file-local), if inline. */
  handler?: string;
  /** The handler by name, resolved across files in the model: `list`, `users.list`. */
  handlerRef?: { object?: string; name: string };
  /**
   * The functions that run before the handler for this route, in order: `router.get(path, auth, validate, handler)`,
   * `router.post(path, [auth, handler])`. The model makes the route's handler a function that calls each, then the handler.
   */
  middleware?: MiddlewareStep[];
  /**
   * The handler is what a factory of the project returns, made where the route is registered (`app.use("/users",
   * proxyTo(USERS_URL))`): the factory call's place. Each such route is a function of its own in the model (named after
   * the route, as a middleware chain is) that makes the factory's calls with the arguments this registration passes.
   */
  madeBy?: Location;
  /** NestJS version from @Version or the controller options. */
  version?: string;
  /** NestJS `VERSION_NEUTRAL` (on the method, or on the controller when the method sets no version): served without a version segment, whatever `defaultVersion` says. */
  versionNeutral?: true;
  /** NestJS: the controller class, which RouterModule paths reach through its module. */
  controller?: string;
  /** NestJS: what the route's and its controller's decorators mark it with, for guards that read metadata (extract/nest-metadata.ts). */
  nestMarks?: string[];
  /** A health or readiness probe whatever its path (a NestJS health controller: terminus `@HealthCheck()`, `HealthCheckService`, `HealthController`). */
  probe?: true;
  /** NestJS: the handler takes request input (`@Query`, `@Param`, `@Body`): at `/` it lists or finds resources, it is no probe. */
  takesInput?: true;
  /** A wildcard route whose handler answers what no other route took (a 404, a single-page app's index.html). */
  catchAll?: true;
  /** A GraphQL endpoint (extract/graphql-endpoints.ts): one route whose schema evolves by adding fields, not judged by unversioned-route. */
  graphql?: true;
  /**
   * An RPC endpoint that serves every procedure of a router under one path (a tRPC adapter, extract/trpc.ts; a
   * Connect-RPC handler, extract/connect-rpc.ts): not judged by unversioned-route, since a procedure path is no REST
   * resource and such APIs evolve by adding procedures.
   */
  rpc?: "trpc" | "connect" | "encore";
  /** An Encore.ts endpoint: the name its module exports it under, which other services call it by (`site.get(req)`). */
  encoreEndpoint?: string;
  /** `app.use(path, controller.method)` (extract/use-routes.ts): a route only when the function it names takes no `next`. */
  mountedUse?: true;
  /**
   * `app.use("/users", proxyTo("users"))`, `router.use("/auth", Proxies.make("auth"))`: middleware a function of the
   * project makes (extract/use-routes.ts); a route, handled by that function, only when it makes a proxy (model/routes.ts).
   */
  madeProxy?: true;
  location: Location;
}

/** A function that runs before a route's handler: listed in the route (`router.get(path, auth, h)`) or applied by `app.use(auth)` before it. */
export interface MiddlewareStep {
  handler?: string;
  handlerRef?: { object?: string; name: string };
  location: Location;
  /** It reads the version a request asks for (an `Accept-Version`-like header): what it guards is versioned through the request. */
  version?: "header";
  /** A method of an instance the file makes at its top level (`auth.check.bind(auth)` on `const auth = new AuthClient({ baseUrl })`): that binding, in FileFacts.instances. */
  receiver?: string;
}

export interface MountFact {
  /** Parent app object id. */
  parent: string;
  prefix: string;
  /** The child: a file-local app object id, or an import. */
  child: ({ kind: "local"; id: string } | { kind: "import"; specifier: string; name: string }) & {
    /** The child is what this function returns: `app.use("/v1", createRouter(deps))`. */
    returned?: boolean;
    /** The child is this field of the class the id or import names: `app.use("/v1/orders", new OrderRoutes().router)`. */
    field?: string;
    /**
     * The child is what this method of the class the id or import names returns, when that names a class instance:
     * `router.use("/orders", orderRoutes.routes())` on `export const orderRoutes = new OrderRoutes()` whose `routes()`
     * returns `this.router`. On a router itself (koa's `router.routes()`) the child is the router.
     */
    method?: string;
  };
  /** What runs before every route of the child: `app.use(auth)` earlier on the parent, `app.use("/api", auth, router)`. */
  middleware?: MiddlewareStep[];
  location: Location;
}

export type RequestVersioningKind = "header" | "media-type" | "custom";

export interface NestFacts {
  globalPrefix?: string;
  /** `setGlobalPrefix(config.getOrThrow("app.apiPrefix"))`: a prefix read from configuration or the environment, rendered in the model. */
  globalPrefixValue?: Value;
  /** `setGlobalPrefix(prefix, { exclude: ["health", { path: "metrics", method: RequestMethod.GET }] })`: routes served without the prefix. */
  globalPrefixExclude?: { path: string; method?: string }[];
  /** enableVersioning({ type: VersioningType.URI, defaultVersion }) */
  uriVersioning?: { defaultVersion?: string; prefix?: string };
  /** enableVersioning({ type: VersioningType.HEADER | MEDIA_TYPE | CUSTOM, defaultVersion }): the version travels in the request, the path stays as it is. */
  requestVersioning?: { kind: RequestVersioningKind; defaultVersion?: string };
  /** `@Module({ controllers: [...] })`: module class → its controller classes. */
  moduleControllers?: Record<string, string[]>;
  /** `RouterModule.register([{ path, module, children }])`: module class → its path, the parents' paths included. */
  modulePaths?: Record<string, string>;
  /**
   * `imports: [RmqModule.register({ name: "BILLING", queue })]`: a module of the project asked to register a client under
   * a name it is given (its `ClientsModule.register([{ name, transport }])` takes the name from a parameter); the model
   * ties a client of that name to the transport that module's registration sets.
   */
  clientModules?: { name: Value; specifier: string; imported: string; location: Location }[];
  /**
   * `@Module({ imports: [HttpModule.register({ baseURL, timeout })], providers, controllers })`: the base URL the module's
   * HttpService calls are relative to, whether they have a timeout, and its classes (as this file names them: local or imported).
   */
  httpBases?: { base?: Value; timeout?: true; classes: { name: string; specifier?: string; imported?: string }[] }[];
  /** `app.useGlobalGuards(new AuthGuard())`, `{ provide: APP_GUARD, useClass: AuthGuard }`: guards of every route of the app. */
  globalGuards?: MiddlewareStep[];
  /**
   * Guards whose `canActivate` returns early by route metadata (`if (isPublic) return true`), by function id
   * (`fn:AuthGuard.canActivate`): the key's names, and whether a route marked with it (else one not marked) is let
   * through before the guard's calls (extract/nest-metadata.ts).
   */
  guardGates?: Record<string, { keys: string[]; skipWhenSet: boolean }>;
  /** Metadata decorators this file exports (`export const Public = () => SetMetadata(KEY, true)`): name → the key's names. */
  metadataDecorators?: Record<string, string[]>;
  /**
   * Route decorators this file declares by composing Nest's own (`export const GetOne = (path) => applyDecorators(Get(path),
   * ApiOkResponse())`): declared name → the method and path they give (extract/nest-route-decorators.ts).
   */
  routeDecorators?: Record<string, NestRouteDecoratorFact>;
  /**
   * Message-handler decorators this file declares by composing Nest's own (`export const OnEvent = (topic) =>
   * applyDecorators(EventPattern(topic), UseInterceptors(...))`): declared name → the pattern they give (extract/nest-route-decorators.ts).
   */
  patternDecorators?: Record<string, NestPatternDecoratorFact>;
}

/**
 * The pattern a composite message-handler decorator gives the method it decorates: `EventPattern` (an event) or
 * `MessagePattern` (a request answered), its transport when the decorator names one, and the pattern made of fixed
 * values and the decorator's arguments (`\`${prefix}.${event}\``: a fixed value, then an argument).
 */
export interface NestPatternDecoratorFact {
  requestReply: boolean;
  system?: MessagingSystem;
  pattern: ({ value: Value } | { from: DecoratorInput })[];
}

/** Which argument of a composite decorator a value comes from: its `param`-th parameter, or a field of it (`options.path`). */
export interface DecoratorInput {
  param: number;
  field?: string;
}

/** The HTTP method and path a composite route decorator gives the method it decorates. */
export interface NestRouteDecoratorFact {
  /** Fixed (`applyDecorators(Post("login"))`), or read from an argument through a table of Nest's method decorators (`methods[type](path)`). */
  method: { fixed: string } | { from: DecoratorInput; table: Record<string, string> };
  /** Fixed, read from an argument, or absent (`Get()`: the controller's own path). */
  path?: { fixed: string } | { from: DecoratorInput };
}

/** An argument a decorator is called with, as far as its file knows it: a text, or the texts of an object literal's fields. */
export interface DecoratorArgFact {
  text?: string;
  fields?: Record<string, string>;
}

/**
 * A controller method decorated with a decorator of the project that may compose a route decorator (`@Endpoint({ type:
 * "Post", path: "register" })`): the route it makes once the model reads the decorator where it is declared (a route
 * with everything but its method and its own path).
 */
export interface NestDecoratorRouteFact {
  /** The decorator as the file names it: imported (`specifier`, the exported name) or declared in this file. */
  decorator: { name: string; specifier?: string };
  args: DecoratorArgFact[];
  /** The arguments as values (constants of other modules included), for a decorator that composes a message pattern. */
  values?: Value[];
  /** The controller's path. */
  base: string;
  route: Omit<RouteFact, "method" | "path">;
}

/**
 * Whether a call (or a call of a function) runs inside `Promise.all([...])`, `allSettled`, `race` or `any` of its
 * function: false when not; when it does, the key (`L<line>C<column>`) of the outermost such combinator if the function
 * awaits it (or returns it from an async function), so that every call of one awaited group is one step of a
 * sequence (sync-call-chain); the same key after THEN_GROUP when the function does not await the group but continues it
 * (`Promise.all([...]).then(cb)`: the callbacks run after the whole group); true when the group's promise is kept and
 * not awaited there.
 */
export type Parallel = boolean | string;

/** The prefix of a Parallel key whose group is continued with `.then` rather than awaited. */
export const THEN_GROUP = "then@";

export type CallClient = "fetch" | "axios" | "got" | "undici" | "http" | "ky" | "superagent" | "request" | "needle" | "bent" | "wreck" | "requestify" | "graphql" | "grpc" | "proxy" | "moleculer" | "seneca" | "nest-tcp" | "dapr" | "trpc" | "connect" | "ts-rest" | "hono" | "encore";

/** The libraries whose routes forward a request to an upstream as it came (extract/proxies/). */
export type ProxyLibrary = "@fastify/reply-from" | "@fastify/http-proxy" | "http-proxy-middleware" | "express-http-proxy" | "http-proxy" | "fast-gateway" | "k-fastify-gateway" | "h2o2" | "moleculer-web" | "@apollo/gateway" | "express-gateway";

/**
 * A request forwarded to an upstream (a call of client "proxy"): the library, and how the path the request came with
 * becomes the upstream's. The upstream itself is the call's `url` (its base: `target`, `upstream`, reply-from's `base`).
 */
export interface ProxyFact {
  library: ProxyLibrary;
  /**
   * This prefix of the served path is cut off before it is forwarded (`@fastify/http-proxy`'s `prefix`, an express mount
   * path); several when one proxy is mounted at each path of a table, the one the served path starts with applying.
   */
  strip?: string | readonly string[];
  /**
   * Mounted with `use` (express hands it `req.url`, the path below every mount on the way, the routers' too): only the
   * part of the served path below its own mount point is forwarded, whatever prefixes the routers above it add.
   */
  below?: true;
  /** Then put in front of what is left (`rewritePrefix`). */
  prefix?: string;
  /** `pathRewrite: { "^/api/orders": "/v1/orders" }`: regular expression → replacement, applied in order. */
  rewrite?: { from: string; to: string }[];
  /** The served path is not what is forwarded, and how it changes could not be read (a function rewrites it): why. */
  pathUnknown?: string;
  /** The upstream is not written where the proxy is (no `target`, a function picks it): why. */
  upstreamUnknown?: string;
  /** Mounted at a path that did not resolve (`app.use(route.path, proxy)` over a table arch-lint does not read): the path as written. */
  mountUnknown?: string;
}

export interface HttpCallFact {
  client: CallClient;
  method: string;
  url: Value;
  /** Function id of the innermost enclosing function, file-local; undefined at module level. */
  inFunction?: string;
  awaited: boolean;
  /** Inside Promise.all / allSettled / race / any: runs in parallel with its siblings (see Parallel). */
  parallel: Parallel;
  /** Made through a client instance imported from another module; `url` is then relative to its base. */
  instance?: { specifier: string; name: string };
  /** An Encore.ts service call (`import { site } from "~encore/clients"`, `site.get(req)`): the service and endpoint it names. */
  encore?: { service: string; endpoint: string };
  /**
   * Made through a module-level constant of this file set to what a function of the project returns
   * (`const api = apiAdapter(BASE_URL)`, the function of this file or imported): `url` is relative to the base of the
   * client that function returns (FileFacts.flowReturns), its parameters filled in with the call's arguments
   * (model/made-clients.ts). Dropped when the function returns no HTTP client.
   */
  made?: string;
  /** A NestJS HttpService call with a relative URL, in this class: relative to its module's `HttpModule.register({ baseURL })`. */
  nestHttpClass?: string;
  /**
   * The URL's host comes from this parameter of the enclosing function (`callService(name, path)` building
   * `http://${name}/…` or looking `name` up at run time): its callers' literal arguments say which service.
   */
  hostParam?: number;
  /** Parts of the URL (by index) that are a parameter of the enclosing function as they stand (by index): `/${path}`. */
  paramParts?: Record<number, number>;
  /**
   * The URL starts with this parameter of the enclosing function (`async function getJson(url) { return axios.get(url) }`):
   * a helper that calls with the URL its callers give it, made again at each call site with their argument.
   */
  urlParam?: number;
  /**
   * The method is a parameter of the enclosing function (`makeRequest(method, url)` handing `{ method, url }` to axios):
   * what each caller passes there (`makeRequest("POST", …)`) is the method of the request it makes (model/value-flow.ts).
   */
  methodRef?: ParamRef;
  /**
   * Made through a client class of the project (`this.http.request({ path })` where the constructor did
   * `this.http = new ServiceClient(...)`, the class imported from this module): that class's guards apply.
   */
  through?: { specifier: string; name: string };
  /** A NestJS HttpService call: the class it is made in (its module's `HttpModule.register({ timeout })` applies). */
  httpServiceClass?: string;
  /**
   * Made through a client a class is handed and keeps, typed with its library's class (`private gql: GraphQLClient`):
   * `url` is unknown here; the model takes the URL of the one instance of that client the service makes.
   */
  typedClient?: true;
  /** What bounds how long the call may take, when the call itself says (`timeout` option, an AbortSignal, the instance's timeout). */
  timeout?: string;
  /** The call forwards the request being handled to an upstream (client "proxy"): `url` is the upstream's base. */
  proxy?: ProxyFact;
  /**
   * The Dapr app the call is for, named in its `dapr-app-id` header (`axios.post(`${DAPR_HOST}:3500/orders`, body,
   * { headers: { "dapr-app-id": "orders" } })`): the sidecar at `url`'s host forwards it to that app, at `url`'s path.
   */
  daprAppId?: Value;
  /** The branches it runs in, inside its function (extract/arms.ts): `line:column/arm`, with `>line:column` when the arm returns. */
  arms?: string[];
  /**
   * Sent and left: a statement of its own that nothing awaits, returns or reads (`axios.post(url, event);`, also with only
   * a `.catch(...)` after it): the handler goes on without its answer.
   */
  fired?: true;
  location: Location;
}

/**
 * A call through a function or client the enclosing function is given rather than imports:
 * `requestFn(url, init)` or `ctx.requestFn(\`${ctx.ordersBase}/x\`)` where `requestFn`/`ctx` is a parameter (of this
 * function or one it is nested in), `deps.http.get(url)`. Whether it is an HTTP call at all is known only from what
 * the callers pass (model/value-flow.ts).
 */
export interface FlowCallFact {
  /** The function called, or the object whose `member` is called; `callee`: as the code writes it. */
  fn: ParamRef;
  callee: string;
  member?: string;
  url: Value;
  /** The method when the call says it (`{ method: "POST" }`), else where it comes from (`init.method` of a parameter). */
  method?: string;
  methodRef?: ParamRef;
  inFunction: string;
  awaited: boolean;
  parallel: Parallel;
  timeout?: string;
  location: Location;
}

/**
 * A function run behind a circuit breaker: opossum's `new CircuitBreaker(fn)`, cockatiel's `policy.execute(fn)`.
 * `ref` names the function as a callee does (resolved across files in the model); `local` for one written inline.
 */
export interface BreakerFact {
  library: "opossum" | "cockatiel";
  ref: { object?: string; name: string; local?: string };
  /** The variable the breaker is kept in (`export const userBreaker = new CircuitBreaker(fn)`): another module may import it and `fire` it. */
  binding?: string;
  location: Location;
}

/** A broker's address as the code gives it (extract/messaging/broker-addresses.ts): one per address of a list. */
export interface BrokerAddressFact {
  system: MessagingSystem;
  /** The client library (or `@nestjs/microservices` for a transport's options). */
  library: string;
  address: Value;
  /** A host on its own (`{ hostname }`), not a URL or `host:port`. */
  bare?: true;
  /** A NestJS TCP client's injection token (`"ORDERS_SERVICE"`): the service at the address, which no broker stands for. */
  peer?: string;
  location: Location;
}

/**
 * A function of the project that puts its parameter behind a breaker (`function guarded(fn) { return new
 * CircuitBreaker(fn, opts) }`): each function its callers pass at `param` runs behind it.
 */
export interface BreakerFactoryFact {
  /** File-local id of the factory. */
  fn: string;
  param: number;
  library: BreakerFact["library"];
  location: Location;
}

export interface FunctionFact {
  id: string;
  name?: string;
  /** It takes a third parameter (express's `next`): middleware that passes the request on, not the handler that answers it. */
  takesNext?: true;
  /** Declared `async`: a call nobody awaits returns at its first `await`, before the calls after it are made. */
  async?: true;
  /** Declared without a body (an abstract method, an overload's signature): what runs is another class's (model/call-graph.ts). */
  bodiless?: true;
  /**
   * The class of what it returns, as its file names it: its declared return type (`create(): OrdersController`) or the
   * instance every `return` of its body makes (`return new OrdersController(service)`, or a local holding one), for the
   * methods called on what a caller keeps (`const controller = factory.create(); controller.place()`).
   */
  returnsClass?: { specifier: string; name: string } | { local: string };
  location: Location;
}

/** A call from one function to another, by name; resolved across files in the model phase. */
export interface CalleeFact {
  from?: string;
  /** `foo()` → { name: "foo" }; `x.foo()` → { object: "x", name: "foo" }; `this.foo()` → { object: "this", name: "foo" }. */
  object?: string;
  name: string;
  /** A direct, file-local function id (a nested function, a handler passed by value). */
  local?: string;
  /** The class the call is made from, for `this.x()`. */
  className?: string;
  /**
   * The object is a local holding what a call of the project returned (`const controller = factory.create();
   * controller.place()`): that call, as `factory.create`, `this.factory.create` or `makeController`, whose function's
   * returned class has the method (model/call-graph.ts).
   */
  madeBy?: string;
  awaited: boolean;
  parallel: Parallel;
  /** Called and left: a statement of its own that nothing awaits, returns or reads, handed no callback (`notify(order);`). */
  left?: true;
  /** A nested function handed to a timer or deferral (`setTimeout(async () => …, 3000)`, `setImmediate(fn)`): it runs after its parent goes on. */
  deferred?: true;
  /**
   * A callback that runs once another call has completed: `request(url, cb)`, `p.then(cb)`,
   * the next step of `async.waterfall([...])`. The location of that call (or of the previous step).
   */
  after?: Location;
  /** The branches it runs in, inside its function (extract/arms.ts): `line:column/arm`, with `>line:column` when the arm returns. */
  arms?: string[];
  /** The call's arguments that are string literals (others null), kept only when one is: `sendEvent("orders", "v1/x", body)`. */
  literalArgs?: (string | null)[];
  /** Arguments that look like URLs (`getJson(\`${USERS_URL}/v1/users/${id}\`)`), by position: for a callee that calls with its parameter. */
  urlArgs?: UrlArgument[];
  /** An options object among the arguments sets a `deadline` (a gRPC call on a client another module makes). */
  deadline?: true;
  /**
   * Run through an opossum breaker's `fire` (`controller.create.fire(req, res)`, `breaker.fire(x)` on a breaker a
   * factory made around the function): what it reaches runs behind a circuit breaker.
   */
  fired?: true;
  /** Arguments that name a function (`guarded(charge)`, `wrap(this.fetch.bind(this))`), by position: for a callee that makes a breaker around its parameter. */
  fnArgs?: { index: number; ref: { object?: string; name: string; local?: string } }[];
  /** What the arguments carry that a callee may call with (null for the others), kept only when one does: model/value-flow.ts. */
  flowArgs?: (FlowArg | null)[];
  /** The nested function is a promise's executor (`new Promise((resolve) => …)`): it runs at once, not when called later. */
  executor?: true;
  /** A command or query sent through a bus or mediator (`commandBus.execute(new PlaceOrder())`): its class, whose handler runs (extract/mediator.ts). */
  command?: string;
  /**
   * The command is an event published on a bus or applied by an aggregate (`eventBus.publish(new OrderPlaced())`,
   * `this.apply(new OrderPlaced())`): its handler runs on its own, after the caller goes on (the edge is `left`), yet it
   * runs because of the call (what it writes or publishes is the caller's doing for dual-write).
   */
  event?: true;
  /**
   * The event is applied to an aggregate (`order.apply(new OrderPlaced())`, NestJS CQRS): it reaches the bus, and its
   * handler runs, only where the aggregate is committed (`commit()`), so the edge is drawn from there
   * (model/aggregate-commits.ts), not from the function applying it.
   */
  applied?: true;
  /**
   * Called on the variable of a loop over a list written to hold an abstract class or interface (`for (const step of
   * this.steps) step.invoke(x)`, extract/loop-elements.ts): the method of every implementing class runs.
   */
  each?: true;
  /**
   * A method called on an instance made in scope (`const auth = new AuthClient({ baseUrl })`, then `auth.verify(t)`): what
   * its `new` passed, for the constructor parameters the method's requests read (model/value-flow.ts).
   */
  receiverArgs?: (FlowArg | null)[];
  location: Location;
}

export type Engine = "postgres" | "mysql" | "mongodb" | "redis" | "sqlite" | "mssql" | "elasticsearch" | "opensearch" | "unknown";

export interface DatastoreFact {
  engine: Engine;
  /**
   * Opened by a connecting helper of this package (`connectMongo(url)` imported from it): a connection only when the
   * package is not in the scan (a workspace package's helper is read where it is declared).
   */
  helperOf?: string;
  /** The library that opens it: pg, prisma, mongoose, ... */
  library: string;
  /** A connection string, if given as one. */
  url?: Value;
  host?: Value;
  port?: Value;
  database?: Value;
  /**
   * The dialect, client or driver name when the file alone could not say which
   * engine it is (`dialect: config.dialect`, imported): the model renders it and
   * maps it with engineOfDialect (extract/datastores/connection.ts).
   */
  dialect?: Value;
  /**
   * The options object is an import (`new DataSource(dataSourceOptions)` with the object
   * exported by another file): the model reads its url, host, port, database and dialect
   * from that module's constants (`dataSourceOptions.host`, ...).
   */
  options?: { specifier: string; name: string };
  /**
   * A job queue's connection (Bull, BullMQ): the server is the queue's broker. Two
   * services that meet on it only through queues exchange messages, they do not share data.
   */
  queue?: true;
  /**
   * Made by the options method of a NestJS options factory class (`createTypeOrmOptions()` of `TypeOrmConfigService`):
   * the class's name. It opens a connection only where a module is given it (`forRootAsync({ useClass })`).
   */
  optionsClass?: string;
  /**
   * Set by the model for a connection opened with its function's parameters (model/connection-arguments.ts): the call
   * that passed them, where a host it writes is written.
   */
  passedAt?: Location;
  /** The host itself came from what that call passed (the URL starts with the parameter, or the host option is one). */
  hostPassed?: true;
  /**
   * A search cluster's client made in a file whose only requests to it check its health (`cluster.health()`, `ping()`):
   * the service waits for the cluster (or ships its logs there), it keeps no data of its own in it.
   */
  healthCheck?: true;
  /** Connection parameters come from the driver's own env vars (PGHOST, ...). */
  driverEnv?: boolean;
  location: Location;
}

export type TableAccess = "read" | "write" | "create";

/**
 * A statement that changes stored data, made inside a function: an INSERT/UPDATE/DELETE text, a knex
 * `insert`/`update`/`del`, an ORM's `create`/`save`/`update`/`delete` (extract/writes.ts).
 */
export interface WriteFact {
  /** The table, model or collection written, when the code names it. */
  target?: string;
  /** How it writes: "sql", "knex", "prisma", "typeorm", "sequelize", "mongoose", "mongodb". */
  library: string;
  /** The statement or method: "INSERT", "create", "save". */
  operation: string;
  /** File-local id of the enclosing function. */
  inFunction: string;
  /** The branches it runs in, inside its function (extract/arms.ts): `line:column/arm`, with `>line:column` when the arm returns. */
  arms?: string[];
  /**
   * A Prisma write through a client whose name says nothing (`this.databaseService.order.create`): the class its field
   * is typed with, kept by the model only when that class extends PrismaClient (model/prisma-clients.ts).
   */
  clientClass?: TopicMemberFact["base"];
  location: Location;
}

export interface TableFact {
  table: string;
  access: TableAccess;
  /** The file is a migration (creates are ownership claims). */
  migration: boolean;
  location: Location;
}

/**
 * The transport a topic, queue, subject or message pattern travels on. Two topics with one name on
 * two transports are two things. "unknown": a NestJS microservice pattern whose transport was not found.
 */
export type MessagingSystem =
  | "kafka"
  | "amqp"
  | "nats"
  | "nats-streaming"
  | "redis"
  | "mqtt"
  | "tcp"
  | "grpc"
  | "bull"
  | "sqs"
  | "sns"
  /** Google Cloud Pub/Sub: topics published to, subscriptions received from. */
  | "gcp-pubsub"
  /** Dapr pub/sub through the service's sidecar (its component names the broker: Kafka, RabbitMQ, Redis streams, ...). */
  | "dapr"
  /** Encore.ts Pub/Sub: topics an Encore app declares, which its runtime runs on the cloud's broker. */
  | "encore"
  | "unknown";

/**
 * Where a NestJS microservice transport is chosen:
 * - nest-server: the handlers (@MessagePattern, @EventPattern) of the service take the transport of
 *   its `NestFactory.createMicroservice` / `app.connectMicroservice` options;
 * - nest-client: `client.send` / `client.emit` take the transport of the client registered under
 *   `token` (`ClientsModule.register([{ name, transport }])`).
 */
export type TransportRef =
  | { kind: "nest-server" }
  /**
   * `transport`: the options' transport where they are another module's (`@Client(config.clientOptions)`): a value of
   * that module (`default.clientOptions.transport`), which the model renders (`{Transport.REDIS}`).
   */
  | {
      kind: "nest-client";
      token: Value;
      transport?: Value;
      /** Made in place by `ClientProxyFactory.create(options)` whose options a helper builds: no registration names it. */
      made?: true;
    }
  /**
   * The call is on an object another module exports (`import { stan } from "./nats"`): its system (and for a
   * queue its topic) are those of that module's "object" TransportFact; without one, the call is no topic.
   */
  /**
   * A member typed with a class of the project that may extend one of Nest's client classes (`private kafka: KafkaService`
   * where `class KafkaService extends ClientKafka`): the model reads the class where it is declared; a class that
   * extends none makes no topic.
   */
  | { kind: "client-class"; class: { specifier: string; name: string } | { local: string } }
  | {
      kind: "object";
      specifier: string;
      name: string;
      /**
       * On a member of that object (`natsWrapper.client.publish(...)`): a wrapper of the client. When the module has no
       * broker object by that name, its system is that of the one messaging library the module imports.
       */
      member?: string;
    };

export interface TopicFact {
  /** Absent when `transportFrom` says where the model finds it. */
  system?: MessagingSystem;
  transportFrom?: TransportRef;
  topic: Value;
  role: "produce" | "consume";
  /**
   * A request that waits for its reply (NestJS `client.send`, NATS `request`), or the handler that
   * sends one (`@MessagePattern`, `@GrpcMethod`): a synchronous call over a broker or a socket.
   */
  requestReply?: boolean;
  /**
   * The topic is `this.<name>` in a base class (`abstract subject: Subjects`): each subclass that
   * sets the member (`subject = Subjects.TicketCreated`) uses the topic (see TopicMemberFact).
   */
  member?: { className: string; name: string };
  inFunction?: string;
  /**
   * The handler by name when it is not a function of this file (`server.addService(def, { quote })` with `quote`
   * imported): resolved across files in the model, as a route's handlerRef is.
   */
  handlerRef?: { object?: string; name: string };
  /**
   * A gRPC request (system grpc, role produce): the address the client was made with
   * (`new shop.PaymentService(process.env.PAYMENT_ADDR, creds)`), or the injection token of the
   * NestJS ClientGrpc it came from, whose registration's `options.url` is the address. `methodFrom`: the method is
   * a parameter of a helper (`client[method](req, cb)`), named by each call site of that function (model/grpc.ts);
   * `clientFrom`: the client is one too (`callGrpc(client, method, req)`), a module-level client each call site hands over.
   */
  grpc?: { address?: Value; token?: Value; deadline?: string; methodFrom?: { fn: string; index: number }; clientFrom?: { fn: string; index: number } };
  /**
   * A NATS JetStream pull consumer (`js.consumers.get(stream, durable)`, then `consume()` or `fetch()`): `topic` is the
   * stream; the subjects it takes are those of the consumer's or the stream's configuration (FileFacts.jetStreamConfigs),
   * looked up across the scan in the model.
   */
  pull?: { stream: Value; durable?: Value };
  /**
   * A gRPC service (topic `Service/*`) whose handlers are another module handed over whole
   * (`server.addService(def, require("./handlers"))`): that module, and what is taken of it ("default", "*" or a
   * name). Each function it exports handles the rpc of its name (model/grpc-module-handlers.ts).
   */
  implementedBy?: { specifier: string; name: string };
  /** Set by the walk for a call it saw: awaited (`await`, `firstValueFrom`) and inside Promise.all. */
  awaited?: true;
  parallel?: Parallel;
  /** A request its function neither awaits nor returns (`client.send(...).toPromise()` left to run): nothing waits for its reply. */
  fired?: true;
  /** The branches it runs in, inside its function (extract/arms.ts): `line:column/arm`, with `>line:column` when the arm returns. */
  arms?: string[];
  location: Location;
}

/**
 * An env file the code loads itself: `dotenv.config({ path })`, NestJS
 * `ConfigModule.forRoot({ envFilePath })`. Its variables count for the
 * service the file belongs to, below the env its deployment sets.
 */
export interface EnvFileFact {
  /** As written, "/"-separated, e.g. "../.env" or "config/config.env". */
  path: string;
  /** What the path is relative to: the process's working directory, or the folder of the file that loads it (`__dirname`). */
  base: "cwd" | "file";
  /**
   * A file name built at run time (`.env.${process.env.NODE_ENV}`): `path` holds one `*` in its last segment where the
   * run-time part goes, and `chosenBy` names the variable that fills it (with the code's default), when it is one.
   */
  chosenBy?: { env: string; fallback?: string };
  /**
   * No path was given: the loader's default, `.env` in the working directory (`ConfigModule.forRoot()`, dotenv's
   * `config()`). Discovery reads that file for every service already; this only says, when it is left out, that the
   * service's variables come from it.
   */
  defaulted?: true;
  location: Location;
}

/** `class TicketCreatedPublisher extends Publisher { subject = Subjects.TicketCreated }`: a subclass sets a topic-like member. */
export interface TopicMemberFact {
  className: string;
  /** The base class: imported, or declared in this file. */
  base: { specifier: string; name: string } | { local: string };
  member: string;
  value: Value;
  location: Location;
}

/**
 * A NestJS transport choice: server options (`createMicroservice`, `connectMicroservice`), a client
 * (`ClientsModule.register` entry with its `name`, `ClientProxyFactory.create`), or an options object
 * with `transport: Transport.X` seen anywhere else (a helper that builds the options: "options").
 * `system` is absent when the options are not an object this file spells out.
 * Or "object": a module-level broker connection or queue other modules may import (`name`, its variable;
 * `topic`, a queue's name).
 */
export interface TransportFact {
  kind: "server" | "client" | "options" | "object";
  system?: MessagingSystem;
  token?: Value;
  /** A gRPC client's `options.url`: the address its stubs call. */
  address?: Value;
  /**
   * A client registered with options spread from elsewhere (`{ name: "USERS", ...natsOptions }`): the `transport` of what
   * is spread, read in the model from the module that defines it.
   */
  spreadTransport?: Value;
  /** A server of `NestFactory.createMicroservice`: the app serves that transport alone, no HTTP (a hybrid app connects one with `connectMicroservice`). */
  standalone?: true;
  /** A module-level gRPC client (kind "object") whose options set a deadline on every call (extract/call-deadlines.ts): how. */
  deadline?: string;
  name?: string;
  topic?: Value;
  location: Location;
}

export interface Suppression {
  kind: "next-line" | "block";
  rules: string[];
  justification?: string;
  /** The comment's own location. */
  location: Location;
  /** Lines it covers (inclusive). */
  fromLine: number;
  toLine: number;
}

export interface FileFacts {
  file: string;
  imports: ImportFact[];
  /**
   * Names imported as types only (`import type { Ledger } from "./ledger"`): no import of the code, but a parameter typed
   * with one has the members of what its module builds with it (model/interface-holders.ts).
   */
  typeImports?: Pick<ImportFact, "local" | "imported" | "specifier">[];
  /**
   * OpenAPI documents a package routes requests by at run time (`new OpenAPIBackend({ definition })`): the document's file
   * as the code names it, `fromDir` when it is relative to the file's folder (`path.join(__dirname, "../openapi.yaml")`);
   * the engine reads each and adds one route per operation (extract/openapi-backend.ts, openapi-routes.ts).
   */
  openapiDocuments?: { spec: string; fromDir: boolean; location: Location }[];
  /**
   * The configuration folders an express-gateway process loads (`gateway().load(path.join(__dirname, "config"))`), as
   * the code names them, `fromDir` when relative to the file's folder; the engine reads each folder's gateway.config.yml
   * into routes and the proxies they forward through (extract/express-gateway.ts, express-gateway-routes.ts).
   */
  /**
   * A service registry asked for a service's instances by its name (eureka-js-client's `getInstancesByAppId("orders")`, consul's `health.service("orders")`),
   * in this function (file-local id) and these branches: a call of that function whose URL does not resolve is made to
   * the instance the registry answers with (model/calls.ts). Absent when none.
   */
  registryLookups?: { name: string; registry: string; inFunction?: string; arms?: string[]; location: Location }[];
  gatewayConfigDirs?: { spec: string; fromDir: boolean; location: Location; /** The folder is not written in a way read here: the argument as written. */ unread?: string }[];
  /**
   * Settings files a configuration factory returns the contents of (`() => yaml.load(readFileSync(join(__dirname,
   * "config.yaml")))` loaded by `ConfigModule.forRoot({ load })`), as the code names them, with the namespace
   * (`registerAs`) they are read under; the engine reads each into constants `config:<key>` (loaded-config-files.ts).
   */
  settingsFiles?: { spec: string; fromDir: boolean; namespace: string; location: Location }[];
  /**
   * Configuration namespaces whose factory returns another module's settings object (`registerAs("app", () =>
   * values.default)` over `import * as values from "./config.values"`, whose `export default { apiPrefix: … }`):
   * `configService.get("app.apiPrefix")` reads that module's `default.apiPrefix` (model/values.ts; absent when none).
   */
  configAliases?: { namespace: string; specifier: string; imported: string }[];
  /** Modules imported only to run them, binding no name: `import "./telemetry"`, a statement `require("./server");` (absent when none). */
  bareImports?: string[];
  /** The first line that loads a module by a path built at run time (`require(path.join(dir, file))`, `import(name)`); absent when none. */
  loadsAtRunTime?: number;
  /**
   * For each such load, the folder it reads, relative to the file's own, and how many names below it the path adds
   * (`path.join(__dirname, version, file)`: ".", 2); null where the path does not say (absent when there are none).
   */
  runTimeFolders?: ({ folder: string; depth: number } | null)[];
  /**
   * Modules the file loads other than by an import declaration or a `const x = require("m")` the imports hold: a require
   * anywhere else (inside a call, in a function), `import("m")` of a literal, `export … from "m"`, `import "m"`. With the
   * line, for cross-service-import (absent when none).
   */
  moduleReferences?: { specifier: string; line: number }[];
  /**
   * Globals the file points at a folder: `global.appRoot = path.resolve(__dirname)` is `{ name: "appRoot", path: "." }`
   * (the folder relative to the file's). Requires written `${global.appRoot}/…` in any file resolve from there.
   */
  globalDirs?: { name: string; path: string }[];
  /**
   * Passport (extract/passport.ts): the strategies the file registers, by the name routes authenticate with (the verify
   * function, or a NestJS strategy class's `validate`), and the NestJS guard classes that run one (`class JwtGuard
   * extends AuthGuard("jwt")` is `{ JwtGuard: "jwt" }`). Absent when none.
   */
  passport?: {
    strategies?: { name: string; handler?: string; handlerRef?: { object?: string; name: string } }[];
    guards?: Record<string, string>;
  };
  /** Exported name → file-local id (app object or function id), "const:<name>", "class:<Name>", or "instance:<Name>" for `module.exports = new Name()`. */
  exports: Record<string, string>;
  /** Module-level string constants, evaluated as far as one file allows. */
  constants: Record<string, Value>;
  /** Re-exports: `export { x } from "./y"`, `export * from "./z"`. */
  reexports: { name: string; imported: string; specifier: string }[];
  functions: FunctionFact[];
  callees: CalleeFact[];
  routes: RouteFact[];
  /**
   * The middleware an app or router `use`s for every request, by its id (`const gate = Router(); gate.use(auth)`): what
   * it runs when another file puts it before a route as middleware (`router.put("/", gate, handler)`). Absent when none.
   */
  routerUses?: Record<string, MiddlewareStep[]>;
  mounts: MountFact[];
  /**
   * A prefix a framework puts before every route of its decorated controllers in this service, set outside the
   * controllers: tsoa.json's `routes.basePath`, inversify-express-utils' `rootPath`. Only where one is set.
   */
  frameworkPrefixes?: Partial<Record<Framework, { prefix: string; location: Location }>>;
  nest: NestFacts;
  /** Controller methods whose route a decorator of the project may make, read in the model (absent when none). */
  nestDecoratorRoutes?: NestDecoratorRouteFact[];
  calls: HttpCallFact[];
  /** Calls through a function or client a parameter holds (absent when none). */
  flowCalls?: FlowCallFact[];
  /**
   * Calls of a parameter as a function (`await onMessage(topic, payload)` inside the callback a subscribe helper gives
   * its broker): what the helper's callers pass there is what runs (model/handed-callbacks.ts). Absent when none.
   */
  paramCalls?: { from: string; fn: string; index: number; location: Location }[];
  /** Handler methods of command and query classes (`@CommandHandler(PlaceOrder)` … `execute`), by the command's class name (absent when none). */
  commandHandlers?: { command: string; fn: string }[];
  /** `aggregate.commit()` (NestJS CQRS): where the events applied to an aggregate are handed to the bus, by file-local function id (absent when none). */
  aggregateCommits?: { from: string; location: Location }[];
  /** Objects (or HTTP clients) functions return, by file-local function id: what `const deps = makeDeps(options)` holds (absent when none). */
  flowReturns?: Record<string, FlowArg>;
  datastores: DatastoreFact[];
  tables: TableFact[];
  /** schema.prisma: where its generators write the client (`output`), from the repository's root; a client imported from there is this schema's. */
  prismaClientOutputs?: string[];
  /** Writes to the service's own datastore made inside a function (dual-write); absent in facts cached before they were read. */
  writes?: WriteFact[];
  topics: TopicFact[];
  topicMembers: TopicMemberFact[];
  /**
   * NATS JetStream pull consumers fetched by stream and durable name (`js.consumers.get(stream, durable)`): read as
   * consumers of the subjects their configuration names (TopicFact.pull, model/topics.ts); one whose subjects are not
   * found is said in a diagnostic (model/understood.ts).
   */
  jetStreamPulls?: Location[];
  /**
   * JetStream configuration the code declares: a durable consumer (`jsm.consumers.add(stream, { durable_name,
   * filter_subject(s) })`, `durable` set) or a stream (`jsm.streams.add({ name, subjects })`): the subjects each takes.
   */
  jetStreamConfigs?: { stream: Value; durable?: Value; subjects: Value[]; location: Location }[];
  transports: TransportFact[];
  suppressions: Suppression[];
  /** App objects declared in this file: id → framework. */
  apps: Record<string, Framework>;
  /** The app objects classes of this file hold in fields (`router = Router()`): `Class.field` → object id (absent when none). */
  classFields?: Record<string, string>;
  /** Prefixes an app object gives itself (koa-router `prefix`, hono `basePath` on creation). */
  objectPrefixes: Record<string, string>;
  /**
   * Folders of route modules mounted on `parent` (`dir` relative to the root): @fastify/autoload's plugin
   * files (each default export, under its sub-folders' names unless `dirNames` is false), and
   * routing-controllers' `controllers: [__dirname + "/controllers/*.ts"]` (`controllers`: each exported
   * class, under the prefix alone, in sub-folders too when the glob says `**`).
   */
  autoloads: {
    parent: string;
    dir: string;
    prefix: string;
    location: Location;
    dirNames?: false;
    controllers?: { recursive: boolean };
    /**
     * `controllers.forEach((c) => app.use("/api", c.router))` over controller instances handed in from elsewhere: the
     * routers classes of the service hold in that field (`public router = express.Router()`), mounted nowhere else.
     */
    classRouters?: string;
  }[];
  /** Functions that return an app object they build: function id → object id. */
  returns: Record<string, string>;
  /** Those of `returns` whose name the file writes again after declaring them (a call, an export list): used here (model/unused-factories.ts). */
  factoriesNamedAgain?: string[];
  /**
   * Functions that make a gRPC client and return it (extract/grpc-js.ts): function id → the service and address it is
   * made with, which may be references to the function's parameters (absent when none).
   */
  grpcFactories?: Record<string, { service: Value; address: Value; deadline?: string }>;
  /**
   * Module-level constants set to what a function of the project returns, with what the call passes:
   * `const users = loadClient({ serviceName: "UserService", address: "users:50051" })` (absent when none).
   */
  moduleResults?: {
    name: string;
    callee: string;
    /** `Clients.load(...)`: the class (imported or of this file) or namespace import whose static function `callee` is. */
    object?: string;
    args: (FlowArg | null)[];
    location: Location;
  }[];
  /**
   * Class members set to what a function of the project returns (`this.api = serviceAdaptor(process.env.ORDERS_URL)` in a
   * constructor, `private api = serviceAdaptor(url)`), named `this.api`: read as an HTTP client only (model/made-clients.ts).
   */
  memberResults?: NonNullable<FileFacts["moduleResults"]>;
  /**
   * Route registrations whose options are not written where they are registered (`fastify.route({ ...listItems })`,
   * `fastify.route(opts)` of an object another module exports): no route is made of them, and they are said.
   */
  unreadRoutes?: { what: string; location: Location }[];
  /** HTTP client instances (axios.create, got.extend, undici Pool): id → client and base URL. */
  clients: Record<string, { client: CallClient; base?: Value; timeout?: true }>;
  /** The file makes requests with a timeout or an abort signal (`this.fetch(url, { signal })` in a client class). */
  timedRequests?: true;
  /** `axios.defaults.timeout = ms`: every axios call of the service gets it (the default instance, and instances made from it). */
  axiosDefaultsTimeout?: Location;
  /** Functions run behind a circuit breaker (absent when none). */
  breakers?: BreakerFact[];
  /**
   * Functions an exported object gathers (`export const controller = { register }`), by `object.property`: one of
   * this file (`fn`) or an import (extract/object-members.ts).
   */
  objectMembers?: Record<string, { fn: string } | { specifier: string; imported: string }>;
  /**
   * Module-level factories that return an object of their own functions (`return { connect, send }`): factory id →
   * returned key → the inner function's id (extract/returned-members.ts).
   */
  returnedMembers?: Record<string, Record<string, string>>;
  breakerFactories?: BreakerFactoryFact[];
  /**
   * gRPC stubs a class keeps in a member other classes may read (`svc` of a client wrapper, set from
   * `this.client.getService("CartService")` or `@Service("CartService")` of @nestcloud/grpc): absent when none.
   */
  grpcStubMembers?: { className: string; member: string; service: Value; client?: { token?: Value; address?: Value }; location: Location }[];
  /**
   * Calls through a member of another object whose name this file never declares (`ctx.rpc.cart.svc.addItem(req)`,
   * `this.catalog.svc.find(req)`): a stub of another class's, when one is named so (model/grpc.ts). Absent when none.
   */
  memberCalls?: { from: string; member: string; name: string; awaited: boolean; location: Location }[];
  /** `class OrderService extends BaseService`: each class's base, imported or declared in this file (absent when none). */
  classBases?: Record<string, TopicMemberFact["base"]>;
  /** `class Publisher implements IPublisher`: the interfaces each class implements, imported or declared in this file (absent when none). */
  classImplements?: Record<string, NonNullable<TopicMemberFact["base"]>[]>;
  /** NestJS providers `{ provide: OrderRepository, useClass: PostgresOrderRepository }`: the class injected for a class token (absent when none). */
  classBindings?: { token: NonNullable<TopicMemberFact["base"]>; impl: NonNullable<TopicMemberFact["base"]> }[];
  /**
   * `new PlaceOrder(ledger, announcer)` with arguments whose class the code states where they are passed (a typed
   * parameter, a `new SqlLedger()`): the class made, and per argument the class passed or null (absent when none).
   */
  constructions?: { cls: NonNullable<TopicMemberFact["base"]>; args: (NonNullable<TopicMemberFact["base"]> | null)[] }[];
  /** Each class's constructor parameters in order, by name when it is a parameter property (`private readonly ledger: Ledger`), else null (absent when none). */
  constructorMembers?: Record<string, (string | null)[]>;
  /**
   * Members a class declares with a class for their type: `constructor(private readonly publisher: TicketCreatedPublisher)`
   * or `private readonly publisher: TicketCreatedPublisher;`, by `Class.member` (absent when none). What NestJS or any
   * injector hands the member is an instance of that class, whatever the member is named.
   */
  memberTypes?: Record<string, TopicMemberFact["base"]>;
  /**
   * Members a class types with a generic class and the classes it is given (`private readonly createUser:
   * UseCaseProxy<CreateUserUseCase>`), by `Class.member` (absent when none): an argument that is no plain class is null.
   */
  wrappedMembers?: Record<string, { wrapper: TopicMemberFact["base"]; args: (TopicMemberFact["base"] | null)[] }>;
  /**
   * Methods of a generic class that take nothing and hand back what one of its type parameters stands for (`getInstance():
   * T`, or `return this.useCase` of a member typed `T`), by `Class.method`: the parameter's index (absent when none).
   */
  typeParamAccessors?: Record<string, number>;
  /** Brokers the file connects to (absent when none). */
  brokerAddresses?: BrokerAddressFact[];
  /** Calls at the top of the module that hand functions to a function of the project (`const chargeBreaker = guarded(charge)`): no caller, so no CalleeFact. */
  moduleCalls?: Pick<CalleeFact, "object" | "name" | "fnArgs" | "location">[];
  /** Env files the code loads (absent when none). */
  envFiles?: EnvFileFact[];
  /** Tracing SDKs the file loads (extract/tracing.ts), with the line of the first import or require of each (absent when none). */
  tracing?: { module: string; line: number }[];
  /** Ports a server of this file listens on, `app.listen(5555)` (absent when none). */
  listens?: { port: Value; location: Location }[];
  /** NestJS options factory classes the file hands a datastore module (`TypeOrmModule.forRootAsync({ useClass: TypeOrmConfigService })`; absent when none). */
  optionsClasses?: string[];
  /** The file imports a Redis client and calls a key or data command (`get`, `hSet`, `lPush` …) on something. */
  redisData?: true;
  /** The file imports a Redis client and pings something (`client.ping()`): what it pings, as written (`redis`, `this.client`). */
  redisPing?: string[];
  /** What the file calls Redis key or data commands on, as written (`redis` of `redis.get(key)`), beside redisData. */
  redisDataOn?: string[];
  /** Specifiers of local modules whose exported binding this file calls Redis key commands on (`client.get(key)` of `import client from "./lib/cache"`). */
  redisKeysVia?: string[];
  /** The file makes a search cluster's data request (`.search(`, `.index(`, `.bulk(`, `.indices.` …) on something, any client. */
  searchRequests?: true;
  /** Moleculer service schemas, action calls, events and broker options of the file (extract/moleculer.ts; absent when none). */
  moleculer?: MoleculerFacts;
  /** Seneca patterns the file adds handlers for and acts on (extract/seneca.ts; absent when none). */
  seneca?: SenecaFacts;
  /** GraphQL resolvers of a resolver map the file declares (extract/graphql-resolvers.ts; absent when none). */
  graphqlResolvers?: GraphqlResolverFact[];
  /**
   * Handlers of the messages clients send over a socket (extract/socket-events.ts; absent when none): the event, and the
   * handler as a file-local function id or a reference to resolve.
   */
  socketEvents?: { event: string; handler?: string; handlerRef?: { object?: string; name: string }; location: Location }[];
  /**
   * Instances the file makes at its top level and may export (`export const orders = new ServiceClient(process.env.ORDERS_URL)`),
   * by binding (`default` for `export default new X(…)` or `module.exports = new X(…)`): what `new` passed, for the
   * constructor parameters their methods' requests read (model/value-flow.ts). Absent when none passes anything followed.
   */
  instances?: Record<string, (FlowArg | null)[]>;
  /** Module-level constants holding an instance of a class (`const routes = new Routes(controller)`): name → the class's name here. */
  instanceClasses?: Record<string, string>;
  /**
   * Module-level constants holding a member of a fresh instance (`const userRouter = new UserRoutes().router`,
   * `const routes = new Routes().getRouter()`): name → the class's name here and the field read or the method called.
   */
  instanceMembers?: Record<string, { className: string; field?: string; method?: string }>;
  /** babel-plugin-module-resolver's options in a Babel config file (extract/babel-aliases.ts): aliases and roots, as written. */
  babelAliases?: { alias: Record<string, string>; root?: string[] };
}

/**
 * `Query: { user: async (_, { id }) => … }`: a field a GraphQL type resolves with a function, at the function: a query's or
 * mutation's, or an object type's field (`Order: { customer: (order) => … }`) that a query's answer runs.
 */
export interface GraphqlResolverFact {
  /** `Query`, `Mutation`, or the object type (`Order`). */
  type: string;
  /** The field, or `*` with `holder`: every function that binding holds is a field. */
  field: string;
  /** Where the resolver function starts: the location its FunctionFact has (with `ref` or `holder`: where the map names it). */
  at: Location;
  /** The field's function is this imported binding (`Query: { order: loadOrder }`, loadOrder imported). */
  ref?: string;
  /** The type's fields are the functions this imported binding holds (`import * as Query from "./Query"`; an imported object). */
  holder?: string;
}

/**
 * What a file says of Seneca (extract/seneca.ts): the patterns it adds handlers for (`seneca.add("role:stock,cmd:count",
 * handler)`, `this.add({ role: "stock", cmd: "count" }, handler)` in a plugin) and the patterns it acts on
 * (`seneca.act({ role: "stock", cmd: "count", sku }, reply)`), each as its `key:value` pairs written out.
 */
export interface SenecaFacts {
  adds: { pattern: Record<string, string>; handlerAt?: Location; handlerRef?: { object?: string; name: string }; location: Location }[];
  acts: { pattern: Record<string, string>; inFunction?: string; awaited: boolean; parallel: Parallel; location: Location }[];
}

/**
 * What a file says of Moleculer (extract/moleculer.ts): the service schemas it declares (with moleculer-web's
 * routes when the service mixes in the API gateway), the actions it calls (`ctx.call("users.get")`), the events it
 * emits, and the broker options it sets (`new ServiceBroker({...})`, moleculer.config.js).
 */
export interface MoleculerFacts {
  services: MoleculerServiceFact[];
  calls: MoleculerCallFact[];
  emits: { event: Value; broadcast?: true; inFunction?: string; location: Location }[];
  brokers: MoleculerBrokerFact[];
}

export interface MoleculerServiceFact {
  name: string;
  /** `version: 2` (the actions are `v2.users.get`) or a string version (`staging.users.get`). */
  version?: { text: string; numeric: boolean };
  /** `settings.$noVersionPrefix: true`: the actions keep their plain names. */
  noVersionPrefix?: true;
  /** `settings.rest`: the base path autoAliases put the service's actions under (default: `/<name>`, versioned as the name is). */
  restBase?: string;
  actions: MoleculerActionFact[];
  events: { name: string; handlerAt?: Location; location: Location }[];
  /** The service mixes in moleculer-web's ApiGateway (or spreads it): its `settings.routes` serve HTTP. */
  gateway?: true;
  routes?: MoleculerWebRouteFact[];
  /** Functions of `methods: {}`, by name: `this.name()` in an action runs them. */
  methods?: Record<string, Location>;
  location: Location;
}

export interface MoleculerActionFact {
  name: string;
  /** Where its handler function starts (the model finds the function's id there). */
  handlerAt?: Location;
  /** The handler by name when it is not written in place (`handler: login` imported from another file). */
  handlerRef?: { object?: string; name: string };
  /** `rest: "GET /"`, `rest: { method, path }`, `rest: ["GET /a", "POST /b"]`, `rest: true`: the routes autoAliases make of it. */
  rest?: { method: string; path?: string }[];
  /** `visibility: "private" | "protected"`: not callable from other nodes nor published by the gateway. */
  visibility?: string;
  location: Location;
}

export interface MoleculerWebRouteFact {
  path: string;
  aliases: { method: string; path: string; action?: string; location: Location }[];
  autoAliases?: true;
  /** "restrict": only aliases are served; "all" (the default): every published action too, at `<path>/<service>/<action>`. */
  mappingPolicy?: string;
  /** Which actions the route may call (`"users.*"`, `/^math\.\w+$/`): absent when every action may be. */
  whitelist?: string[];
  location: Location;
}

export interface MoleculerCallFact {
  /** The action called: `users.get`, `v2.users.get`. */
  action: Value;
  inFunction?: string;
  awaited: boolean;
  parallel: Parallel;
  /** The call's own options bound how long it may wait (`{ timeout: 500 }`). */
  timeout?: string;
  location: Location;
}

export interface MoleculerBrokerFact {
  transporter?: Value;
  /** `transporter: null` (or false): the broker talks to no other node; its services are local to it. */
  noTransporter?: true;
  /** `namespace: "shop"`: only brokers of one namespace (on one transporter) see each other's services. */
  namespace?: Value;
  /** `requestTimeout: 10 * 1000`: every call of the broker has a timeout (0 or absent: none). */
  requestTimeout?: string;
  /** `circuitBreaker: { enabled: true }`. */
  circuitBreaker?: true;
  location: Location;
}

// ---------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------

export type ServiceSource = "workspace" | "package" | "compose" | "config" | "kubernetes" | "nx" | "nest-cli" | "skaffold" | "tilt" | "serverless" | "azd" | "encore" | "dockerfile";

export interface ServiceInfo {
  name: string;
  /** Folder relative to the scan root ("" for the root itself). */
  root: string;
  sources: ServiceSource[];
  packageName?: string;
  /** Hostnames that reach this service: compose service names, aliases, k8s Service names. */
  hosts: string[];
  /** Ports it is known to listen on. */
  ports: number[];
  /** Resolved environment: compose environment and env_file, .env files, config. */
  env: Record<string, string>;
  /** Where each env var came from, for evidence. */
  envSources: Record<string, string>;
  /** The env vars known only from an example file (`.env.example`): a default written in the code wins over them. */
  exampleEnv?: string[];
  /**
   * Of `exampleEnv`, the vars a deployment sets by name (`MONGO_URI: ${AUTH_MONGODB_URI}` in compose, the interpolated
   * value given only by an example file beside it): the container has them set, so a default in the code never applies.
   */
  deployedExampleEnv?: string[];
  /** The line that sets an env var, where discovery knows it (a compose `environment` entry). */
  envLocations?: Record<string, Location>;
  /**
   * The docker compose project the service runs in (its compose files' folder) and the
   * host names of that project's services: those reach containers of this project only,
   * so `postgres` in two projects is two servers.
   */
  composeProject?: { folder: string; hosts: string[] };
  /** Variables its Kubernetes workloads take from a Secret or ConfigMap key the repository does not hold (K8sWorkload.envRefs). */
  envRefs?: Record<string, string>;
  /** Env files its compose entries name (`env_file: .env`) that are not in the repository (kept out of git): its variables come from there. */
  missingEnvFiles?: string[];
  /**
   * Variables its compose entries pass through from their project's `.env` under their own name (`REDIS_HOST: ${REDIS_HOST}`),
   * that file not being in the repository: services of one project passing one through get one value, whatever it is.
   */
  passedThrough?: { file: string; variables: string[] };
  /**
   * Env files code that may run in this service loads (dotenv, NestJS `envFilePath`), its own or a library's, that are not in
   * the repository: each as found from the folder the service starts in, with the file that loads it. The model keeps those
   * the service's files are or import (ModelDatastore.missingEnvFiles).
   */
  loadedEnvMissing?: { file: string; loader: string; defaulted?: true }[];
  /**
   * How the service is started, as its files say (package.json scripts, Dockerfile `CMD`/`ENTRYPOINT`/`ENV NODE_OPTIONS`,
   * compose `command`, Kubernetes `command`/`args`): read by missing-tracing for a tracer loaded before the app.
   */
  starts?: { command: string; /** The package.json script's name, for a script. */ script?: string; location: Location }[];
  /** A tracer the platform injects into its pods (an OpenTelemetry Operator or Datadog admission annotation), or that runs the service (Encore). */
  instrumentation?: { how: string; location: Location };
  /**
   * Its Dapr app id, where its deployment says (the `dapr.io/app-id` annotation of its pods, `dapr run --app-id`, a
   * `daprd --app-id` command): other services reach it through their sidecar by that name (model/dapr.ts).
   */
  daprAppId?: { id: string; location: Location };
  /** What a Dapr Resiliency resource applies to calls made to it through the callers' sidecars (discover/dapr-resiliency.ts). */
  daprResiliency?: { timeout?: string; breaker?: true; location: Location };
  /**
   * Set for a service written in a language arch-lint does not scan (java, go, python, php, nginx, ...):
   * it is still a node of the model, with its environment, but no routes, calls or datastores come from its code.
   */
  language?: string;
  /**
   * For a service in another language: the datastores (Redis, MongoDB) its dependency manifest (go.mod,
   * requirements.txt, pom.xml …) mentions a client of; absent when no manifest was read. Its environment's
   * variables for an engine left out name no connection (discover/manifest-engines.ts).
   */
  manifestEngines?: string[];
  /**
   * Set for one of several servers a package starts from files of its own with nothing deploying it
   * (`order.js`, `payment.js`): the file this service starts. It owns that file; the package's other files
   * belong to the entries that import them (model/entry-services.ts).
   */
  entry?: string;
  /**
   * Set for one of several deployments of one package that each run some of its Moleculer services (compose
   * `SERVICES=users` with moleculer-runner): the service files it runs. It owns them; the package's other files belong
   * to those that import them (model/moleculer-services.ts).
   */
  ownedFiles?: string[];
  /**
   * One of several compose entries that run its folder's program alike, told apart only by their environment (workers
   * with `WORKER_TYPE=payment`): the folder's files belong to the first listed, and the connections they open are each
   * one's too (model/ownership.ts, fileBorrowers).
   */
  replicated?: true;
  /** Files its runner loads that are not its own (moleculer-runner's moleculer.config.js): what they import is the service's too, as a library's is. */
  loads?: string[];
  location: Location;
}

/**
 * A package or project that runs nothing on its own and is imported by services
 * (`libs/common`, `packages/shared`, a NestJS `type: library` project). What it defines
 * (connections, routes, clients) belongs to every service that imports it.
 */
export interface LibraryInfo {
  name: string;
  /** Folder relative to the scan root. */
  root: string;
  packageName?: string;
  location: Location;
}

export type DiagnosticKind =
  | "parse-error"
  | "too-large"
  /** Minified or bundled output (most of the text on lines over 1,000 characters): not parsed. */
  | "minified"
  | "binary"
  | "not-utf8"
  | "unreadable"
  | "symlink-loop"
  | "symlink-outside"
  | "config-file"
  | "unused-suppression"
  | "stale-baseline"
  /** Something the scan saw but could not make sense of: a driver with no datastore, a URL that did not resolve, a framework with no route. */
  | "not-understood";

export interface Diagnostic {
  kind: DiagnosticKind;
  message: string;
  file?: string;
  line?: number;
  /** The service it is about ("not-understood"). */
  service?: string;
}

// ---------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------

export interface ModelRoute {
  id: string;
  service: string;
  framework: Framework;
  method: string;
  path: string;
  version?: string;
  /** Global function id (`<file>#<fn id>`) of the handler. */
  handler?: string;
  location: Location;
  /** The mounts that led to this path, outermost first. */
  mountChain: Location[];
  /** For a route defined in a library: the imports that bring it into the service, the service's own first. */
  via?: Location[];
  /** A health or readiness probe whatever its path (a NestJS health controller: terminus `@HealthCheck()`, `HealthCheckService`, `HealthController`). */
  probe?: true;
  /** NestJS: the handler takes request input (`@Query`, `@Param`, `@Body`), so `GET /` is a resource, not a probe. */
  takesInput?: true;
  /** A wildcard route whose handler answers what no other route took (a 404, a single-page app's index.html). */
  catchAll?: true;
  /** A GraphQL endpoint (see RouteFact.graphql). */
  graphql?: true;
  /** An RPC endpoint (see RouteFact.rpc). */
  rpc?: "trpc" | "connect" | "encore";
  /** An Encore.ts endpoint: the name its module exports it under, which other services call it by (`site.get(req)`). */
  encoreEndpoint?: string;
  /** The route forwards the requests it takes to an upstream (model/proxies.ts): where, and the path the upstream is asked for. */
  proxy?: ModelProxy;
}

/** Where a proxy route forwards to (see ModelRoute.proxy). */
export interface ModelProxy {
  library: ProxyLibrary;
  /** The upstream's base URL as far as it resolved (secrets masked). */
  upstream: string;
  /** The services it forwards to (several when one route is registered for each upstream of a list). */
  targetServices?: string[];
  /** The path the upstream is asked for, when it could be read: the served path, stripped and rewritten as the proxy does. */
  forwards?: string;
  resolution: string;
  /** The call (ModelCall.id) that forwards. */
  call: string;
  location: Location;
}

/** How a gRPC method streams, from its .proto: `rpc M(stream A) returns (B)` is "client", `(A) returns (stream B)` "server", both "bidi". */
export type GrpcStreaming = "client" | "server" | "bidi";

/** A `service` of a .proto file, read without running anything (discover/proto.ts). */
export interface ProtoService {
  /** As written: `PaymentService`. */
  name: string;
  /** With its package: `shop.PaymentService`. */
  fullName: string;
  methods: { name: string; streaming?: GrpcStreaming; location: Location }[];
  location: Location;
}

/** What a gRPC call is: the service and method it asks for, as the .proto names them when one was found. */
export interface GrpcCallInfo {
  /** `shop.PaymentService` when a .proto declares it, else the name the code uses. */
  service: string;
  method: string;
  /** Absent for a unary call, and when no .proto says (then it is taken as unary). */
  streaming?: GrpcStreaming;
  /** The `rpc` line of the .proto that declares the method. */
  proto?: Location;
  /** The address the client was made with, as far as it resolved. */
  address?: string;
}

/**
 * A host the code itself writes into an address (hardcoded-endpoint): not from the environment nor from a
 * configuration file. "fallback": written as the default of an env lookup (`process.env.X ?? "http://x"`).
 */
export interface LiteralHost {
  host: string;
  /** The address as the code writes it (passwords hidden), env lookups without a default shown as ${NAME}. */
  url: string;
  origin: "code" | "fallback";
  /** The env variable it is the fallback of. */
  env?: string;
  /** The file the host is written in, when not the file of the call or connection (an imported constant, a client's base URL). */
  writtenIn?: string;
}

export interface ModelCall {
  id: string;
  /**
   * For a call the value flow made at a caller (a helper's request with the URL its caller passes): the id of the call
   * as written in the helper. A handler that reaches both reaches one request (absent otherwise).
   */
  madeFrom?: string;
  service: string;
  client: CallClient;
  method: string;
  /** The URL as far as it resolved, with unresolved pieces shown as ${...}. */
  url: string;
  targetService?: string;
  targetRoute?: string;
  /** Why the target is what it is (env var resolution, host name ...). */
  resolution?: string;
  /** Global function id of the enclosing function. */
  inFunction?: string;
  awaited: boolean;
  parallel: Parallel;
  /** For a gRPC call (client "grpc"): what it asks for (`url` is then `Service/Method`). */
  grpc?: GrpcCallInfo;
  /** The host when the code writes it (see LiteralHost). */
  literalHost?: LiteralHost;
  /**
   * What protects the caller when the callee is slow: a timeout (how it is set) and a circuit breaker (where the
   * function that makes the call is put behind one). Absent: neither was found.
   */
  guards?: { timeout?: string; breaker?: Location };
  /** The call forwards the request being handled (a proxy route's hop): the library and how it changes the path. */
  proxy?: ProxyFact;
  /** Made through the caller's Dapr sidecar to this app id (`/v1.0/invoke/<app-id>/method/…`, a `dapr-app-id` header, the SDK's `invoker.invoke`): the sidecar's loopback address is the platform's, not another service's. */
  dapr?: { appId: string };
  /** For code outside any service (a shared package): the target as seen with each calling service's env. */
  perService?: Record<string, { url: string; targetService?: string; targetRoute?: string; resolution: string }>;
  /** For a call in a library's code whose host the code writes: the services that import the library, for each of which it is written into the code. */
  usedBy?: string[];
  /** The branches it runs in, inside its function (see HttpCallFact.arms): calls in two arms of one conditional never both run. */
  arms?: string[];
  /** Sent and left (see HttpCallFact.fired): the caller does not wait for its answer. */
  fired?: true;
  location: Location;
}

export interface ModelDatastore {
  /**
   * engine://host:port/database, or undefined when it did not fully resolve; followed by
   * "(compose project <folder>)" when the same address is a container of more than one compose project.
   */
  identity?: string;
  engine: Engine;
  library: string;
  host?: string;
  /** The folder of the compose project whose container the host names, when it is one. */
  composeProject?: string;
  port?: string;
  database?: string;
  service: string;
  /** Human-readable description of how the connection was resolved. */
  resolution: string;
  /**
   * For a connection in a library (or a service in another language): how the service comes to use it,
   * the import statement in the service first, then the imports inside the library that lead to the connection;
   * for another language, the line of its environment that names the datastore.
   */
  via?: Location[];
  /** Opened only as a job queue's broker (DatastoreFact.queue). */
  queue?: true;
  /**
   * A Redis connection opened in a file that publishes or subscribes to channels and reads or writes no key there:
   * a message transport, like a queue's broker, not data two services share.
   */
  pubsub?: true;
  /** Only checked for health (DatastoreFact.healthCheck): a service that waits for a search cluster shares no data in it. */
  healthCheck?: true;
  /** The host when the code writes it (see LiteralHost). */
  literalHost?: LiteralHost;
  /** The variables its address needs that the service's known environment does not set. */
  missingEnv?: string[];
  /** Env files the service's code or a library it imports loads that the repository leaves out, where those variables may be set. */
  missingEnvFiles?: string[];
  /** Those files are the compose project's `.env` its entry passes the variables through from, not files the code loads. */
  missingEnvFromCompose?: true;
  /** Those are Secret or ConfigMap keys its Kubernetes workloads take the variables from, whose values the repository does not hold. */
  missingEnvFromWorkload?: true;
  location: Location;
}

/** A service's connection to a broker (Kafka, RabbitMQ, NATS, MQTT, Redis as a transport). */
export interface ModelBroker {
  service: string;
  system: MessagingSystem;
  library: string;
  /** The address as far as it resolved, secrets masked. */
  address: string;
  /** The host when the code writes it (see LiteralHost). */
  literalHost?: LiteralHost;
  /** A NestJS TCP client's token: the address is that service's own (see BrokerAddressFact). */
  peer?: string;
  /** For a connection in a library: the import in the service that brings it. */
  via?: Location[];
  location: Location;
}

export interface ModelTable {
  service: string;
  table: string;
  access: TableAccess;
  migration: boolean;
  location: Location;
}

/**
 * An import by one service's code of a file in another service's folder (a relative path, a
 * path alias or the other service's package name), not through a library package.
 */
export interface ModelImport {
  service: string;
  /** The import statement (or require). */
  location: Location;
  specifier: string;
  /** The imported file, and the service whose folder holds it. */
  target: string;
  targetService: string;
  /** How the specifier reaches the file. */
  via: "relative" | "alias" | "package";
  /**
   * The shared file outside every service's and library's folder that the import names, when the other service's file is
   * reached through it (a root `verifyAuth.js` that requires `auth/models/user.js`): then `target` is the file it leads to.
   */
  through?: string;
}

/** A write to a service's datastore made inside a function (see WriteFact). */
export interface ModelWrite {
  service: string;
  target?: string;
  library: string;
  operation: string;
  /** Global function id (`<file>#<fn id>`) of the function that writes. */
  inFunction: string;
  /** The branches it runs in, inside its function (extract/arms.ts): `line:column/arm`, with `>line:column` when the arm returns. */
  arms?: string[];
  location: Location;
}

export interface ModelTopic {
  service: string;
  system: MessagingSystem;
  topic: string;
  role: "produce" | "consume";
  /** A request that waits for a reply, or the handler that answers it (see TopicFact.requestReply). */
  requestReply?: boolean;
  /** How the system was decided, when it came from elsewhere: the NestJS transport's options, the base class. */
  resolution?: string;
  /** Global function id (`<file>#<fn id>`) of the function that sends it or handles it (a decorated handler method). */
  inFunction?: string;
  /** A request that its function awaits (`await firstValueFrom(client.send(...))`), and its Promise.all group (see Parallel). */
  awaited?: true;
  parallel?: Parallel;
  /** A request its function neither awaits nor returns (see TopicFact.fired). */
  fired?: true;
  /**
   * A call site that tells a publish helper its topic (`announce("payment-made", body)`): the `file:line:column` of the
   * helper's own publish, which this one stands for (model/argument-topics.ts).
   */
  madeFrom?: string;
  /**
   * A subscription whose handler calls a parameter of the helper it is written in (`subscribe(topics, onMessage)`, whose
   * `eachMessage` runs `onMessage(topic, event)`): the global ids of the functions the helper's callers pass there, each
   * the handler of the messages it is given (model/handed-callbacks.ts).
   */
  handedTo?: string[];
  /** The branches it runs in, inside its function (extract/arms.ts): `line:column/arm`, with `>line:column` when the arm returns. */
  arms?: string[];
  /** Sent through the inherited method of a package's producer base class (model/topics.ts packageBasePublishes): an event, whatever the broker. */
  packageBase?: true;
  location: Location;
}

/** A tracing SDK a service's code loads (missing-tracing). */
export interface ModelTracer {
  service: string;
  /** The module as imported: `@opentelemetry/sdk-node`, `dd-trace/init`. */
  module: string;
  location: Location;
  /** For a library's file: the imports that bring it into the service, the service's own first. */
  via?: Location[];
  /**
   * The application or HTTP framework module (or the project module that loads one) the file that loads this tracer
   * (its first `via` hop, else its own file) loads before it: modules loaded before the tracer starts are not instrumented.
   */
  after?: { module: string; location: Location };
  /**
   * No file of the scan loads the file that loads this tracer (its first `via` hop, else its own file): it runs only if
   * it is what the service starts (its entry) or preloads; a tracing set-up nothing imports (`tracing-init.ts` beside an
   * entry that imports another module) never runs.
   */
  unimported?: true;
}

/** A function-to-function edge, resolved to global ids. */
export interface ModelEdge {
  from: string;
  to: string;
  awaited: boolean;
  parallel: Parallel;
  /** An async function called and left (see CalleeFact.left): the caller goes on without waiting for what it does. */
  left?: true;
  /** The callee runs after the call (or edge) at this `file:line:column` has completed (see CalleeFact.after). */
  after?: string;
  /** The branches it runs in, inside its function (extract/arms.ts): `line:column/arm`, with `>line:column` when the arm returns. */
  arms?: string[];
  location: Location;
}

export interface ArchModel {
  services: ServiceInfo[];
  libraries: LibraryInfo[];
  routes: ModelRoute[];
  calls: ModelCall[];
  datastores: ModelDatastore[];
  tables: ModelTable[];
  topics: ModelTopic[];
  /** Writes to datastores inside functions (absent in a model built without them). */
  writes?: ModelWrite[];
  /** Imports across service folders (see ModelImport). */
  imports: ModelImport[];
  /** Tracing SDKs the services' code loads (absent in a model built without them). */
  tracers?: ModelTracer[];
  /** Brokers the services connect to, with the address as written (absent in a model built without them). */
  brokers?: ModelBroker[];
  /** Function call graph, keyed by global function id (`<file>#<fn id>`). */
  edges: Record<string, ModelEdge[]>;
  /**
   * Services that are the edge (an API gateway): most of their routes are proxies (model/proxies.ts). Their hop is not
   * counted in sync-call-chain depths. Absent when none.
   */
  edgeServices?: string[];
  /**
   * Moleculer actions (model/moleculer.ts): request-reply handlers that `ctx.call` reaches, as routes (`users ACTION
   * users.get`) that sync-call-chain and unprotected-call go on through; not HTTP routes. Absent when none.
   */
  actions?: ModelRoute[];
  /**
   * GraphQL resolvers of the queries and mutations a service serves (model/graphql.ts): each handles a request, as a
   * route (`GRAPHQL Query.user`) that unprotected-call and dual-write go on through; not HTTP routes. Absent when none.
   */
  resolvers?: ModelRoute[];
  /**
   * Handlers of the messages clients send over a socket (model/socket-events.ts): each handles a message, as a route
   * (`socket EVENT message:sent`) that unprotected-call, dual-write and sync-call-chain go on through; not HTTP routes.
   * Absent when none.
   */
  socketEvents?: ModelRoute[];
  /** Calls through a parameter whose value could not be followed to an HTTP client (model/value-flow.ts), for diagnostics; absent when none. */
  unfollowed?: { service: string; location: Location; message: string }[];
  /**
   * A library's publishes and subscriptions whose topic no service's code names (model/topics.ts): said, not guessed.
   * A publish on a known broker keeps its place as `publish` (its topic the text the code has), for dual-write alone.
   */
  unnamedTopics?: { service: string; location: Location; message: string; publish?: ModelTopic }[];
  /** Routes declared on a router that no file of the service loads (model/unloaded-routers.ts), for diagnostics; absent when none. */
  unserved?: { service: string; location: Location; message: string }[];
  /** Imports that name a file only in other letter case (model/resolve.ts caseFolded), read as that file; for diagnostics, absent when none. */
  caseFolded?: { service: string; location: Location; message: string }[];
  /** Route registrations whose options arch-lint could not read (FileFacts.unreadRoutes); for diagnostics, absent when none. */
  unreadRoutes?: { service: string; location: Location; message: string }[];
  /** Relative imports of code that reach no file of the scan (model/resolve.ts missing); for diagnostics, absent when none. */
  missingImports?: { service?: string; library?: string; specifier: string; location: Location }[];
  /** Which service each scanned file belongs to. */
  fileService: Record<string, string>;
  stats: ScanStats;
}

export interface ScanStats {
  filesParsed: number;
  /** Read, but with nothing any extractor looks for, so not parsed. */
  filesUnparsed?: number;
  filesSkipped: number;
  durationMs?: number;
}

// ---------------------------------------------------------------------------
// Findings
// ---------------------------------------------------------------------------

export interface EvidenceHop {
  message: string;
  location: Location;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  messageId: string;
  message: string;
  data: Record<string, string | number>;
  location: Location;
  evidence: EvidenceHop[];
  fingerprint: string;
  /** inSource: an arch-lint-disable comment; external: listed in the --baseline file. */
  suppressed?: { kind: "inSource" | "external"; justification?: string };
}

export interface RuleMeta {
  id: string;
  description: string;
  defaultSeverity: Severity;
  /** The rule's documentation page; absent when package.json names no repository (see docs.ts). */
  docsUrl?: string;
  /** The documentation page as markdown, when the package ships docs/rules. */
  help?: string;
  /** Turned off for this run (config or --rule): it checked nothing, which is not the same as finding nothing. */
  off?: true;
}

/** A scanned file that imports a package a service runs on, in a scan that found no service (exit 2: nothing was checked). */
export interface MissedService {
  file: string;
  line?: number;
  /** The package it imports: express, kafkajs ... */
  pkg: string;
  /** The config that makes its folder a service. */
  fix: string;
}

export interface LintResult {
  root: string;
  findings: Finding[];
  diagnostics: Diagnostic[];
  model: ArchModel;
  rules: RuleMeta[];
  summary: string;
  /** The arch-lint user guide, when package.json names the repository. */
  guideUrl?: string;
  /** No service was found, though a scanned file imports what services run on: nothing was checked that should have been. */
  missedService?: MissedService;
}
