import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import { type ExtractContext, propertyNamed } from "../context.js";
import { connection, firstProperty, isModuleMember, objectLiteralOf, push, unwrap, usesAny, type ConnectionFact } from "./connection.js";

/**
 * Redis as node-redis (`createClient({ url })`, `{ socket: { host, port }, database }`),
 * ioredis (`new Redis(url | port, host | options)`, or its old static `Redis.createClient(...)`) and the job queues built on
 * it open it: Bull (`new Bull(name, url | { redis })`) and BullMQ (`new Queue(name,
 * { connection })`, Worker, QueueEvents, FlowProducer). A queue given a client
 * the code opened itself (`{ connection: redis }`) is that client's datastore.
 */

const NODE_REDIS = ["redis", "@redis/client"];
const IOREDIS = ["ioredis"];
const BULL = ["bull"];
const BULLMQ = ["bullmq"];
const MODULES = [...NODE_REDIS, ...IOREDIS, ...BULL, ...BULLMQ];
/** BullMQ's classes and where their options come: new Queue(name, opts), new Worker(name, processor, opts), new FlowProducer(opts). */
const BULLMQ_OPTIONS_AT: Record<string, number> = { Queue: 1, QueueEvents: 1, QueueScheduler: 1, Worker: 2, FlowProducer: 0 };

/** ioredis and node-redis call the database index `db` / `database`. */
function redisConnection(library: string, arg: ts.Expression | undefined, ctx: ExtractContext): ConnectionFact {
  const fact = connection("redis", library, arg, ctx);
  // Neither client reads the environment: given no address, it connects to localhost:6379 (the model's default).
  delete fact.driverEnv;
  return fact;
}

/** ioredis: (url), (url, options), (options), (port, host?, options?). */
function ioredis(args: readonly ts.Expression[], ctx: ExtractContext): ConnectionFact {
  const [first, second] = args;
  const secondIsOptions = second !== undefined && objectLiteralOf(second, ctx) !== undefined;
  const byPort = first !== undefined && !objectLiteralOf(first, ctx) && (ts.isNumericLiteral(unwrap(first)) || (second !== undefined && !secondIsOptions));
  if (!byPort) return redisConnection("ioredis", first, ctx);
  return { engine: "redis", library: "ioredis", port: ctx.value(first), ...(second && !secondIsOptions ? { host: ctx.value(second) } : {}) };
}

/**
 * A queue's connection options: an object (or a URL, for Bull) opens a
 * connection of its own; a client object opened elsewhere adds nothing.
 */
function queueConnection(library: string, options: ts.Expression | undefined, ctx: ExtractContext): ConnectionFact | undefined {
  if (!options) return undefined;
  const object = objectLiteralOf(options, ctx);
  if (object) return { ...redisConnection(library, object, ctx), queue: true };
  const value = ctx.value(options);
  return value.parts.some((part) => part.kind === "env" || part.kind === "text") ? { engine: "redis", library, url: value, queue: true } : undefined;
}

export const redisDatastores: Extractor = {
  family: "datastores/redis",
  callProperties: ["createClient", "createCluster"],
  callIdentifiers: true,
  newExpression(node, ctx) {
    if (!ctx.importsAny(MODULES)) return;
    const callee = node.expression;
    const args = node.arguments ?? [];
    // ioredis Cluster: new Redis.Cluster([{ host, port }, ...]), new Cluster(["redis://a:6379"]): the first node names it.
    if (ctx.isMemberOf(callee, IOREDIS, "Cluster")) {
      const nodes = args[0] && unwrap(args[0]);
      const first = nodes && ts.isArrayLiteralExpression(nodes) ? nodes.elements[0] : undefined;
      if (first) push(ctx, node, redisConnection("ioredis", first, ctx));
      return;
    }
    if (ctx.isImportFrom(callee, IOREDIS) || ctx.isMemberOf(callee, IOREDIS, "Redis")) return push(ctx, node, ioredis(args, ctx));
    if (ctx.isImportFrom(callee, BULL, ["default"])) return bull(node, args, ctx);
    for (const [name, index] of Object.entries(BULLMQ_OPTIONS_AT)) {
      if (!ctx.isMemberOf(callee, BULLMQ, name)) continue;
      const options = objectLiteralOf(args[index], ctx);
      const fact = options && queueConnection("bullmq", propertyNamed(options, "connection"), ctx);
      if (fact) push(ctx, node, fact);
      return;
    }
  },
  call(node, ctx) {
    if (!usesAny(ctx, node.expression, MODULES)) return;
    const callee = node.expression;
    const [first, second] = node.arguments;
    if (isModuleMember(ctx, callee, NODE_REDIS, "createClient")) {
      // node-redis 3: createClient(port, host)
      if (first && second && !objectLiteralOf(first, ctx)) return push(ctx, node, { engine: "redis", library: "redis", port: ctx.value(first), host: ctx.value(second) });
      return push(ctx, node, redisConnection("redis", first, ctx));
    }
    // ioredis's static `Redis.createClient(...)` (an alias of the constructor before ioredis 5): `redis.createClient(url)`.
    if (isModuleMember(ctx, callee, IOREDIS, "createClient")) return push(ctx, node, ioredis(node.arguments, ctx));
    if (ctx.isMemberOf(callee, NODE_REDIS, "createCluster")) {
      const options = objectLiteralOf(first, ctx);
      const nodes = options && propertyNamed(options, "rootNodes");
      const root = nodes && ts.isArrayLiteralExpression(unwrap(nodes)) ? (unwrap(nodes) as ts.ArrayLiteralExpression).elements[0] : undefined;
      if (root) push(ctx, node, redisConnection("redis", root, ctx));
      return;
    }
    // Bull(name, url | options) without `new`
    if (ctx.isImportFrom(callee, BULL, ["default"])) bull(node, node.arguments, ctx);
  },
};

/** Bull: (name, url), (name, { redis: url | { host, port, db } }), (name, url, options). */
function bull(node: ts.Node, args: readonly ts.Expression[], ctx: ExtractContext): void {
  const [, second] = args;
  if (!second) return;
  const options = objectLiteralOf(second, ctx);
  const fact = options ? queueConnection("bull", firstProperty(options, ["redis"]), ctx) : queueConnection("bull", second, ctx);
  if (fact) push(ctx, node, fact);
}
