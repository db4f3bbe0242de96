import { posix } from "node:path";
import type { CalleeFact, FileFacts, FlowArg, GrpcCallInfo, ValuePart, LiteralHost, ModelCall, ModelRoute, ModelTopic, ProtoService, ServiceInfo, TopicFact, Value } from "../types.js";
import { capitalize, CLIENT_METHODS } from "../extract/grpc-js.js";
import { calleeFunction, ModuleResolver, resolveExport } from "./resolve.js";
import { filledIn } from "./filled-in.js";

/**
 * gRPC calls as calls of the model. Extraction records both ends as request-reply topics of system grpc:
 * a handler (`@GrpcMethod("UsersService", "FindOne")`, `server.addService(shop.PaymentService.service, { charge })`)
 * consumes `UsersService/FindOne`, a stub call (`this.users.findOne(req)`, `payments.charge(req, cb)`) produces it.
 * Here each stub call becomes a ModelCall (client "grpc", url `Service/Method`) to the service that serves it:
 * the one its address names (env, compose or Kubernetes DNS name, as for HTTP), else the one other service that
 * implements the method; with the reason when neither says. The .proto files say which methods stream.
 */

export interface GrpcInput {
  topics: ModelTopic[];
  facts: ReadonlyMap<string, FileFacts>;
  services: readonly ServiceInfo[];
  /** Which service each file belongs to. */
  fileService: Readonly<Record<string, string>>;
  protos: readonly ProtoService[];
  resolver: ModuleResolver;
  /** A value as the file's service sees it (env, imported constants). */
  render(file: string, value: Value): string;
  /** The global id (`<file>#<fn id>`) of the function a callee fact of `file` reaches, if any. */
  resolveCallee?: (file: string, callee: CalleeFact) => string | undefined;
  /** Where an address (`payment:50051`, `dns:///payment:50051`, `${PAYMENT_ADDR}`) leads, seen by the calling service. */
  resolveAddress(file: string, service: string, address: Value): { text: string; service?: string; resolution: string; byConvention: boolean; literalHost?: LiteralHost };
}

/** The route a gRPC handler stands for in sync-call-chain: `users GRPC /UsersService/FindOne`. */
export function grpcRouteId(service: string, topic: string): string {
  return `${service} GRPC /${topic}`;
}

/** The handlers of gRPC methods, as routes (not routes of the model: no HTTP path to version). */
export function grpcHandlerRoutes(topics: readonly ModelTopic[]): ModelRoute[] {
  const routes: ModelRoute[] = [];
  for (const topic of topics) {
    if (topic.system !== "grpc" || topic.role !== "consume" || !topic.requestReply || !topic.inFunction) continue;
    routes.push({ id: grpcRouteId(topic.service, topic.topic), service: topic.service, framework: "nest", method: "GRPC", path: `/${topic.topic}`, handler: topic.inFunction, location: topic.location, mountChain: [] });
  }
  return routes;
}

const key = (location: { file: string; line: number; column: number }) => `${location.file}:${location.line}:${location.column}`;

/** The gRPC calls, and the topics without them (a call is listed once, as a call). */
export function buildGrpcCalls(input: GrpcInput): { calls: ModelCall[]; topics: ModelTopic[] } {
  const own = input.topics.filter((topic) => topic.system === "grpc" && topic.role === "produce" && topic.requestReply);
  const clients = moduleClients(input);
  const imported = [...importedClientRequests(input, clients), ...memberStubRequests(input)];
  if (!own.length && !imported.length) return { calls: [], topics: input.topics };
  const factAt = new Map<string, TopicFact>();
  for (const topic of own) {
    const fact = input.facts.get(topic.location.file)?.topics.find((t) => key(t.location) === key(topic.location));
    if (fact) factAt.set(key(topic.location), fact);
  }
  // A helper's request whose method its callers name is no request itself: its call sites are (helperRequests).
  const templates = own.filter((topic) => factAt.get(key(topic.location))?.grpc?.methodFrom);
  const helped = helperRequests(input, clients, templates.map((topic) => ({ topic, fact: factAt.get(key(topic.location))! })));
  // Where each request's client was made: an address written there is written in that file, not at the call.
  const clientFile = new Map<string, string>();
  for (const request of [...imported, ...helped]) {
    factAt.set(key(request.topic.location), request.fact);
    if (request.clientFile) clientFile.set(key(request.topic.location), request.clientFile);
  }
  const requests = [...own.filter((topic) => !templates.includes(topic)), ...imported.map((request) => request.topic), ...helped.map((request) => request.topic)];
  const implementers = new Map<string, ModelRoute[]>();
  const unqualifiedImplementers = new Map<string, ModelRoute[]>();
  for (const route of grpcHandlerRoutes(input.topics)) {
    const name = route.path.slice(1).toLowerCase();
    implementers.set(name, [...(implementers.get(name) ?? []), route]);
    const bare = unqualified(name);
    unqualifiedImplementers.set(bare, [...(unqualifiedImplementers.get(bare) ?? []), route]);
  }
  // A name written with its proto package on one side only (`getService("grpc.health.v1.Health")` against
  // `@GrpcMethod("Health", "Check")`) is the same rpc: matched without the package when the name as written matches nothing.
  const implementersOf = (topic: string): ModelRoute[] => implementers.get(topic.toLowerCase()) ?? unqualifiedImplementers.get(unqualified(topic.toLowerCase())) ?? [];
  // Which services serve each gRPC service, by any method: a server answers every method of a service it registers.
  const serving = new Map<string, string[]>();
  for (const topic of input.topics) {
    if (topic.system !== "grpc" || topic.role !== "consume") continue;
    const name = (splitTopic(topic.topic)[0] ?? "").toLowerCase();
    for (const key of new Set([name, unqualified(name)])) {
      const list = serving.get(key) ?? [];
      if (!list.includes(topic.service)) serving.set(key, [...list, topic.service]);
    }
  }
  const byName = new Map(input.services.map((service) => [service.name, service]));
  const protos = protoIndex(input.protos);
  const calls: ModelCall[] = [];
  const taken = new Set<ModelTopic>(templates);
  for (const topic of requests) {
    const [serviceName = topic.topic, methodName = ""] = splitTopic(topic.topic);
    const rpc = findRpc(protos, serviceName, methodName, byName.get(topic.service)?.root);
    // The .proto declares the service and not this method: a call on the client that is no RPC (`client.close()`).
    if (rpc === null) {
      taken.add(topic);
      continue;
    }
    const fact = factAt.get(key(topic.location));
    const address = addressOf(input, topic, fact);
    const reached = address ? input.resolveAddress(topic.location.file, topic.service, address) : undefined;
    const handlers = implementersOf(topic.topic).filter((route) => route.service !== topic.service);
    const servers = (serving.get((serviceName ?? "").toLowerCase()) ?? serving.get(unqualified((serviceName ?? "").toLowerCase())) ?? []).filter((name) => name !== topic.service);
    const own = handlers.length ? undefined : implementersOf(topic.topic).find((route) => route.service === topic.service);
    const target = chooseTarget(topic, reached, handlers, servers, byName, input.services, own);
    const grpc: GrpcCallInfo = {
      service: rpc?.service ?? serviceName,
      method: rpc?.method ?? methodName,
      ...(rpc?.streaming ? { streaming: rpc.streaming } : {}),
      ...(rpc ? { proto: rpc.location } : {}),
      ...(reached ? { address: reached.text } : {}),
    };
    taken.add(topic);
    calls.push({
      id: key(topic.location),
      service: topic.service,
      client: "grpc",
      method: "GRPC",
      url: topic.topic,
      ...(target.service ? { targetService: target.service } : {}),
      ...(target.route ? { targetRoute: target.route } : {}),
      resolution: rpc?.streaming ? `${target.resolution}; a ${rpc.streaming}-streaming call (${rpc.location.file}:${rpc.location.line})` : target.resolution,
      ...(topic.inFunction ? { inFunction: topic.inFunction } : {}),
      awaited: Boolean(fact?.awaited),
      parallel: fact?.parallel ?? false,
      grpc,
      ...(reached?.literalHost ? { literalHost: writtenWhereMade(reached.literalHost, clientFile.get(key(topic.location)), topic.location.file) } : {}),
      ...(fact?.grpc?.deadline ? { guards: { timeout: fact.grpc.deadline } } : {}),
      location: topic.location,
    });
  }
  return { calls, topics: input.topics.filter((topic) => !taken.has(topic)) };
}

/**
 * Requests through a stub another class keeps in a member (`ctx.rpc.cart.svc.addItem(req)` with `svc` the stub of
 * `CartClient`, reached through a GraphQL context or an injected wrapper; extract/messaging/nest-microservices.ts): the
 * class whose stub serves that method, by the .proto that declares its service (several classes keep a `svc`), else the
 * one class that keeps a stub of that name. A call the .proto says is no method of the service is left alone.
 */
function memberStubRequests(input: GrpcInput): ClientRequest[] {
  const stubs = new Map<string, { file: string; service: string; client?: { token?: Value; address?: Value } }[]>();
  for (const f of input.facts.values()) {
    for (const stub of f.grpcStubMembers ?? []) {
      const list = stubs.get(stub.member) ?? [];
      list.push({ file: f.file, service: input.render(f.file, stub.service), ...(stub.client ? { client: stub.client } : {}) });
      stubs.set(stub.member, list);
    }
  }
  if (!stubs.size) return [];
  const protos = protoIndex(input.protos);
  const out: ClientRequest[] = [];
  for (const f of input.facts.values()) {
    const service = input.fileService[f.file];
    if (service === undefined || !f.memberCalls?.length) continue;
    for (const call of f.memberCalls) {
      const candidates = stubs.get(call.member);
      if (!candidates) continue;
      const method = capitalize(call.name);
      const declared = candidates.map((stub) => findRpc(protos, stub.service, method, undefined));
      const served = candidates.filter((_, i) => declared[i]);
      const stub = served.length === 1 ? served[0] : served.length === 0 && candidates.length === 1 && declared[0] === undefined ? candidates[0] : undefined;
      if (!stub) continue;
      const topic: ModelTopic = {
        service,
        system: "grpc",
        topic: `${stub.service}/${method}`,
        role: "produce",
        requestReply: true,
        resolution: `${call.member} is the gRPC stub of ${stub.service} that ${stub.file} keeps`,
        inFunction: `${f.file}#${call.from}`,
        location: call.location,
      };
      // The stub's address and token are written in its class's file: read from the call's file, as that file names the module.
      const moved = (value: Value) => rebased(input, value, stub.file, f.file);
      const client = stub.client?.address || stub.client?.token ? { ...(stub.client.address ? { address: moved(stub.client.address) } : {}), ...(stub.client.token ? { token: moved(stub.client.token) } : {}) } : undefined;
      out.push({
        topic,
        fact: { system: "grpc", topic: { parts: [{ kind: "text", text: topic.topic }] }, role: "produce", requestReply: true, ...(client ? { grpc: client } : {}), ...(call.awaited ? { awaited: true as const } : {}), location: call.location },
        clientFile: stub.file,
      });
    }
  }
  return out;
}

/** Relative imports in a value written in `from`, as `to` names the same modules. */
function rebased(input: GrpcInput, value: Value, from: string, to: string): Value {
  if (from === to) return value;
  return {
    parts: value.parts.map((part): ValuePart => {
      if (part.kind !== "import" || !part.specifier.startsWith(".")) return part;
      const target = input.resolver.resolve(from, part.specifier);
      if (!target) return part;
      const relative = posix.relative(posix.dirname(to), target);
      return { ...part, specifier: relative.startsWith(".") ? relative : `./${relative}` };
    }),
  };
}

/** A request on a client made elsewhere: the file that made it. */
type ClientRequest = { topic: ModelTopic; fact: TopicFact; clientFile?: string };

/** An address a client was made with is written where the client is made: one hardcoded endpoint there, whoever calls it. */
function writtenWhereMade(literal: LiteralHost, madeIn: string | undefined, callFile: string): LiteralHost {
  return literal.writtenIn || !madeIn || madeIn === callFile ? literal : { ...literal, writtenIn: madeIn };
}

/** The module-level gRPC clients of each file: made with `new` (exported or not) or by a factory of the project. */
function moduleClients(input: GrpcInput): Map<string, TransportAt[]> {
  const clients = new Map<string, TransportAt[]>();
  for (const f of input.facts.values()) {
    for (const transport of f.transports) {
      if (transport.kind !== "object" || transport.system !== "grpc" || !transport.name || !transport.topic) continue;
      clients.set(f.file, [...(clients.get(f.file) ?? []), { file: f.file, name: transport.name, service: transport.topic, address: transport.address, ...(transport.deadline ? { deadline: transport.deadline } : {}) }]);
    }
    for (const made of f.moduleResults ?? []) {
      const client = factoryClient(input, f, made);
      if (client) clients.set(f.file, [...(clients.get(f.file) ?? []), client]);
    }
  }
  return clients;
}

/**
 * `pricing.quote(req, cb)` on a gRPC client another module of the project makes and exports
 * (`export const pricing = new shop.PricingService(addr, credentials)`, `module.exports = client`): a request to
 * PricingService/Quote with that client's address, made in the function that calls it. Read from the importing
 * file's calls, since that file need not import gRPC itself.
 */
function importedClientRequests(input: GrpcInput, clients: ReadonlyMap<string, TransportAt[]>): ClientRequest[] {
  if (!clients.size) return [];
  const out: ClientRequest[] = [];
  for (const f of input.facts.values()) {
    const service = input.fileService[f.file];
    if (service === undefined || !f.callees.length) continue;
    const byLocal = new Map<string, TransportAt | undefined>();
    for (const callee of f.callees) {
      if (!callee.object || callee.local || CLIENT_METHODS.has(callee.name)) continue;
      if (!byLocal.has(callee.object)) byLocal.set(callee.object, importedClient(input, clients, f, callee.object));
      const client = byLocal.get(callee.object);
      if (!client) continue;
      const grpcService = input.render(client.file, client.service);
      const topic: ModelTopic = {
        service,
        system: "grpc",
        topic: `${grpcService}/${capitalize(callee.name)}`,
        role: "produce",
        requestReply: true,
        resolution: `${callee.object} is the gRPC client of ${grpcService} that ${client.file} exports`,
        ...(callee.from ? { inFunction: `${f.file}#${callee.from}` } : {}),
        location: callee.location,
      };
      out.push({
        topic,
        fact: {
          system: "grpc",
          topic: { parts: [{ kind: "text", text: topic.topic }] },
          role: "produce",
          requestReply: true,
          ...(client.address || callee.deadline || client.deadline ? { grpc: { ...(client.address ? { address: client.address } : {}), ...(callee.deadline ? { deadline: "a deadline option" } : client.deadline ? { deadline: client.deadline } : {}) } } : {}),
          ...(callee.awaited ? { awaited: true as const } : {}),
          ...(callee.parallel ? { parallel: callee.parallel } : {}),
          location: callee.location,
        },
        clientFile: client.file,
      });
    }
  }
  return out;
}

/**
 * `rpc("placeOrder", req)` calling a helper whose request is `client[method](req, cb)` (a template: TopicFact.grpc.methodFrom):
 * a request to that client's service and the method the literal names, made where the helper is called (in the caller's
 * function, awaited as the call is), with the helper's address and deadline. Call sites that pass no literal add nothing.
 */
function helperRequests(input: GrpcInput, clients: ReadonlyMap<string, TransportAt[]>, templates: readonly { topic: ModelTopic; fact: TopicFact }[]): ClientRequest[] {
  if (!templates.length || !input.resolveCallee) return [];
  const byFunction = new Map<string, { topic: ModelTopic; fact: TopicFact }[]>();
  for (const template of templates) {
    const id = `${template.topic.location.file}#${template.fact.grpc!.methodFrom!.fn}`;
    byFunction.set(id, [...(byFunction.get(id) ?? []), template]);
  }
  const out: { topic: ModelTopic; fact: TopicFact }[] = [];
  for (const f of input.facts.values()) {
    const service = input.fileService[f.file];
    if (service === undefined) continue;
    for (const callee of f.callees) {
      if (!callee.literalArgs) continue;
      const to = input.resolveCallee(f.file, callee);
      for (const { topic: template, fact } of (to && byFunction.get(to)) || []) {
        const { methodFrom, clientFrom, ...written } = fact.grpc!;
        const method = callee.literalArgs[methodFrom!.index];
        if (!method || !/^[A-Za-z_]\w*$/.test(method)) continue;
        // The client handed over too: a module-level client of this file or one it imports.
        const handed = clientFrom ? handedClient(input, clients, f, callee, clientFrom.index) : undefined;
        if (clientFrom && !handed) continue;
        const grpc = handed ? { ...written, ...(handed.address ? { address: handed.address } : {}), ...(!written.deadline && handed.deadline ? { deadline: handed.deadline } : {}) } : written;
        const serviceName = handed ? input.render(handed.file, handed.service) : (splitTopic(template.topic)[0] ?? template.topic);
        const rpc = `${serviceName}/${capitalize(method)}`;
        const topic: ModelTopic = {
          service,
          system: "grpc",
          topic: rpc,
          role: "produce",
          requestReply: true,
          resolution: `the helper at ${template.location.file}:${template.location.line} requests the method its caller names`,
          ...(callee.from ? { inFunction: `${f.file}#${callee.from}` } : {}),
          location: callee.location,
        };
        const deadline = callee.deadline ? "a deadline option" : grpc.deadline;
        out.push({
          topic,
          fact: {
            system: "grpc",
            topic: { parts: [{ kind: "text", text: rpc }] },
            role: "produce",
            requestReply: true,
            grpc: { ...grpc, ...(deadline ? { deadline } : {}) },
            ...(callee.awaited ? { awaited: true as const } : {}),
            ...(callee.parallel ? { parallel: callee.parallel } : {}),
            location: callee.location,
          },
          ...(handed ? { clientFile: handed.file } : {}),
        });
      }
    }
  }
  return out;
}

/** The module-level client a call site passes at `index` (`callGrpc(ordersClient, "Place", req)`), by its name or its import. */
function handedClient(input: GrpcInput, clients: ReadonlyMap<string, TransportAt[]>, f: FileFacts, callee: CalleeFact, index: number): TransportAt | undefined {
  const named = callee.fnArgs?.find((arg) => arg.index === index && !arg.ref.object && !arg.ref.local)?.ref.name;
  if (named) return importedClient(input, clients, f, named);
  const flow = callee.flowArgs?.[index];
  const part = flow?.kind === "value" && flow.value.parts.length === 1 ? flow.value.parts[0] : undefined;
  if (part?.kind !== "import") return undefined;
  const binding = f.imports.find((i) => i.specifier === part.specifier && i.imported === part.name);
  return binding ? importedClient(input, clients, f, binding.local) : undefined;
}

/**
 * `const users = loadClient({ serviceName: "UserService", address: "users:50051" })` at module level, where `loadClient`
 * (of this file or imported from the project) makes a gRPC client and returns it: the client, with the service and the
 * address filled in from what the call passes. None when the service's name is still not known.
 */
function factoryClient(input: GrpcInput, f: FileFacts, made: NonNullable<FileFacts["moduleResults"]>[number]): TransportAt | undefined {
  const found = calleeFunction(input.facts, input.resolver, f, made.callee, made.object);
  if (!found) return undefined;
  const { file, id: fn } = found;
  const factory = input.facts.get(file)?.grpcFactories?.[fn];
  if (!factory) return undefined;
  const service = filledIn(factory.service, fn, made.args);
  if (!service.parts.length || service.parts.some((part) => part.kind === "unknown")) return undefined;
  const address = filledIn(factory.address, fn, made.args);
  return { file: f.file, name: made.name, service, address, made: true, ...(factory.deadline ? { deadline: factory.deadline } : {}) };
}

interface TransportAt {
  file: string;
  /** Made by a factory of the project (factoryClient): the calls of its own file are read here too, not by the extractor. */
  made?: true;
  name: string;
  service: Value;
  address?: Value;
  deadline?: string;
}

/** The module-level gRPC client an imported binding of the file is, if it is one: of a module of the project, a workspace library's too. */
function importedClient(input: GrpcInput, clients: ReadonlyMap<string, TransportAt[]>, f: FileFacts, local: string): TransportAt | undefined {
  // Any specifier the resolver takes to a scanned file: a relative one, or a workspace package (`@shop/clients`).
  const binding = f.imports.find((i) => i.local === local && i.imported !== "*");
  if (!binding) return clients.get(f.file)?.find((client) => client.made && client.name === local);
  const target = input.resolver.resolve(f.file, binding.specifier);
  const exported = target ? resolveExport(input.facts, input.resolver, target, binding!.imported) : undefined;
  if (!exported) return undefined;
  const name = exported.id.replace(/^(?:var|const|class):/, "");
  return clients.get(exported.file)?.find((client) => client.name === name);
}

/** `grpc.health.v1.Health/Check` → `Health/Check`, `grpc.health.v1.Health` → `Health`: the name without its proto package. */
function unqualified(name: string): string {
  const slash = name.lastIndexOf("/");
  const service = slash >= 0 ? name.slice(0, slash) : name;
  const bare = service.slice(service.lastIndexOf(".") + 1);
  return slash >= 0 ? `${bare}${name.slice(slash)}` : bare;
}

function splitTopic(topic: string): [string, string] | [] {
  const slash = topic.lastIndexOf("/");
  return slash > 0 ? [topic.slice(0, slash), topic.slice(slash + 1)] : [];
}

/** The address of a stub call: the client's own (grpc-js, `@Client({ options: { url } })`), else its registration's by token. */
function addressOf(input: GrpcInput, topic: ModelTopic, fact: TopicFact | undefined): Value | undefined {
  if (fact?.grpc?.address) return fact.grpc.address;
  const token = fact?.grpc?.token;
  if (!token) return undefined;
  const wanted = input.render(topic.location.file, token);
  let found: Value | undefined;
  let foundInService = false;
  for (const f of input.facts.values()) {
    for (const transport of f.transports) {
      if (transport.kind !== "client" || transport.system !== "grpc" || !transport.address || !transport.token) continue;
      if (input.render(f.file, transport.token) !== wanted) continue;
      // The calling service's own registration first: two services may register one token name.
      const inService = input.fileService[f.file] === topic.service;
      if (!found || (inService && !foundInService)) {
        found = transport.address;
        foundInService = inService;
      }
    }
  }
  return found;
}

interface Target {
  service?: string;
  route?: string;
  resolution: string;
}

/**
 * The address says where the call goes when it names a service; the implementing service is the answer when
 * the address does not (unset, a host outside the repository) or only guessed by the variable's name while
 * another service implements the method. A service in another language is a target without a handler.
 */
function chooseTarget(
  topic: ModelTopic,
  reached: ReturnType<GrpcInput["resolveAddress"]> | undefined,
  handlers: ModelRoute[],
  /** The other services that serve the method's service, by any of its methods. */
  servers: string[],
  byName: ReadonlyMap<string, ServiceInfo>,
  services: readonly ServiceInfo[],
  /** The caller's own handler of the method, when no other service has one. */
  own?: ModelRoute,
): Target {
  const addressNote = reached ? `address ${reached.text}: ${reached.resolution}` : "the client's address was not found";
  const implementing = [...new Set(handlers.map((route) => route.service))];
  const atAddress = reached?.service && reached.service !== topic.service ? byName.get(reached.service) : undefined;
  if (atAddress) {
    const route = handlers.find((handler) => handler.service === atAddress.name);
    if (route) return { service: atAddress.name, route: route.id, resolution: `${addressNote}; ${atAddress.name} implements ${topic.topic}` };
    if (atAddress.language) return { service: atAddress.name, resolution: `${addressNote}; ${atAddress.name} is written in ${atAddress.language}, which arch-lint does not scan, so its handler of ${topic.topic} is not known` };
    if (!(reached!.byConvention && implementing.length === 1)) return { service: atAddress.name, resolution: `${addressNote}; no handler of ${topic.topic} was found in ${atAddress.name}` };
  }
  if (implementing.length === 1) {
    const route = handlers[0]!;
    return { service: route.service, route: route.id, resolution: `${topic.topic} is implemented by ${route.service} (${addressNote})` };
  }
  if (implementing.length > 1) return { resolution: `${topic.topic} is implemented by ${implementing.join(" and ")}, and the address does not say which (${addressNote})` };
  // No handler of this method was found (an implementation arch-lint could not read in full), but one service registers the service.
  const [server] = servers;
  if (servers.length === 1 && server) return { service: server, resolution: `${server} serves ${splitTopic(topic.topic)[0]}, though no handler of ${topic.topic} was found in it (${addressNote})` };
  const otherLanguages = services.filter((service) => service.language && service.name !== topic.service);
  const unscanned = otherLanguages.length ? `; services in languages arch-lint does not scan may implement it: ${otherLanguages.map((s) => `${s.name} (${s.language})`).join(", ")}` : "";
  // The client and the server in one service: two processes of one package (a server file and a client file started by
  // their own scripts) are seen as one service, so the call reaches nobody else; said so the reader knows where to look.
  if (own) return { resolution: `no other scanned service implements ${topic.topic}: ${topic.service} itself does, at ${own.location.file}:${own.location.line} (a server and a client that one package starts as two processes are read as one service) (${addressNote})${unscanned}` };
  return { resolution: `no scanned service implements ${topic.topic} (${addressNote})${unscanned}` };
}

interface Rpc {
  service: string;
  method: string;
  streaming?: ProtoService["methods"][number]["streaming"];
  location: ProtoService["methods"][number]["location"];
}

/** `get_user` in the .proto is `getUser` (or `get_user`) on the client, `GetUser` once capitalised. */
function sameName(declared: string, called: string): boolean {
  return declared.replace(/_/g, "").toLowerCase() === called.replace(/_/g, "").toLowerCase();
}

function protoIndex(protos: readonly ProtoService[]): Map<string, ProtoService[]> {
  const index = new Map<string, ProtoService[]>();
  for (const proto of protos) {
    for (const name of new Set([proto.name.toLowerCase(), proto.fullName.toLowerCase()])) index.set(name, [...(index.get(name) ?? []), proto]);
  }
  return index;
}

/**
 * The rpc a call asks for, in the .proto that declares its service (the caller's own copy first, as
 * polyglot repositories keep one per service); undefined when no .proto declares the service, null when
 * one does without that method.
 */
function findRpc(index: ReadonlyMap<string, ProtoService[]>, service: string, method: string, callerRoot: string | undefined): Rpc | null | undefined {
  const candidates = index.get(service.toLowerCase());
  if (!candidates?.length) return undefined;
  const own = callerRoot !== undefined ? candidates.filter((proto) => proto.location.file.startsWith(callerRoot ? `${callerRoot}/` : "")) : [];
  for (const proto of [...own, ...candidates]) {
    const rpc = proto.methods.find((m) => sameName(m.name, method));
    if (rpc) return { service: proto.fullName, method: rpc.name, ...(rpc.streaming ? { streaming: rpc.streaming } : {}), location: rpc.location };
  }
  return null;
}
