import { posix } from "node:path";
import type { ComposeService } from "../discover/compose.js";
import type { ArchModel, FileFacts, LibraryInfo, ModelEdge, ProtoService, ServiceInfo, Value } from "../types.js";
import type { Ctx } from "./context.js";
import { buildDatastores } from "./datastores.js";
import { connectionArguments } from "./connection-arguments.js";
import { fileBorrowers, fileUsers, ownersOf, replicasOf } from "./ownership.js";
import { ModuleResolver } from "./resolve.js";
import { redact, renderValue } from "./values.js";
import { literalHostOf } from "./literal-hosts.js";
import { buildTracers } from "./tracing.js";
import { buildTopics } from "./topics.js";
import { buildArgumentTopics } from "./argument-topics.js";
import { buildFactoryTopics } from "./factory-topics.js";
import { buildInstanceTopics } from "./instance-topics.js";
import { buildResolverRoutes } from "./graphql.js";
import { buildSocketEventRoutes } from "./socket-events.js";
import { buildGrpcCalls } from "./grpc.js";
import { buildCrossImports } from "./cross-imports.js";
import { markBreakers } from "./guards.js";
import { breakerRoots } from "./breaker-roots.js";
import { buildBrokers } from "./brokers.js";
import { buildArgumentCalls } from "./argument-calls.js";
import { buildFlowCalls } from "./value-flow.js";
import { markHandedCallbacks } from "./handed-callbacks.js";
import { buildEdges, commandHandler, locationKey, resolveRef } from "./call-graph.js";
import { aggregateCommitEdges } from "./aggregate-commits.js";
import { buildCalls, indexHosts, mergeCalls, resolveAddress, resolveTarget } from "./calls.js";
import { buildRoutes } from "./routes.js";
import { edgeServicesOf, linkProxies } from "./proxies.js";
import { buildMoleculer } from "./moleculer.js";
import { buildSeneca } from "./seneca.js";
import { isPrismaClientClass } from "./prisma-clients.js";

/**
 * Joins per-file facts into the architecture model: which service owns
 * which routes (with mount prefixes followed across files), which call
 * reaches which service and route (URLs resolved through env), which
 * datastore each service connects to, which tables and topics it touches.
 */

export interface ModelInput {
  services: ServiceInfo[];
  /** Packages that run nothing themselves; defaults to none. */
  libraries?: LibraryInfo[];
  /** Every docker compose entry (datastore containers too): the host aliases of one container; defaults to none. */
  compose?: readonly ComposeService[];
  facts: ReadonlyMap<string, FileFacts>;
  resolver: ModuleResolver;
  /** Env that applies to every service (root .env, config `env`). */
  globalEnv: Record<string, string>;
  /** Folders holding a package.json, for the imports between one package's own entries; defaults to none. */
  packageDirs?: readonly string[];
  /** The gRPC services of the .proto files; defaults to none. */
  protos?: readonly ProtoService[];
  filesParsed: number;
  filesUnparsed?: number;
  filesSkipped: number;
}

export function buildModel(input: ModelInput): ArchModel {
  const { services, facts, resolver } = input;
  const libraries = input.libraries ?? [];
  const fileService = ownersOf(services, facts.keys(), libraries);
  const serviceByName = new Map(services.map((s) => [s.name, s]));
  // One merged env per service: asked for once per file and per value rendered.
  const envs = new Map<string | undefined, Record<string, string>>();
  const envService = new Map<Record<string, string>, string>();
  const envOf = (service: string | undefined): Record<string, string> => {
    let env = envs.get(service);
    if (!env) {
      env = { ...input.globalEnv, ...(service ? serviceByName.get(service)?.env : {}) };
      envs.set(service, env);
      if (service) envService.set(env, service);
    }
    return env;
  };
  const sourceOf = (name: string, env: Record<string, string>): string | undefined => {
    const service = envService.get(env);
    return service ? serviceByName.get(service)?.envSources[name] : undefined;
  };
  const fromExample = (name: string, env: Record<string, string>): boolean => {
    const service = envService.get(env);
    const info = service ? serviceByName.get(service) : undefined;
    return !!info?.exampleEnv?.includes(name) && !info.deployedExampleEnv?.includes(name);
  };
  const loads = new Map(services.filter((s) => s.loads?.length).map((s) => [s.name, { files: s.loads!, location: s.envLocations?.SERVICES ?? s.location }]));
  const usersOf = fileUsers({ facts, resolver, fileService, libraries, ...(loads.size ? { loads } : {}) });
  const ctx: Ctx = {
    facts,
    resolver,
    fileService,
    envOf,
    services,
    serviceByName,
    hosts: indexHosts(services),
    sourceOf,
    fromExample,
    serviceOfEnv: (env) => envService.get(env),
    importedRefs: new Map(),
    libraries,
    usersOf,
    borrowersOf: fileBorrowers({ facts, resolver, fileService, replicas: replicasOf(services, fileService) }),
    compose: input.compose ?? [],
  };
  const guardEdges: ModelEdge[] = [];
  const unserved: NonNullable<ArchModel["unserved"]> = [];
  const routes = buildRoutes(ctx, guardEdges, unserved);
  const edges = buildEdges(ctx);
  for (const edge of guardEdges) (edges[edge.from] ??= []).push(edge);
  const breakers = breakerRoots({ facts, resolve: (file, ref, className) => resolveRef(ctx, file, ref, className) });
  for (const edge of breakers.edges) (edges[edge.from] ??= []).push(edge);
  for (const edge of aggregateCommitEdges({ facts, handlerOf: (file, event) => commandHandler(ctx, file, event) }, edges)) (edges[edge.from] ??= []).push(edge);
  const calls = buildCalls(ctx, routes);
  calls.push(
    ...buildArgumentCalls(
      {
        facts,
        fileService,
        resolveCallee: (file, callee) => resolveRef(ctx, file, callee, callee.className),
        resolveUrl: (file, service, url, method) => {
          const rendered = renderValue(ctx, file, url, envOf(service));
          return { url: redact(rendered.text), ...resolveTarget(ctx, service, rendered, method, routes) };
        },
        locationKey,
      },
      calls,
    ),
  );
  const flow = buildFlowCalls({
    facts,
    fileService,
    resolveCallee: (file, callee) => resolveRef(ctx, file, callee, callee.className),
    resolveModule: (file, specifier) => resolver.resolve(file, specifier),
    resolveUrl: (file, service, url, method) => {
      const rendered = renderValue(ctx, file, url, envOf(service || undefined));
      return { url: redact(rendered.text), ...resolveTarget(ctx, service, rendered, method, routes) };
    },
    literalHost: (file, url) => literalHostOf(ctx, file, url),
    locationKey,
  });
  mergeCalls(calls, flow.calls);
  const bindConnection = connectionArguments(ctx, facts, (file, callee) => resolveRef(ctx, file, callee, callee.className));
  const datastores = buildDatastores(ctx, bindConnection);
  const tables: ArchModel["tables"] = [];
  for (const f of facts.values()) {
    if (!f.tables.length) continue;
    const owner = fileService[f.file];
    // A library's queries (and migrations) are made by every service that imports it.
    for (const service of owner !== undefined ? [owner] : ctx.usersOf(f.file).map((user) => user.service)) {
      for (const t of f.tables) tables.push({ service, table: t.table, access: t.access, migration: t.migration, location: t.location });
    }
  }
  const writes: NonNullable<ArchModel["writes"]> = [];
  for (const f of facts.values()) {
    if (!f.writes?.length) continue;
    const owner = fileService[f.file];
    // A library's repository writes for every service that imports it.
    for (const service of owner !== undefined ? [owner] : ctx.usersOf(f.file).map((user) => user.service)) {
      for (const { clientClass, ...w } of f.writes) {
        if (clientClass && !isPrismaClientClass(facts, resolver, f.file, clientClass)) continue;
        writes.push({ service, ...w, inFunction: `${f.file}#${w.inFunction}` });
      }
    }
  }
  const unnamedTopics: NonNullable<ArchModel["unnamedTopics"]> = [];
  const allTopics = buildTopics({
    unnamed: unnamedTopics,
    facts,
    fileService,
    resolver,
    render: (file, value) => renderValue(ctx, file, value, envOf(fileService[file])),
    resolveHandler: (file, ref) => resolveRef(ctx, file, ref, undefined),
    usersOf,
  });
  const grpc = buildGrpcCalls({
    topics: allTopics,
    facts,
    services,
    fileService,
    protos: input.protos ?? [],
    resolver,
    render: (file, value) => renderValue(ctx, file, value, envOf(fileService[file])).text,
    resolveCallee: (file, callee) => resolveRef(ctx, file, callee, callee.className),
    resolveAddress: (file, service, address) => resolveAddress(ctx, file, service, address),
  });
  calls.push(...grpc.calls);
  markBreakers(calls, edges, breakers.roots);
  const topics = grpc.topics;
  const resolveCallee = (file: string, callee: { object?: string; name: string; local?: string; className?: string }) => resolveRef(ctx, file, callee, callee.className);
  const renderIn = (file: string, value: Value) => renderValue(ctx, file, value, envOf(fileService[file]));
  // Publishes a helper, a publisher factory or a publisher class makes at its callers' sites, with the topic they name.
  topics.push(
    ...buildArgumentTopics({ facts, fileService, resolveCallee, locationKey, render: renderIn }, topics, unnamedTopics),
    ...buildFactoryTopics({ facts, fileService, resolver, resolveCallee, locationKey, render: renderIn }, topics, unnamedTopics),
    ...buildInstanceTopics({ facts, fileService, resolveCallee, resolveModule: (file, specifier) => resolver.resolve(file, specifier), locationKey, render: renderIn }, topics),
  );
  // A subscription whose callback runs the handler its helper was handed: the functions the helper's callers pass.
  markHandedCallbacks({ facts, fileService, resolveCallee }, topics);
  const linked = linkProxies({
    services,
    libraries,
    routes,
    calls,
    datastores,
    tables,
    topics,
    writes,
    imports: buildCrossImports({ facts, resolver, services, libraries, fileService, packageDirs: input.packageDirs ?? [] }),
    tracers: buildTracers(ctx),
    brokers: buildBrokers(ctx, bindConnection),
    edges,
    ...(flow.unfollowed.length ? { unfollowed: flow.unfollowed } : {}),
    ...(unnamedTopics.length ? { unnamedTopics } : {}),
    ...(unserved.length ? { unserved } : {}),
    ...caseFoldedImports(resolver, facts, fileService),
    ...unreadRouteRegistrations(facts, fileService),
    ...missingImports(resolver, facts, fileService, libraries),
    fileService,
    stats: { filesParsed: input.filesParsed, ...(input.filesUnparsed ? { filesUnparsed: input.filesUnparsed } : {}), filesSkipped: input.filesSkipped },
  });
  const resolvers = buildResolverRoutes(ctx);
  const socketEvents = buildSocketEventRoutes(ctx);
  const handled = { ...linked, ...(resolvers.length ? { resolvers } : {}), ...(socketEvents.length ? { socketEvents } : {}) };
  return withSeneca(withMoleculer(handled, buildMoleculer(ctx)), buildSeneca(ctx));
}

/** Seneca's acts and the patterns services add (model/seneca.ts), joined to the rest as Moleculer's are. */
function withSeneca(model: ArchModel, seneca: ReturnType<typeof buildSeneca>): ArchModel {
  if (!seneca.calls.length && !seneca.actions.length) return model;
  return { ...model, calls: [...model.calls, ...seneca.calls], ...(seneca.actions.length || model.actions ? { actions: [...(model.actions ?? []), ...seneca.actions] } : {}) };
}

/**
 * Moleculer's routes, calls, actions and events joined to the rest: new arrays (the call graph of the calls so far
 * is cached by their identity), and the edge services again, since a moleculer-web gateway is one.
 */
function withMoleculer(model: ArchModel, moleculer: ReturnType<typeof buildMoleculer>): ArchModel {
  if (!moleculer.routes.length && !moleculer.calls.length && !moleculer.actions.length && !moleculer.topics.length) return model;
  const edges: ArchModel["edges"] = { ...model.edges };
  for (const edge of moleculer.edges) edges[edge.from] = [...(edges[edge.from] ?? []), edge];
  const routes = [...model.routes, ...moleculer.routes];
  const edgeServices = edgeServicesOf(model.services, routes);
  const { edgeServices: _before, ...rest } = model;
  return {
    ...rest,
    routes,
    calls: [...model.calls, ...moleculer.calls],
    topics: [...model.topics, ...moleculer.topics],
    edges,
    ...(moleculer.actions.length ? { actions: moleculer.actions } : {}),
    ...(edgeServices.length ? { edgeServices } : {}),
  };
}

/** The line a file imports or requires a specifier at (1 when the facts do not say). */
function importLine(f: FileFacts | undefined, specifier: string): number {
  return f?.imports.find((i) => i.specifier === specifier)?.line ?? f?.moduleReferences?.find((r) => r.specifier === specifier)?.line ?? 1;
}

/**
 * Relative imports of code that reach no file of the repository: generated clients (an OpenAPI generator's output, built
 * before the service is), git-ignored or deleted files. Whatever they do (calls, routes, messages) is not seen: said, per
 * service, at the first.
 */
function missingImports(resolver: ModuleResolver, facts: ReadonlyMap<string, FileFacts>, fileService: Record<string, string>, libraries: readonly LibraryInfo[]): Pick<ArchModel, "missingImports"> {
  const out: NonNullable<ArchModel["missingImports"]> = [];
  // A Prisma schema's generated client (`output = "../generated/prisma"`, git-ignored): the database calls, read from the schema.
  const prismaOutputs = new Set<string>();
  for (const f of facts.values()) for (const output of f.prismaClientOutputs ?? []) prismaOutputs.add(output);
  for (const { from, specifier } of resolver.missing()) {
    if (prismaOutputs.size && prismaOutputs.has(posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\/(index|client)(\.[cm]?[jt]s)?$/, ""))) continue;
    const service = fileService[from];
    const library = service === undefined ? libraries.find((l) => l.root !== "" && from.startsWith(`${l.root}/`))?.name : undefined;
    if (service === undefined && library === undefined) continue;
    const line = importLine(facts.get(from), specifier);
    out.push({ ...(service !== undefined ? { service } : { library: library! }), specifier, location: { file: from, line, column: 1 } });
  }
  return out.length ? { missingImports: out } : {};
}

/** Route registrations whose options the extractor could not read (FileFacts.unreadRoutes), per service that owns the file. */
function unreadRouteRegistrations(facts: ReadonlyMap<string, FileFacts>, fileService: Record<string, string>): Pick<ArchModel, "unreadRoutes"> {
  const out: NonNullable<ArchModel["unreadRoutes"]> = [];
  for (const f of facts.values()) {
    const service = fileService[f.file];
    if (service === undefined) continue;
    for (const item of f.unreadRoutes ?? []) {
      out.push({ service, location: item.location, message: `${item.what} at ${item.location.file}:${item.location.line} registers a route whose method or path is not written there (options another module or variable holds): that route, its handler and the calls it makes are not checked` });
    }
  }
  return out.length ? { unreadRoutes: out } : {};
}

/**
 * Imports that reached a file only in other letter case (`./Routes/ride.route` for Routes/ride.Route.js): read as that
 * file, as the disk the code was written on does, and said so, since in a Linux container that require fails.
 */
function caseFoldedImports(resolver: ModuleResolver, facts: ReadonlyMap<string, FileFacts>, fileService: Record<string, string>): Pick<ArchModel, "caseFolded"> {
  const out: NonNullable<ArchModel["caseFolded"]> = [];
  for (const { from, specifier, file } of resolver.caseFolded()) {
    const service = fileService[from];
    if (service === undefined) continue;
    const line = importLine(facts.get(from), specifier);
    out.push({ service, location: { file: from, line, column: 1 }, message: `${from}:${line} loads ${specifier}, which names ${file} only in other letter case: read as that file (a case-insensitive disk finds it; on Linux the require fails)` });
  }
  return out.length ? { caseFolded: out } : {};
}
