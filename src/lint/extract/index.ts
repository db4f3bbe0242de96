import type { Extractor } from "./extractor.js";
import { verbRoutes } from "./routes.js";
import { routeTables } from "./route-tables.js";
import { express } from "./express.js";
import { fastify } from "./fastify.js";
import { koa } from "./koa.js";
import { hono } from "./hono.js";
import { restify } from "./restify.js";
import { hapi } from "./hapi.js";
import { routingControllers } from "./routing-controllers.js";
import { tsoa } from "./tsoa.js";
import { inversify } from "./inversify.js";
import { nest } from "./nest.js";
import { httpClients } from "./http-clients.js";
import { valueFlowCalls } from "./value-flow.js";
import { mediator } from "./mediator.js";
import { listen } from "./listen.js";
import { grpcJs, grpcJsCalls } from "./grpc-js.js";
import { breakers } from "./breakers.js";
import { classBases } from "./class-bases.js";
import { DATASTORE_EXTRACTORS } from "./datastores/index.js";
import { sql } from "./sql.js";
import { envFiles } from "./env-files.js";
import { MESSAGING_EXTRACTORS } from "./messaging/index.js";
import { nestConfig } from "./nest-config.js";
import { tracing } from "./tracing.js";
import { writes } from "./writes.js";
import { PROXY_EXTRACTORS } from "./proxies/index.js";
import { moleculer, moleculerBroker, moleculerDecorators } from "./moleculer.js";

/** Every extractor, one per library family. Order matters only for factories: first match wins. */
export const EXTRACTORS: readonly Extractor[] = [express, fastify, koa, hono, restify, hapi, routingControllers, tsoa, inversify, nest, verbRoutes, routeTables, ...PROXY_EXTRACTORS, httpClients, valueFlowCalls, mediator, breakers, listen, grpcJs, grpcJsCalls, ...DATASTORE_EXTRACTORS, envFiles, nestConfig, sql, ...MESSAGING_EXTRACTORS, tracing, writes, classBases, moleculer, moleculerBroker, moleculerDecorators];

export { extractFile } from "./walk.js";
export { parseSource, parseErrors } from "./parse.js";
export { extractPrisma } from "./prisma.js";
export { extractConfigJson } from "./datastores/json-config.js";
export { extractSqlFile } from "./sql.js";
