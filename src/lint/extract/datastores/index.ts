import type { Extractor } from "../extractor.js";
import { sqlDatastores } from "./sql.js";
import { mongoDatastores } from "./mongo.js";
import { redisDatastores } from "./redis.js";
import { searchDatastores, searchRequests } from "./search.js";
import { nestDatastores } from "./nest.js";
import { moleculerDbDatastores } from "./moleculer-db.js";
import { loopbackDatastores } from "./loopback.js";
import { prismaAdapterDatastores } from "./prisma-adapters.js";
import { fastifyPluginDatastores } from "./fastify-plugins.js";
import { encoreDatastores } from "./encore.js";

/**
 * Datastore connections, one extractor per library family. Prisma's
 * schema.prisma is read by extract/prisma.ts (prisma.config.ts by ./sql.ts, its
 * driver adapters by ./prisma-adapters.ts).
 * Identity (engine + host + port + database) is computed in the model, after
 * env resolution.
 */
export const DATASTORE_EXTRACTORS: readonly Extractor[] = [sqlDatastores, mongoDatastores, redisDatastores, searchDatastores, searchRequests, nestDatastores, moleculerDbDatastores, loopbackDatastores, prismaAdapterDatastores, fastifyPluginDatastores, encoreDatastores];

export { engineOfDialect } from "./connection.js";
