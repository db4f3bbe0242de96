import { ts } from "../../ts.js";
import type { MessagingSystem } from "../../types.js";
import type { Extractor } from "../extractor.js";
import { isFunctionLike, type ExtractContext, calleeName } from "../context.js";
import { brokerObject } from "./objects.js";
import { pushTopic, topicsOf } from "./topic.js";

/**
 * Channel pub/sub over Redis (`redis`, `ioredis`) and MQTT (`mqtt`, `async-mqtt`):
 * `client.publish(channel, message)`, `client.subscribe(channel, ...)` (several channels, an array,
 * or MQTT's `{ topic: qos }` map), `psubscribe` / `pSubscribe` patterns. A client made in another module
 * (`export const pub = new Redis(url)`) labels the calls of the modules that import it.
 */

const REDIS = ["redis", "ioredis", "@redis/client"];
const MQTT = ["mqtt", "async-mqtt"];
/** AMQP clients, whose channels publish with three arguments or more. */
const AMQP_CLIENTS = ["amqplib", "amqplib/callback_api", "amqp-connection-manager"];

function systemOf(ctx: ExtractContext): MessagingSystem | undefined {
  return ctx.importsAny(REDIS) ? "redis" : ctx.importsAny(MQTT) ? "mqtt" : undefined;
}

export const pubsub: Extractor = {
  family: "messaging-pubsub",
  callProperties: ["publish", "subscribe", "psubscribe", "pSubscribe"],
  // `createClient(...)` (redis), `new Redis(...)` (ioredis), `mqtt.connect(url)`: kept for the modules that import them.
  // The library the factory comes from decides the system, not the file's first import: a bridge between Redis
  // and MQTT makes a client of each.
  factory(expr, ctx) {
    if (!systemOf(ctx)) return undefined;
    if (ts.isNewExpression(expr) && ctx.isImportFrom(expr.expression, REDIS)) return brokerObject(expr, ctx, "redis");
    if (!ts.isCallExpression(expr)) return undefined;
    const callee = expr.expression;
    const name = calleeName(expr);
    const root = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
    if (name === "createClient" && ctx.isImportFrom(root, REDIS)) return brokerObject(expr, ctx, "redis");
    if ((name === "connect" || name === "connectAsync") && ctx.isImportFrom(root, MQTT)) return brokerObject(expr, ctx, "mqtt");
    return undefined;
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const first = node.arguments[0];
    if (!first) return;
    // Without a Redis or MQTT import here, the call may be on a client another module exports: nats.ts records
    // those once for every broker (the model gives them the object's system).
    const known = receiverSystem(callee.expression, ctx);
    const system = systemOf(ctx) && (known ?? systemOf(ctx));
    if (!system) return;
    // `this.channel.publish(exchange, routingKey, content)` in a file that also imports amqplib is AMQP's (amqp.ts), not
    // a Redis PUBLISH of a channel: on a receiver not known as a Redis or MQTT client, three arguments or more say so.
    if (callee.name.text === "publish" && !known && node.arguments.length > 2 && ctx.importsAny(AMQP_CLIENTS)) return;
    if (callee.name.text === "publish") {
      if (ts.isObjectLiteralExpression(first) || ts.isArrayLiteralExpression(first)) return;
      for (const { value, expr } of topicsOf(first, ctx)) pushTopic(ctx, node, system, "produce", value, {}, expr);
      return;
    }
    // subscribe("a", "b", callback), subscribe(["a", "b"]), subscribe({ "sensors/+": { qos: 1 } })
    for (const arg of node.arguments) {
      // After the first, a bare name is as likely the listener as a channel: only names bound to a value count.
      if (isFunctionLike(arg) || (arg !== first && ts.isIdentifier(arg) && !ctx.lookupLocal(arg.text) && !ctx.imports.has(arg.text))) continue;
      if (ts.isObjectLiteralExpression(arg)) {
        if (arg !== first) continue;
        for (const prop of arg.properties) {
          const key = prop.name && (ts.isStringLiteral(prop.name) || ts.isIdentifier(prop.name)) ? prop.name.text : undefined;
          if (key) pushTopic(ctx, node, system, "consume", { parts: [{ kind: "text", text: key }] });
        }
        continue;
      }
      for (const { value, expr } of topicsOf(arg, ctx)) pushTopic(ctx, node, system, "consume", value, {}, expr);
    }
  },
};

/** The system of the client a call is made on, when the file made it (`const bus = mqtt.connect(url)`; `this.bus`). */
function receiverSystem(receiver: ts.Expression, ctx: ExtractContext): MessagingSystem | undefined {
  const name = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword ? `this.${receiver.name.text}` : undefined;
  const info = name === undefined ? undefined : ctx.lookupObject(name)?.info;
  return info?.kind === "broker" && (info.system === "redis" || info.system === "mqtt") ? info.system : undefined;
}

/**
 * Redis used for data in this file (`client.get(key)`, `hSet`, `lPush`, `expire` …), not only for channels: a connection
 * opened in a file that publishes or subscribes and never reads or writes a key is a message transport, not a
 * database two services could share (model/datastores.ts).
 */
const REDIS_DATA_COMMANDS = [
  "get", "set", "setEx", "setex", "setNX", "setnx", "mGet", "mget", "mSet", "mset", "getDel", "getdel", "del", "unlink", "exists", "expire", "pExpire", "pexpire", "ttl",
  "incr", "incrBy", "incrby", "decr", "decrBy", "decrby", "append", "keys", "scan",
  "hGet", "hget", "hSet", "hset", "hGetAll", "hgetall", "hDel", "hdel", "hIncrBy", "hincrby", "hMGet", "hmget", "hmset",
  "lPush", "lpush", "rPush", "rpush", "lPop", "lpop", "rPop", "rpop", "lRange", "lrange", "lRem", "lrem", "bLPop", "blpop", "bRPop", "brpop",
  "sAdd", "sadd", "sMembers", "smembers", "sRem", "srem", "sIsMember", "sismember",
  "zAdd", "zadd", "zRange", "zrange", "zRem", "zrem", "zRangeByScore", "zrangebyscore", "zIncrBy", "zincrby",
  // (Streams, XADD and XREAD, are messaging: redis-streams.ts.)
  "json", "ft", "sendCommand", "call", "eval", "evalsha", "multi", "pipeline",
];

export const redisData: Extractor = {
  family: "messaging-pubsub",
  modules: REDIS,
  callProperties: [...REDIS_DATA_COMMANDS, "ping"],
  call(node, ctx) {
    if (!ts.isPropertyAccessExpression(node.expression)) return;
    // `ping()` asks whether the server answers and touches no key: a client the file only pings checks health
    // (model/datastores.ts). What each is called on tells `redis.ping()` from `res.json(body)` beside it.
    const on = ctx.text(node.expression.expression);
    const ping = node.expression.name.text === "ping";
    const list = ping ? (ctx.facts.redisPing ??= []) : (ctx.facts.redisDataOn ??= []);
    if (!list.includes(on) && list.length < 50) list.push(on);
    if (!ping) ctx.facts.redisData = true;
  },
};

/**
 * Key or data commands called on a client another module of the project makes and exports (`import client from
 * "./lib/cache"; client.get(key)`, in a file that imports no Redis package itself): the specifiers such clients come
 * from, so the model can tell a Redis connection its importers read and write keys on from one they only hand to
 * socket.io's adapter or to channels (model/datastores.ts). Only bindings of local modules count; what they are is the
 * model's question (the specifier must lead to the file that opens the connection).
 */
export const redisKeysVia: Extractor = {
  family: "messaging-pubsub",
  callProperties: REDIS_DATA_COMMANDS,
  call(node, ctx) {
    if (!ts.isPropertyAccessExpression(node.expression)) return;
    let root: ts.Expression = node.expression.expression;
    while (ts.isPropertyAccessExpression(root)) root = root.expression;
    if (!ts.isIdentifier(root)) return;
    const specifier = ctx.imports.get(root.text)?.specifier;
    if (specifier === undefined || !/^[.@~#]/.test(specifier) || REDIS.includes(specifier)) return;
    const list = (ctx.facts.redisKeysVia ??= []);
    if (!list.includes(specifier) && list.length < 20) list.push(specifier);
  },
};
