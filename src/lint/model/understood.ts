import { BUILTIN_SERVER } from "../discover/entry-imports.js";
import { SERVER_DEPENDENCIES } from "../discover/packages.js";
import type { ArchModel, Diagnostic, ImportFact, MissedService, ModelCall, ModelDatastore, ModelTopic, RouteFact, TransportFact } from "../types.js";
import { unownedServers } from "./unowned-servers.js";
import { idleGrpcClients } from "./idle-grpc-clients.js";
import { unresolvedWhereVersionGoes } from "./version-position.js";

/**
 * What the scan understood of each service, and what it saw but could not
 * understand. Silence must never look like health: a service that imports a
 * database driver but got no datastore, a datastore whose URL did not resolve,
 * or a service with an HTTP framework and no route would otherwise pass as
 * "no problems found". Pure: the model and each file's imports in, counts and
 * diagnostics out; the caller finds the line of an import when it has one to name.
 */

export interface ServiceSummary {
  name: string;
  /** Set for a service in a language arch-lint does not scan: it has no counts of its own. */
  language?: string;
  routes: number;
  /** Of its routes, those that forward to an upstream (absent when none); `edge`: it is the edge (an API gateway). */
  proxies?: number;
  edge?: true;
  /** Calls its handlers make (a proxy's forward is counted with its route, not here). */
  calls: number;
  /** Calls that did not resolve to a service. */
  unresolvedCalls: number;
  /** Distinct datastores: one per identity, one per connection that did not resolve. */
  datastores: number;
  unresolvedDatastores: number;
  /** Distinct topics it produces or consumes. */
  topics: number;
  /** "not-understood" diagnostics about it. */
  notUnderstood: number;
}

/** Per service, in the model's order: how many routes, calls, datastores and topics the scan found, and how many things it could not understand. */
export function serviceSummaries(model: ArchModel, diagnostics: readonly Diagnostic[] = []): ServiceSummary[] {
  const blank = (): Omit<ServiceSummary, "name" | "language"> => ({ routes: 0, calls: 0, unresolvedCalls: 0, datastores: 0, unresolvedDatastores: 0, topics: 0, notUnderstood: 0 });
  const counts = new Map(model.services.map((service) => [service.name, blank()]));
  const stores = new Map<string, Set<string>>();
  const topics = new Map<string, Set<string>>();
  for (const route of model.routes) {
    const entry = counts.get(route.service);
    if (!entry) continue;
    entry.routes++;
    if (route.proxy) entry.proxies = (entry.proxies ?? 0) + 1;
  }
  for (const edge of model.edgeServices ?? []) {
    const entry = counts.get(edge);
    if (entry) entry.edge = true;
  }
  for (const call of model.calls) {
    const entry = counts.get(call.service);
    if (!entry || call.proxy) continue;
    entry.calls++;
    if (!call.targetService) entry.unresolvedCalls++;
  }
  for (const store of model.datastores) {
    const entry = counts.get(store.service);
    if (!entry) continue;
    const seen = stores.get(store.service) ?? new Set();
    stores.set(store.service, seen);
    const key = store.identity ?? `unresolved ${store.location.file}:${store.location.line}:${store.location.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    entry.datastores++;
    if (!store.identity) entry.unresolvedDatastores++;
  }
  for (const diagnostic of diagnostics) {
    const entry = diagnostic.kind === "not-understood" && diagnostic.service !== undefined ? counts.get(diagnostic.service) : undefined;
    if (entry) entry.notUnderstood++;
  }
  for (const topic of model.topics) {
    if (!counts.has(topic.service)) continue;
    const seen = topics.get(topic.service) ?? new Set();
    topics.set(topic.service, seen);
    seen.add(`${topic.system}:${topic.topic}`);
  }
  return model.services.map((service) => {
    const entry = counts.get(service.name)!;
    return { name: service.name, ...(service.language ? { language: service.language } : {}), ...entry, topics: topics.get(service.name)?.size ?? 0 };
  });
}

// ---------------------------------------------------------------------------
// What could not be understood
// ---------------------------------------------------------------------------

/** A package a service imports that opens a database; `any` for ORMs and query builders that speak to several engines. */
const DRIVERS: Record<string, string> = {
  pg: "postgres",
  postgres: "postgres",
  "pg-promise": "postgres",
  "@neondatabase/serverless": "postgres",
  slonik: "postgres",
  mysql: "mysql",
  mysql2: "mysql",
  mariadb: "mysql",
  mongodb: "mongodb",
  mongoose: "mongodb",
  "@nestjs/mongoose": "mongodb",
  "@typegoose/typegoose": "mongodb",
  redis: "redis",
  "@redis/client": "redis",
  ioredis: "redis",
  "@nestjs-modules/ioredis": "redis",
  "@liaoliaots/nestjs-redis": "redis",
  // A queue on Redis is a connection to it (the extractor reads Bull's and BullMQ's connection options).
  bull: "redis",
  bullmq: "redis",
  "@nestjs/bull": "redis",
  "@nestjs/bullmq": "redis",
  "@elastic/elasticsearch": "elasticsearch",
  elasticsearch: "elasticsearch",
  "@nestjs/elasticsearch": "elasticsearch",
  "@opensearch-project/opensearch": "opensearch",
  // Fastify's plugins open the connection when registered (extract/datastores/fastify-plugins.ts).
  "@fastify/postgres": "postgres",
  "fastify-postgres": "postgres",
  "@fastify/mysql": "mysql",
  "fastify-mysql": "mysql",
  "@fastify/mongodb": "mongodb",
  "fastify-mongodb": "mongodb",
  "@fastify/redis": "redis",
  "fastify-redis": "redis",
  "@fastify/elasticsearch": "elasticsearch",
  mssql: "mssql",
  tedious: "mssql",
  sqlite3: "sqlite",
  "better-sqlite3": "sqlite",
  typeorm: "any",
  "@nestjs/typeorm": "any",
  sequelize: "any",
  "sequelize-typescript": "any",
  "@nestjs/sequelize": "any",
  knex: "any",
  objection: "any",
  prisma: "any",
  "@prisma/client": "any",
  "drizzle-orm": "any",
  kysely: "any",
};

/** Engines a connection of an ORM (knex, TypeORM, Prisma … the "any" drivers) is never to: a Redis beside it is another connection. */
const ORM_NOT_ANSWERED_BY: ReadonlySet<string> = new Set(["redis", "elasticsearch", "opensearch"]);

/** Clients of datastores the model has no engine for: a service that uses one shares or owns data arch-lint does not compare. */
const UNMODELLED_DATASTORES: Record<string, string> = {
  "@aws-sdk/client-dynamodb": "DynamoDB",
  "@aws-sdk/lib-dynamodb": "DynamoDB",
  dynamoose: "DynamoDB",
  "dynamodb-toolbox": "DynamoDB",
  "cassandra-driver": "Cassandra",
  "express-cassandra": "Cassandra",
  "neo4j-driver": "Neo4j",
  "@clickhouse/client": "ClickHouse",
  "@google-cloud/firestore": "Firestore",
  "@google-cloud/datastore": "Cloud Datastore",
  "@azure/cosmos": "Cosmos DB",
  couchbase: "Couchbase",
  "@supabase/supabase-js": "Supabase",
};

/** The engine an import of a package arch-lint does not model names: aws-sdk v2 only through its DynamoDB client. */
function unmodelledEngine(pkg: string, imported: string): string | undefined {
  if (pkg === "aws-sdk") return imported === "DynamoDB" ? "DynamoDB" : undefined;
  return Object.hasOwn(UNMODELLED_DATASTORES, pkg) ? UNMODELLED_DATASTORES[pkg] : undefined;
}

/** Every `@mikro-orm/<driver>` package. */
const DRIVER_SCOPES: Record<string, string> = { "@mikro-orm/": "any" };

/** Packages that serve HTTP: a service that has one and no route is a route the scan missed (or a framework it does not follow). */
/** Packages that route requests by an OpenAPI document read at run time, to handlers named by operationId. */
const SPEC_ROUTERS = ["openapi-backend", "express-openapi", "oas3-tools", "swagger-routes-express", "fastify-openapi-glue", "koa-oas3", "openapi-express-router"];

/**
 * API gateway packages that route by a table of their own (proxied prefixes, exposed actions). Those whose tables the
 * proxy extractors read (extract/proxies/route-table.ts) are said only when no table of theirs was found in the service.
 */
const GATEWAY_LIBRARIES = ["fast-gateway", "k-fastify-gateway", "express-gateway", "moleculer-web", "@apollo/gateway"];
const READ_GATEWAY_LIBRARIES = new Set(["fast-gateway", "k-fastify-gateway", "@apollo/gateway", "express-gateway"]);
/** Gateways counted only where the code imports them: a federation subgraph's package often lists @apollo/gateway without running one. */
const IMPORTED_GATEWAY_LIBRARIES = new Set(["@apollo/gateway"]);

/**
 * Request-reply toolkits whose requests and handlers are not read (cote's requesters and responders, hemera's
 * `act`/`add`; seneca's `act`/`add` when no pattern of them is written out): a call between services through one is a
 * synchronous hop no check sees.
 */
/** Message brokers' client packages: importing one to use it means the code sends or receives messages. */
const BROKER_CLIENTS = new Set(["kafkajs", "node-rdkafka", "@confluentinc/kafka-javascript", "amqplib", "amqp-connection-manager", "amqp-ts", "amqp-ts-async", "nats", "node-nats-streaming", "@aws-sdk/client-sqs", "@aws-sdk/client-sns", "@google-cloud/pubsub", "@azure/service-bus", "rhea", "mqtt"]);

const UNREAD_RPC = ["seneca", "cote", "nats-hemera"];

/** A base class a package exports for publishing (`AbstractEventProducer`, `BasePublisher`, `Publisher`; not NestJS CQRS's in-process `EventPublisher`). */
const PUBLISHER_BASE = /^(Abstract|Base)\w*(Publisher|Producer)$|^(Publisher|Producer)$/;

/** Durable workflow engines whose workflows and activities are not read: the steps other services run through them are not seen. */
const UNREAD_WORKFLOWS: Record<string, string> = {
  "@temporalio/client": "Temporal",
  "@temporalio/worker": "Temporal",
  "@temporalio/workflow": "Temporal",
  "@temporalio/activity": "Temporal",
  "nestjs-temporal-core": "Temporal",
  "nestjs-temporal": "Temporal",
  "@restatedev/restate-sdk": "Restate",
  "@restatedev/restate-sdk-clients": "Restate",
};

/** gRPC libraries whose clients and servers the grpc-js extractor reads. */
const GRPC_PACKAGES = ["@grpc/grpc-js", "grpc"];

// LoopBack 4's controllers (`@get("/books")` of @loopback/rest) are not read as routes: its services say so.
const HTTP_FRAMEWORKS = ["express", "fastify", "koa", "@koa/router", "koa-router", "hono", "@nestjs/core", "@hapi/hapi", "hapi", "routing-controllers", "tsoa", "inversify-express-utils", "restify", "@loopback/rest"];

/** HTTP clients, by the imported names that make requests (`AxiosError` alone is a type's value, no client). */
const HTTP_CLIENTS: Record<string, RegExp> = {
  axios: /^(default|\*|axios|create)$/,
  got: /^(default|\*|got)$/,
  undici: /^(default|\*|request|fetch|Pool|Client|Agent)$/,
  "node-fetch": /^(default|\*)$/,
  "@nestjs/axios": /^(HttpService|HttpModule)$/,
  superagent: /^(default|\*)$/,
  needle: /^(default|\*)$/,
  bent: /^(default|\*)$/,
  ky: /^(default|\*)$/,
  request: /^(default|\*)$/,
  "request-promise": /^(default|\*)$/,
  "request-promise-native": /^(default|\*)$/,
  requestify: /^(default|\*)$/,
  "graphql-request": /^(default|\*|GraphQLClient|request|rawRequest|batchRequests)$/,
};

/** Imported names that open a connection: of several imports of one driver, the one that names such a thing is named in the diagnostic. */
const CONNECTING_NAMES = /^(default|\*|Pool|Client|MongoClient|connect|createConnection|createPool|createClient|DataSource|TypeOrmModule|MongooseModule|SequelizeModule|Sequelize|PrismaClient|MikroORM|Kysely|drizzle|Redis|knex|Knex|Queue|Worker|BullModule|RedisModule|ElasticsearchModule)$/;

/**
 * Imported names that are values or helpers of a driver, not a connection: a gateway that validates an ObjectId opens no
 * database, nor does an exception filter that catches the ORM's errors (`EntityNotFoundError`, `QueryFailedError`).
 */
const INCIDENTAL_NAMES = /^(ObjectId|ObjectID|Types|isValidObjectId|isObjectIdOrHexString|Decimal128|Long|BSON|UUID|Binary|Timestamp)$|^[A-Z]\w*(Error|Exception)$/;

/**
 * What `@prisma/client` exports besides `PrismaClient` is generated from the schema: the `Prisma` namespace of input
 * types and error classes, the models' types and the enums. Importing those opens nothing (a gateway typing the bodies
 * it hands on); the client is made where `PrismaClient` is imported.
 */
function prismaTypesOnly(pkg: string, imported: string): boolean {
  return pkg === "@prisma/client" && imported !== "PrismaClient" && imported !== "*" && imported !== "default";
}

/** Imported names that create a server app rather than name one of its types. */
const APP_IMPORTS = /^(default|\*|NestFactory|Hono|Koa|Server|server|fastify|Fastify|createServer)$/;

/**
 * Names a web framework exports only as types (`import { Request } from "express"` to type a NestJS handler's `@Req()`):
 * an import of nothing else is no sign that the code serves HTTP with that framework.
 */
const TYPE_ONLY_IMPORTS: Readonly<Record<string, RegExp>> = {
  express: /^(Request|Response|NextFunction|RequestHandler|ErrorRequestHandler|Errback|CookieOptions|Handler|Locals|Send|IRouter|RouterOptions|Express)$/,
  fastify: /^(Fastify(Request|Reply|Schema|PluginOptions|PluginAsync|PluginCallback|ServerOptions|Error|BaseLogger|LoggerOptions)|RouteOptions|RouteHandlerMethod|HookHandlerDoneFunction|RawServerDefault)$/,
  koa: /^(Context|Next|Middleware|ParameterizedContext|DefaultState|DefaultContext)$/,
};

/** `@scope/name/sub/path` → `@scope/name`, `name/sub` → `name`; undefined for relative, absolute and `node:` specifiers. */
export function packageOf(specifier: string): string | undefined {
  if (/^(\.|\/|node:|#|~\/|@\/)/.test(specifier)) return undefined;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? (parts.length > 1 ? `${parts[0]}/${parts[1]}` : undefined) : parts[0];
}

function driverEngine(pkg: string): string | undefined {
  if (DRIVERS[pkg]) return DRIVERS[pkg];
  for (const [scope, engine] of Object.entries(DRIVER_SCOPES)) if (pkg.startsWith(scope)) return engine;
  return undefined;
}

/** Packages a service runs on: a scanned file importing one, in a scan that found no service, is a service it missed. */
const SERVICE_PACKAGES = new Set([...SERVER_DEPENDENCIES, ...HTTP_FRAMEWORKS]);

/**
 * When no service was found: the first scanned file, in path order, that imports a package a service runs on
 * (express, fastify, kafkajs ...), and the config that declares its folder as a service. Undefined when no file
 * does: then the folder really holds no service.
 */
export function missedService(imports: UnderstoodInput["imports"], lineOf?: UnderstoodInput["lineOf"], packageDirs: readonly string[] = []): MissedService | undefined {
  let found: { file: string; pkg: string } | undefined;
  for (const { file, imports: facts } of imports) {
    if (found && found.file <= file) continue;
    const pkg = facts.map((fact) => packageOf(fact.specifier)).find((name) => name !== undefined && SERVICE_PACKAGES.has(name));
    if (pkg) found = { file, pkg };
  }
  if (!found) return undefined;
  const line = lineOf?.(found.file, found.pkg);
  // The folder of its package.json when it has one (the deepest), else its own folder.
  const file = found.file;
  const slash = file.lastIndexOf("/");
  const packageDir = packageDirs.filter((dir) => dir !== "" && file.startsWith(`${dir}/`)).sort((a, b) => b.length - a.length)[0];
  const folder = packageDir ?? (slash < 0 ? "." : file.slice(0, slash));
  const name = (folder === "." ? "app" : folder.slice(folder.lastIndexOf("/") + 1)).toLowerCase().replace(/[^a-z0-9-]+/g, "-");
  return { ...found, ...(line ? { line } : {}), fix: `declare it in arch-lint.config.yaml: services: { ${name}: { path: ${folder} } }` };
}

export interface UnderstoodInput {
  model: ArchModel;
  /** Each scanned file's imports (requires included), and the datastores and routes it declares. */
  imports: Iterable<{ file: string; imports: readonly ImportFact[]; moduleReferences?: readonly { specifier: string; line: number }[]; datastores?: readonly { location: { line: number } }[]; routes?: readonly RouteFact[]; transports?: readonly TransportFact[]; jetStreamPulls?: readonly { line: number }[] }>;
  /** Per service name, the dependencies its own package.json declares. */
  dependencies: Record<string, readonly string[]>;
  /** The line of `file` that imports `pkg`, when the caller can tell; the package.json line that declares it when file is one. */
  lineOf?: (file: string, pkg: string) => number | undefined;
  /** Where each service's package.json is, for a framework it declares but no file imports. */
  packageFiles?: Record<string, string>;
  /** The folder of every package.json of the scan ("" for the root), to name where a missed service is. */
  packageDirs?: readonly string[];
}

interface ImportSite {
  pkg: string;
  file: string;
  imported: string;
  line?: number;
  connecting: boolean;
}

/** Who imports a driver: a scanned service, or a library (whose connection belongs to the services that import it). */
interface Owner {
  name: string;
  library: boolean;
  stores: ModelDatastore[];
}

/**
 * One diagnostic ("not-understood") per thing the scan saw but could not make sense of:
 * - a service or library imports a database driver or ORM, and no datastore of that engine was found for it;
 * - a datastore was found but its URL did not resolve (naming the variable that is not set, when it is known);
 * - a service depends on an HTTP framework and no route was found for it;
 * - a message pattern's transport could not be found;
 * - nothing at all was found in a service's code, and nothing above says why.
 * Services in a language arch-lint does not scan are left out: nothing of them was read.
 */
export function notUnderstood(input: UnderstoodInput): Diagnostic[] {
  const { model } = input;
  // Read twice below: an iterator (a Map's values) would be empty the second time.
  const imports = [...input.imports];
  const scanned = new Set(model.services.filter((s) => !s.language).map((s) => s.name));
  const libraryRoots = model.libraries.filter((l) => l.root !== "").map((l) => ({ name: l.name, prefix: `${l.root}/`, packageName: l.packageName }));
  const libraryOf = (file: string) => libraryRoots.find((l) => file.startsWith(l.prefix))?.name;
  // Owner key: "s:<service>" or "l:<library>".
  const drivers = new Map<string, ImportSite[]>();
  const imported = new Map<string, Map<string, ImportSite>>();
  /** Per owner, the first import of an HTTP client made to call with. */
  const clients = new Map<string, ImportSite>();
  /** Per owner, the first import of a message broker's client that the code uses. */
  const brokers = new Map<string, ImportSite>();
  /** Per service, the first load of a request-reply toolkit not read (`require("seneca")({ tag })` included). */
  const rpc = new Map<string, ImportSite>();
  /** Per service, the first producer or publisher class imported from a package (`AbstractEventProducer` of a shared npm package). */
  const publisherBases = new Map<string, ImportSite>();
  for (const { file, imports: facts, moduleReferences } of imports) {
    const service = model.fileService[file];
    const library = service ? undefined : libraryOf(file);
    if (service ? !scanned.has(service) : !library) continue;
    const owner = service ? `s:${service}` : `l:${library}`;
    for (const fact of [...facts, ...(moduleReferences ?? [])]) {
      const pkg = packageOf(fact.specifier);
      if (pkg && UNREAD_RPC.includes(pkg) && !rpc.has(owner)) rpc.set(owner, { pkg, file, imported: "default", ...(fact.line ? { line: fact.line } : {}), connecting: false });
    }
    for (const fact of facts) {
      const pkg = packageOf(fact.specifier);
      if (!pkg) continue;
      const site = { pkg, file, imported: fact.imported, ...(fact.line ? { line: fact.line } : {}), connecting: CONNECTING_NAMES.test(fact.imported) };
      const byPkg = imported.get(owner) ?? new Map<string, ImportSite>();
      imported.set(owner, byPkg);
      // The import that builds the app (`import express from "express"`) names it better than one of its types.
      const first = byPkg.get(pkg);
      if (!first || (!APP_IMPORTS.test(first.imported) && APP_IMPORTS.test(site.imported))) byPkg.set(pkg, site);
      if (HTTP_CLIENTS[pkg]?.test(fact.imported) && !fact.unused && !clients.has(owner)) clients.set(owner, site);
      if (BROKER_CLIENTS.has(pkg) && !fact.unused && !INCIDENTAL_NAMES.test(fact.imported) && !brokers.has(owner)) brokers.set(owner, site);
      if (service && PUBLISHER_BASE.test(fact.imported) && !fact.unused && !publisherBases.has(owner)) publisherBases.set(owner, site);
      if (driverEngine(pkg) && !INCIDENTAL_NAMES.test(fact.imported) && !prismaTypesOnly(pkg, fact.imported)) {
        const list = drivers.get(owner) ?? [];
        drivers.set(owner, list);
        list.push(site);
      }
    }
  }

  const diagnostics: Diagnostic[] = [];
  // An empty model passes every rule: it must not read as "no problems found".
  if (!model.services.length) {
    const missed = missedService(imports, input.lineOf, input.packageDirs);
    const what =
      "a service is a package with a server or broker dependency and an entry, an application of nest-cli.json or Nx, a docker-compose service built from the repository, or a Kubernetes workload";
    diagnostics.push(
      missed
        ? { kind: "not-understood", message: `no service was found, so nothing was checked, though ${missed.line ? `${missed.file}:${missed.line}` : missed.file} imports ${missed.pkg}: ${what}; ${missed.fix}`, file: missed.file, ...(missed.line ? { line: missed.line } : {}) }
        : { kind: "not-understood", message: `no service was found, so nothing was checked: ${what}; declare others under "services:" in arch-lint.config.yaml` },
    );
  }
  const at = (file: string, pkg: string, known?: number): { file: string; line?: number; where: string } => {
    const line = known ?? input.lineOf?.(file, pkg);
    return { file, ...(line ? { line } : {}), where: line ? `${file}:${line}` : file };
  };
  const storesOf = new Map<string, ModelDatastore[]>();
  for (const store of model.datastores) {
    const list = storesOf.get(store.service) ?? [];
    storesOf.set(store.service, list);
    list.push(store);
  }

  // 1. A driver with no datastore of its engine: for each service, then for each library (its connections are found through the services that import it).
  const owners: (Owner & { key: string })[] = [
    ...model.services.filter((s) => scanned.has(s.name)).map((s) => ({ key: `s:${s.name}`, name: s.name, library: false, stores: storesOf.get(s.name) ?? [] })),
    // A library's connections: those in its files, and those its files lead to (a Prisma schema outside it, whose client it makes).
    ...libraryRoots.map((l) => ({ key: `l:${l.name}`, name: l.name, library: true, stores: model.datastores.filter((d) => d.location.file.startsWith(l.prefix) || d.via?.some((hop) => hop.file.startsWith(l.prefix))) })),
  ];
  for (const owner of owners) {
    const { stores } = owner;
    const missing = new Map<string, ImportSite>();
    for (const site of drivers.get(owner.key) ?? []) {
      // A library that only describes data (`Entity`, `Column`, `Schema`, `Prop` of the ORM) opens nothing of its own: the
      // services that use its entities connect, and their connections are checked. Only a name that can open one counts.
      if (owner.library && !site.connecting) continue;
      const engine = driverEngine(site.pkg)!;
      // An ORM or query builder is answered by a database it opens, not by the service's cache or search cluster.
      const found = engine === "any" ? stores.some((s) => !ORM_NOT_ANSWERED_BY.has(s.engine)) : stores.some((s) => s.engine === engine || s.engine === "unknown");
      if (found) continue;
      // With no datastore at all, one line per service: an ORM and the driver under it are one connection.
      const key = stores.length ? engine : "";
      const best = missing.get(key);
      if (!best || rank(site) > rank(best)) missing.set(key, site);
    }
    for (const site of missing.values()) {
      const where = at(site.file, site.pkg, site.line);
      diagnostics.push({
        kind: "not-understood",
        ...(owner.library ? {} : { service: owner.name }),
        message: `${owner.name}${owner.library ? " (a library)" : ""} imports ${site.pkg} at ${where.where}, but no connection URL could be resolved (no connection it opens was found: one made in a way arch-lint does not follow, or none at all)`,
        file: where.file,
        ...(where.line ? { line: where.line } : {}),
      });
    }
  }

  // 1b. A datastore arch-lint does not model (DynamoDB, Cassandra, Neo4j, ClickHouse …): its use is not compared at all.
  for (const owner of owners) {
    const said = new Set<string>();
    for (const site of imported.get(owner.key)?.values() ?? []) {
      const engine = unmodelledEngine(site.pkg, site.imported);
      if (!engine || said.has(engine)) continue;
      said.add(engine);
      const where = at(site.file, site.pkg, site.line);
      diagnostics.push({
        kind: "not-understood",
        ...(owner.library ? {} : { service: owner.name }),
        message: `${owner.name}${owner.library ? " (a library)" : ""} uses ${engine} through ${site.pkg} at ${where.where}, which arch-lint does not model as a datastore: whether services share it is not checked`,
        file: where.file,
        ...(where.line ? { line: where.line } : {}),
      });
    }
  }

  // 1b'. A workflow engine (Temporal): the activities it runs in other services are requests arch-lint does not see.
  for (const owner of owners) {
    const site = [...(imported.get(owner.key)?.values() ?? [])].find((candidate) => Object.hasOwn(UNREAD_WORKFLOWS, candidate.pkg));
    if (!site) continue;
    const where = at(site.file, site.pkg, site.line);
    diagnostics.push({
      kind: "not-understood",
      ...(owner.library ? {} : { service: owner.name }),
      message: `${owner.name}${owner.library ? " (a library)" : ""} runs work through ${UNREAD_WORKFLOWS[site.pkg]} (${site.pkg} at ${where.where}), whose workflows and activities arch-lint does not read: what services ask of each other through it, and the writes and publishes its activities make, are not checked`,
      file: where.file,
      ...(where.line ? { line: where.line } : {}),
    });
  }

  // 1b''. NATS JetStream pull consumers (`js.consumers.get(stream, durable)`, also inside a library's `createPullWorker(opts,
  // handler)`) whose subjects no `jsm.streams.add`/`jsm.consumers.add` of the scan names: the subjects they take and the
  // handlers they run are not read, so neither are the dual writes in those handlers.
  const pulled = new Set<string>();
  // A pull consumer whose subjects the scan's configuration gave is read (a consumer topic at its place): not said.
  const readPulls = new Set(model.topics.filter((t) => t.role === "consume" && t.system === "nats").map((t) => `${t.location.file}:${t.location.line}`));
  for (const { file, jetStreamPulls: all } of imports) {
    const jetStreamPulls = all?.filter((pull) => !readPulls.has(`${file}:${pull.line}`));
    if (!jetStreamPulls?.length) continue;
    const service = model.fileService[file];
    const library = service ? undefined : libraryOf(file);
    const name = service ?? library;
    if (name === undefined || pulled.has(name) || (service !== undefined && !scanned.has(service))) continue;
    pulled.add(name);
    const line = jetStreamPulls[0]!.line;
    diagnostics.push({
      kind: "not-understood",
      ...(service ? { service } : {}),
      message: `${name}${service ? "" : " (a library)"} takes messages through NATS JetStream pull consumers (\`consumers.get(stream, durable)\` at ${file}:${line}) whose subjects no stream or consumer configuration of the scan names (\`jsm.streams.add\`, \`jsm.consumers.add\`): the subjects received there, their handlers, and the dual writes in those handlers are not checked`,
      file,
      line,
    });
  }

  // 1c. A library that imports a broker's client, no topic of which was found in its files: the services that use it load
  // it in a way arch-lint does not follow (`await import()`, a path built at run time), so its messages are not seen.
  // (A library its services import by name is followed: its messages are theirs, found where they subclass or call it.)
  // Built only when a library imports a broker's client: most scans have none.
  let importedByName: Set<string | undefined> | undefined;
  for (const library of libraryRoots) {
    const site = brokers.get(`l:${library.name}`);
    if (!site || !library.packageName) continue;
    importedByName ??= new Set(imports.flatMap(({ file, imports: facts }) => (model.fileService[file] ? facts.map((fact) => packageOf(fact.specifier)) : [])));
    if (importedByName.has(library.packageName) || model.topics.some((t) => t.location.file.startsWith(library.prefix))) continue;
    const where = at(site.file, site.pkg, site.line);
    diagnostics.push({
      kind: "not-understood",
      message: `${library.name} (a library) imports ${site.pkg} at ${where.where}, but no service was found sending or receiving messages through it (one that loads it in a way arch-lint does not follow, such as a path built at run time, is not seen): its messages and the dual writes around them are not checked`,
      file: where.file,
      ...(where.line ? { line: where.line } : {}),
    });
  }

  // 1d. Code a library imports that is not in the repository (a generated client): what it does is not seen.
  const missingByLibrary = new Map<string, NonNullable<ArchModel["missingImports"]>>();
  for (const item of model.missingImports ?? []) if (item.library !== undefined) missingByLibrary.set(item.library, [...(missingByLibrary.get(item.library) ?? []), item]);
  for (const [library, missing] of missingByLibrary) diagnostics.push(missingCode(`${library} (a library)`, missing));

  // GraphQL operations are served over HTTP too (a Nest gateway of resolvers registers no route of its own).
  const withRoutes = new Set([...model.routes, ...(model.resolvers ?? [])].map((r) => r.service));
  // Services whose Moleculer schemas were read: a gateway's routes, or actions (moleculer-web imported for its Errors).
  const moleculerGateways = new Set([...model.routes.filter((r) => r.framework === "moleculer-web"), ...(model.actions ?? [])].map((r) => r.service));
  const consumers = new Set(model.topics.filter((t) => t.role === "consume").map((t) => t.service));
  const microserviceApps = new Set(imports.filter((f) => f.transports?.some((t) => t.kind === "server" && t.standalone)).flatMap((f) => model.fileService?.[f.file] ?? []));
  const withCalls = new Set(model.calls.map((c) => c.service));
  // A shared library's publish helper whose topic each caller names (`send(record)`, `{record.topic}`) stands for the
  // services using the library whether or not they call it: it alone says nothing of a service's own code.
  const withTopics = new Set(model.topics.filter((t) => t.role !== "produce" || model.fileService[t.location.file] === t.service || !t.topic.includes("{")).map((t) => t.service));
  const withGrpc = new Set([...model.calls.filter((c) => c.client === "grpc").map((c) => c.service), ...model.topics.filter((t) => t.system === "grpc").map((t) => t.service)]);
  const topicsOf = new Map<string, ModelTopic[]>();
  for (const topic of model.topics) topicsOf.set(topic.service, [...(topicsOf.get(topic.service) ?? []), topic]);
  // Helpers' own calls whose callers' calls were made with the URLs they pass (model/calls.ts helperCalls).
  const madeFrom = new Set(model.calls.flatMap((c) => (c.madeFrom ? [c.madeFrom] : [])));
  // Two deployments of one folder's code (compose's `web` and `cron` both building ./app): the folder's files belong to
  // the first listed (model/ownership.ts), so the other gets none of its routes, calls or datastores. Say so, once,
  // instead of the misleading "no route was found" below.
  const firstOfRoot = new Map<string, string>();
  const countedWithAnother = new Set<string>();
  for (const service of model.services) {
    if (!scanned.has(service.name) || service.entry !== undefined || service.ownedFiles !== undefined) continue;
    const first = firstOfRoot.get(service.root);
    if (first === undefined) {
      firstOfRoot.set(service.root, service.name);
      continue;
    }
    countedWithAnother.add(service.name);
    diagnostics.push({
      kind: "not-understood",
      service: service.name,
      message: service.replicated
        ? `${service.name} runs the same program as ${first} (one build and command, another environment): the datastores its files open are counted for both, its routes and calls for ${first} only`
        : `${service.name} runs the code of ${service.root || "the repository root"}, which ${first} runs too: its files are counted for ${first} only, so ${service.name}'s own routes, calls and datastores are not checked (give its entry a folder of its own, such as src/${service.name}/main.ts, or set services.${service.name}.exclude in arch-lint.config.yaml if it is the same service)`,
      file: service.location.file,
      ...(service.location.line ? { line: service.location.line } : {}),
    });
  }

  const serviceByName = new Map(model.services.map((other) => [other.name, other]));
  for (const service of model.services) {
    if (!scanned.has(service.name) || countedWithAnother.has(service.name)) continue;
    const stores = storesOf.get(service.name) ?? [];

    // 2. A datastore whose URL did not resolve.
    const seen = new Set<string>();
    for (const store of stores) {
      if (store.identity) continue;
      const key = `${store.location.file}:${store.location.line}:${store.library}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const engine = store.engine === "unknown" ? "a datastore" : store.engine;
      // A connection in a library: the service's own import of it says how it gets there.
      const through = store.via?.[0] ? ` (imported at ${store.via[0].file}:${store.via[0].line})` : "";
      diagnostics.push({
        kind: "not-understood",
        service: service.name,
        message: `${service.name} connects to ${engine} through ${store.library} at ${store.location.file}:${store.location.line}${through}, but its URL did not resolve (${whyUnresolved(store, service.name)})`,
        file: store.location.file,
        line: store.location.line,
      });
    }

    // 3. An HTTP framework and no route. A service that consumes events may be a worker that only declares one
    // (or a NestJS microservice, whose NestFactory is @nestjs/core too); one whose code imports express, fastify … serves HTTP.
    // A NestJS app made with createMicroservice serves its transport alone: @nestjs/core is no HTTP framework there.
    const consumes = consumers.has(service.name) || microserviceApps.has(service.name);
    if (!withRoutes.has(service.name)) {
      const byPkg = imported.get(`s:${service.name}`);
      const importsFramework = (fw: string) => byPkg?.has(fw) === true && !TYPE_ONLY_IMPORTS[fw]?.test(byPkg.get(fw)!.imported);
      const servesHttp = (fw: string) => importsFramework(fw) && (!consumes || fw !== "@nestjs/core");
      // One entry of a package (ServiceInfo.entry) shares its package's dependencies with the others: only its own files' imports say what it serves.
      const framework = HTTP_FRAMEWORKS.find(servesHttp) ?? (consumes ? undefined : HTTP_FRAMEWORKS.find((fw) => importsFramework(fw) || (service.entry === undefined && input.dependencies[service.name]?.includes(fw))));
      if (framework) {
        const site = byPkg?.get(framework);
        const packageFile = input.packageFiles?.[service.name];
        const where = site ? at(site.file, framework, site.line) : packageFile ? at(packageFile, framework) : undefined;
        diagnostics.push({
          kind: "not-understood",
          service: service.name,
          message: `${service.name} ${site ? `imports ${framework} at ${where!.where}` : `depends on ${framework}${where ? ` in ${where.where}` : ""}`}, but no route was found (routes registered in a way arch-lint does not follow are not checked)`,
          ...(where ? { file: where.file, ...(where.line ? { line: where.line } : {}) } : {}),
        });
      } else if (input.dependencies[service.name]?.includes(BUILTIN_SERVER)) {
        // A server of Node's own (discover/entry-imports.ts): its routes are whatever its request handler switches on.
        const builtin = ["node:http", "http", "node:https", "https", "node:http2", "http2"].find((name) => byPkg?.has(name));
        const site = builtin ? byPkg!.get(builtin)! : undefined;
        const where = site && builtin ? at(site.file, builtin, site.line) : undefined;
        diagnostics.push({
          kind: "not-understood",
          service: service.name,
          message: `${service.name} starts a server of Node's own${where ? ` (${builtin} at ${where.where})` : ""}, whose routes arch-lint does not read (the paths its request handler dispatches on): they are not checked`,
          ...(where ? { file: where.file, ...(where.line ? { line: where.line } : {}) } : {}),
        });
      }
    }

    // 3a. Routes declared in an OpenAPI document and dispatched by a package at run time (openapi-backend's
    // `handleRequest`, express-openapi, oas3-tools …): the document is not read, so those routes are not checked,
    // whatever other routes the service has (its health route must not make it look fully read).
    const specRouter = SPEC_ROUTERS.find((pkg) => imported.get(`s:${service.name}`)?.has(pkg));
    // openapi-backend's documents are read when the code names their file (openapi-routes.ts): then its routes are known.
    const specRead = specRouter === "openapi-backend" && model.routes.some((route) => route.service === service.name && route.framework === "openapi-backend");
    if (specRouter && !specRead) {
      const site = imported.get(`s:${service.name}`)!.get(specRouter)!;
      const where = at(site.file, specRouter, site.line);
      diagnostics.push({
        kind: "not-understood",
        service: service.name,
        message: `${service.name} routes requests through ${specRouter} at ${where.where}, but the routes its OpenAPI document declares are not read (they are not checked)`,
        file: where.file,
        ...(where.line ? { line: where.line } : {}),
      });
    }

    // 3a'. A gateway library that proxies by a route table of its own (fast-gateway's `routes: [{ prefix, target }]`, moleculer-web's
    // aliases): those routes are not read, whatever routes of its own the service has.
    // One entry of a package that starts several (model/entry-services.ts) shares the package's dependencies: its own file must name it.
    // So does one deployment of a package's Moleculer services (model/moleculer-services.ts): its own files' imports name it.
    const names = (pkg: string) => (service.entry !== undefined ? at(service.entry, pkg).line !== undefined : service.ownedFiles === undefined && input.dependencies[service.name]?.includes(pkg));
    // moleculer-web is read (model/moleculer.ts): only a service none of whose gateway schemas was found is told.
    const tableRead = (pkg: string) => (pkg === "moleculer-web" ? moleculerGateways.has(service.name) : READ_GATEWAY_LIBRARIES.has(pkg) && model.calls.some((call) => call.service === service.name && call.proxy?.library === pkg));
    const gateway = GATEWAY_LIBRARIES.find((pkg) => (imported.get(`s:${service.name}`)?.has(pkg) || (!IMPORTED_GATEWAY_LIBRARIES.has(pkg) && names(pkg))) && !tableRead(pkg));
    if (gateway) {
      const site = imported.get(`s:${service.name}`)?.get(gateway);
      const packageFile = input.packageFiles?.[service.name];
      const where = site ? at(site.file, gateway, site.line) : service.entry !== undefined ? at(service.entry, gateway) : packageFile ? at(packageFile, gateway) : undefined;
      diagnostics.push({
        kind: "not-understood",
        service: service.name,
        message: `${service.name} forwards requests through ${gateway}${where ? ` (${where.where})` : ""}, whose routes and upstreams are not read (they are not checked)`,
        ...(where ? { file: where.file, ...(where.line ? { line: where.line } : {}) } : {}),
      });
    }

    // 3a-adonis. AdonisJS 4 (`const Route = use("Route")`, the framework's global loader): its routes are not read.
    if (names("@adonisjs/framework") && !model.routes.some((route) => route.service === service.name)) {
      const packageFile = input.packageFiles?.[service.name];
      const where = packageFile ? at(packageFile, "@adonisjs/framework") : undefined;
      diagnostics.push({
        kind: "not-understood",
        service: service.name,
        message: `${service.name} is an AdonisJS 4 application (@adonisjs/framework${where ? `, ${where.where}` : ""}), whose routes (\`use("Route")\` in start/routes.js) arch-lint does not read: its routes and the calls its controllers make are not checked`,
        ...(where ? { file: where.file, ...(where.line ? { line: where.line } : {}) } : {}),
      });
    }

    // 3a'''. A publisher base class of a package (`class TweetCreated extends AbstractEventProducer<TweetEvent>`, then
    // `producer.send(Topics.TweetCreated, data)`), in a service whose own code names no broker and publishes nothing that was
    // found: the package sends on a broker the scan cannot tell, so its messages and the dual writes around them go unchecked.
    // Its subclasses' sends are read as publishes on a broker the scan cannot name (model/topics.ts packageBasePublishes):
    // the dual writes around them are checked, what carries the messages is not.
    const publisherBase = publisherBases.get(`s:${service.name}`);
    if (publisherBase && !brokers.has(`s:${service.name}`) && !model.topics.some((t) => t.service === service.name && t.role === "produce" && !t.packageBase)) {
      const where = at(publisherBase.file, publisherBase.pkg, publisherBase.line);
      const read = model.topics.some((t) => t.service === service.name && t.packageBase);
      diagnostics.push({
        kind: "not-understood",
        service: service.name,
        message: read
          ? `${service.name} publishes through ${publisherBase.imported} of ${publisherBase.pkg} (${where.where}), on a broker its own code does not name: its sends are taken as events (the dual writes around them are checked), but which broker carries them, and who receives them, is not known`
          : `${service.name} publishes through ${publisherBase.imported} of ${publisherBase.pkg} (${where.where}), on a broker its own code does not name: its messages, and the dual writes around them, are not checked`,
        file: where.file,
        ...(where.line ? { line: where.line } : {}),
      });
    }

    // 3a''. A request-reply toolkit not read: its requests to other services (hops of a chain) and the handlers it serves are not seen.
    const rpcSite = rpc.get(`s:${service.name}`);
    // Seneca's patterns written out are read (model/seneca.ts): said only of a service that adds none and whose acts reach no service.
    const senecaRead = rpcSite?.pkg === "seneca" && (model.calls.some((c) => c.client === "seneca" && c.service === service.name && c.targetService !== undefined) || (model.actions ?? []).some((a) => a.framework === "seneca" && a.service === service.name));
    if (rpcSite && !senecaRead) {
      const where = at(rpcSite.file, rpcSite.pkg, rpcSite.line);
      diagnostics.push({
        kind: "not-understood",
        service: service.name,
        message: `${service.name} uses ${rpcSite.pkg} at ${where.where}, whose requests and handlers arch-lint does not read: calls between services through it are not checked (nor chains through them)`,
        file: where.file,
        ...(where.line ? { line: where.line } : {}),
      });
    }

    // 3b. An HTTP client imported to call with, and no call found: calls through a client passed around as a value
    // (an injected `requestFn`, a client in a context object) are not followed, and must not pass as "no chain".
    // (A call through a parameter that was not followed says so itself, below.)
    const client = withCalls.has(service.name) || model.unfollowed?.some((item) => item.service === service.name) ? undefined : clients.get(`s:${service.name}`);
    if (client) {
      const where = at(client.file, client.pkg, client.line);
      diagnostics.push({
        kind: "not-understood",
        service: service.name,
        message: `${service.name} imports ${client.pkg} at ${where.where}, but no HTTP call was found (calls through a client arch-lint could not follow to where it is used, such as one a function makes, are not seen)`,
        file: where.file,
        ...(where.line ? { line: where.line } : {}),
      });
    }

    // 3b'. gRPC imported and neither a gRPC call nor a served gRPC service found: a client a project function builds
    // from its parameters (`load({ serviceName, address })` returning `new pkg[serviceName](address, creds)`) is not
    // followed, and its unary calls (each a hop of a chain) must not pass as "no call".
    const grpcSite = GRPC_PACKAGES.map((pkg) => imported.get(`s:${service.name}`)?.get(pkg)).find((site) => site !== undefined);
    // (A service in which nothing at all was found gets the one line that says so, below.)
    const foundAny = withRoutes.has(service.name) || withCalls.has(service.name) || withTopics.has(service.name);
    if (grpcSite && foundAny && !withGrpc.has(service.name)) {
      const where = at(grpcSite.file, grpcSite.pkg, grpcSite.line);
      diagnostics.push({
        kind: "not-understood",
        service: service.name,
        message: `${service.name} imports ${grpcSite.pkg} at ${where.where}, but no gRPC call or served gRPC service was found (a client or server made in a way arch-lint does not follow, such as a factory of the project given its service class, or called with values not written at the call)`,
        file: where.file,
        ...(where.line ? { line: where.line } : {}),
      });
    }

    // 3b''. A broker's client imported and no topic found: messages sent or received in a way arch-lint does not follow
    // (a topic built at run time, a client handed around) must not pass as "no dual write".
    const brokerSite = brokers.get(`s:${service.name}`);
    if (brokerSite && !topicsOf.has(service.name)) {
      const where = at(brokerSite.file, brokerSite.pkg, brokerSite.line);
      diagnostics.push({
        kind: "not-understood",
        service: service.name,
        message: `${service.name} imports ${brokerSite.pkg} at ${where.where}, but no message it sends or receives was found (through a client or topic arch-lint could not follow): its messages and the dual writes around them are not checked`,
        file: where.file,
        ...(where.line ? { line: where.line } : {}),
      });
    }

    // 3c. Calls through a parameter (an injected request function, a client in a context object) whose callers'
    // values could not be followed to an HTTP client (model/value-flow.ts).
    for (const item of model.unfollowed ?? []) {
      if (item.service !== service.name) continue;
      diagnostics.push({ kind: "not-understood", service: service.name, message: `${service.name}: ${item.message}`, file: item.location.file, line: item.location.line });
    }

    // 3c'. A library's messages whose topic its code cannot tell (model/topics.ts): one line per service, the first place named.
    const unnamed = (model.unnamedTopics ?? []).filter((item) => item.service === service.name);
    if (unnamed.length) {
      const first = unnamed[0]!;
      const more = unnamed.length > 1 ? ` (and ${unnamed.length - 1} more place${unnamed.length > 2 ? "s" : ""} of that kind)` : "";
      diagnostics.push({ kind: "not-understood", service: service.name, message: `${service.name}: ${first.message}${more}`, file: first.location.file, line: first.location.line });
    }

    // 3d. Routes on a router no file of the service loads (model/unloaded-routers.ts): left out, and said so.
    for (const item of model.unserved ?? []) {
      if (item.service !== service.name) continue;
      diagnostics.push({ kind: "not-understood", service: service.name, message: `${service.name}: ${item.message}`, file: item.location.file, line: item.location.line });
    }

    // 3e. Imports that name a file only in other letter case (model/resolve.ts): followed, and said so.
    for (const item of model.caseFolded ?? []) {
      if (item.service !== service.name) continue;
      diagnostics.push({ kind: "not-understood", service: service.name, message: `${service.name}: ${item.message}`, file: item.location.file, line: item.location.line });
    }

    // 3e''. Route registrations whose options are not written where they are made (a spread of an imported object).
    // A service with no route at all already gets the line that says so (3a), which covers these registrations.
    const unreadRoutes = model.routes.some((route) => route.service === service.name) ? (model.unreadRoutes ?? []).filter((item) => item.service === service.name) : [];
    if (unreadRoutes.length) {
      const first = unreadRoutes[0]!;
      const more = unreadRoutes.length > 1 ? ` (and ${unreadRoutes.length - 1} more registration${unreadRoutes.length > 2 ? "s" : ""} of that kind)` : "";
      diagnostics.push({ kind: "not-understood", service: service.name, message: `${service.name}: ${first.message}${more}`, file: first.location.file, line: first.location.line });
    }

    // 3e'. Code the service imports that is not in the repository: what it does is not seen.
    const missing = (model.missingImports ?? []).filter((item) => item.service === service.name);
    if (missing.length) diagnostics.push({ ...missingCode(service.name, missing), service: service.name });

    // 3f. Calls whose address could not be read at all: whether they reach another service (and so their timeouts and
    // the chains through them) is not known. The helper whose URL its callers give is left out when its callers' calls
    // were made (ModelCall.madeFrom), as are proxies (3b says why theirs is unknown).
    const unread = model.calls.filter((call) => call.service === service.name && !call.targetService && !call.proxy && UNREAD_ADDRESS.test(call.resolution ?? "") && !madeFrom.has(call.id));
    if (unread.length) {
      const { first, more } = firstAndMore(unread);
      diagnostics.push({
        kind: "not-understood",
        service: service.name,
        message: `${service.name}: the address of ${unread.length === 1 ? "a call" : `${unread.length} calls`} could not be read (${first.method} ${oneLine(first.url)} at ${first.location.file}:${first.location.line}${more}): whether ${unread.length === 1 ? "it reaches" : "they reach"} another service is not known, so timeouts and chains through ${unread.length === 1 ? "it" : "them"} are not checked`,
        file: first.location.file,
        line: first.location.line,
      });
    }

    // 3f'. Calls to a node arch-lint does not scan that forwards by its own configuration (an nginx in front): the service
    // behind it, and so the chains through it, are not known.
    const throughGateway = model.calls.filter((call) => call.service === service.name && call.targetService && call.targetService !== service.name && serviceByName.get(call.targetService)?.language === "nginx");
    if (throughGateway.length) {
      const { first, more } = firstAndMore(throughGateway);
      diagnostics.push({
        kind: "not-understood",
        service: service.name,
        message: `${service.name}: ${throughGateway.length === 1 ? "a call goes" : `${throughGateway.length} calls go`} through ${first.targetService} (${first.method} ${oneLine(first.url)} at ${first.location.file}:${first.location.line}${more}), whose routing (its nginx configuration) is not read: the service behind it, and the chains through ${throughGateway.length === 1 ? "it" : "them"}, are not known`,
        file: first.location.file,
        line: first.location.line,
      });
    }

    // 3g. Routes whose path could not be read where a version goes (`/{?}/users`: a constant of a package the scan does
    // not have, a value made at run time): unversioned-route cannot judge them, which is said rather than left silent.
    const unreadPaths = model.routes.filter((route) => route.service === service.name && !route.graphql && !route.rpc && unresolvedWhereVersionGoes(route.path));
    if (unreadPaths.length) {
      const first = unreadPaths[0]!;
      const one = unreadPaths.length === 1;
      diagnostics.push({
        kind: "not-understood",
        service: service.name,
        message: `${service.name}: the path of ${one ? "a route" : `${unreadPaths.length} routes`} could not be read where a version would go (${first.method} ${first.path} at ${first.location.file}:${first.location.line}${one ? "" : ` and ${unreadPaths.length - 1} more`}): whether ${one ? "it is" : "they are"} versioned is not known, so unversioned-route does not judge ${one ? "it" : "them"}`,
        file: first.location.file,
        line: first.location.line,
      });
    }

    // 4. Message patterns whose transport could not be found: they are neither Kafka topics nor TCP calls to the checks.
    const unknown = new Map<string, ModelTopic[]>();
    for (const topic of topicsOf.get(service.name) ?? []) {
      if (topic.system !== "unknown") continue;
      const why = topic.resolution ?? "";
      unknown.set(why, [...(unknown.get(why) ?? []), topic]);
    }
    for (const [why, topics] of unknown) {
      const names = [...new Set(topics.map((t) => t.topic))];
      const shown = `${names.slice(0, 3).join(", ")}${names.length > 3 ? `, +${names.length - 3} more` : ""}`;
      diagnostics.push({
        kind: "not-understood",
        service: service.name,
        message: `${service.name} uses ${names.length === 1 ? "the message pattern" : `${names.length} message patterns`} ${shown} over a transport that could not be found${why ? ` (${why})` : ""}`,
        file: topics[0]!.location.file,
        line: topics[0]!.location.line,
      });
    }

    // 5. Nothing at all, and nothing above said why: a gRPC server, a framework or client arch-lint does not read.
    // (Seneca's patterns a service adds are actions, not routes: handlers all the same.)
    const found = withRoutes.has(service.name) || stores.length > 0 || withCalls.has(service.name) || withTopics.has(service.name) || (model.actions ?? []).some((a) => a.service === service.name);
    if (!found && !diagnostics.some((d) => d.service === service.name)) {
      diagnostics.push({
        kind: "not-understood",
        service: service.name,
        message: `${service.name}: no route, call, datastore or topic was found in its code, so nothing about it is checked (a framework or client arch-lint does not read, such as gRPC, or code it could not follow)`,
        file: service.location.file,
        line: service.location.line,
      });
    }
  }
  diagnostics.push(...unusedPrismaSchemas(imports, model));
  diagnostics.push(...unownedServers(imports, model, libraryOf));
  diagnostics.push(...idleGrpcClients(imports, model, libraryOf));
  return diagnostics;
}

/**
 * A Prisma schema with a datasource that no service's datastore came from: the client it generates is imported in a way
 * arch-lint did not tie to it, so that database is missing from the model (and from shared-database) unless said.
 */
function unusedPrismaSchemas(files: UnderstoodInput["imports"] extends Iterable<infer T> ? readonly T[] : never, model: ArchModel): Diagnostic[] {
  const used = new Set(model.datastores.map((store) => store.location.file));
  return files
    .filter((f) => f.file.endsWith(".prisma") && f.datastores?.length && !used.has(f.file))
    .map((f) => ({
      kind: "not-understood" as const,
      file: f.file,
      line: f.datastores![0]!.location.line,
      message: `${f.file} declares a Prisma datasource, but no service was found to use it (none imports the code that makes its client, or one imports the client from a folder arch-lint did not tie to this schema's generator output): its database is not in the model`,
    }));
}

/** One line for the code an owner imports that is not in the repository, at the first such import. */
function missingCode(owner: string, missing: NonNullable<ArchModel["missingImports"]>): Diagnostic {
  const first = missing[0]!;
  const more = missing.length > 1 ? ` (and ${missing.length - 1} more)` : "";
  return {
    kind: "not-understood",
    message: `${owner} imports ${first.specifier} at ${first.location.file}:${first.location.line}${more}, which is not in the repository (generated at build time, git-ignored or deleted): the calls, routes and messages in it are not checked`,
    file: first.location.file,
    line: first.location.line,
  };
}

/** An ORM names the connection better than the driver under it; an import of what connects better than an entity's decorators. */
/** A URL as one short line: an options object the code writes inline renders over several. */
/** The first of several calls a diagnostic names, and how it says the rest (` and 2 more`). */
function firstAndMore(calls: readonly ModelCall[]): { first: ModelCall; more: string } {
  return { first: calls[0]!, more: calls.length > 1 ? ` and ${calls.length - 1} more` : "" };
}

function oneLine(url: string): string {
  const flat = url.replace(/\s+/g, " ");
  return flat.length > 100 ? `${flat.slice(0, 99)}…` : flat;
}

/** A call's resolution when its address could not be read at all (model/calls.ts resolveTarget). */
const UNREAD_ADDRESS = /^(the URL did not resolve to a host|the host \S+ did not resolve)/;

function rank(site: ImportSite): number {
  return (driverEngine(site.pkg) === "any" ? 2 : 0) + (site.connecting ? 1 : 0);
}

/** From the datastore's resolution notes: which variable is not set, or where the URL comes from. */
function whyUnresolved(store: ModelDatastore, service: string): string {
  const missing = /([A-Za-z_][A-Za-z0-9_]*(?:, [A-Za-z_][A-Za-z0-9_]*)*) not set/.exec(store.resolution);
  if (missing && store.missingEnvFiles?.length) {
    // Set, but from a Secret or ConfigMap key, or an env file the code or compose loads, that the repository does not
    // hold (left out of git): where it lives, not "set it".
    return `${missing[1]!.split(", ").join(" and ")} come${missing[1]!.includes(",") ? "" : "s"} from ${store.missingEnvFiles.join(", ")}, which the repository does not hold`;
  }
  if (missing) {
    const names = missing[1]!.split(", ");
    return `${names.join(" and ")} ${names.length > 1 ? "are" : "is"} not set for ${service}; set ${names.length > 1 ? "them" : "it"} in its compose environment, a .env file, or services.${service}.env in arch-lint.config.yaml`;
  }
  if (store.resolution && store.resolution !== "unresolved") return store.resolution;
  return "it comes from code arch-lint does not follow, such as a parameter or a call's result";
}
