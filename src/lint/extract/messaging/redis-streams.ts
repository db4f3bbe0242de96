import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import { objectProperty, withoutAssertions } from "../context.js";
import { pushTopicOf } from "./topic.js";

/**
 * Redis streams, a broker in their own right (consumer groups, acknowledgements): `XADD` appends an event to a stream,
 * `XREAD` / `XREADGROUP` read one or more streams. The commands' names are Redis's alone, so the client they are called
 * on needs no tracing back to an import (a client another module exports, an injected one):
 * - ioredis (and node-redis's raw form): `xadd(stream, "*", field, value, …)`, `xreadgroup("GROUP", group, consumer,
 *   …, "STREAMS", stream…, id…)`, `xread(…, "STREAMS", stream…, id…)`: the streams are the first half of what follows
 *   the STREAMS token;
 * - node-redis 4: `xAdd(stream, "*", message)`, `xReadGroup(group, consumer, { key, id } | [{ key, id }, …])`,
 *   `xRead({ key, id } | [...])`.
 */
export const redisStreams: Extractor = {
  family: "messaging-redis-streams",
  callProperties: ["xadd", "xAdd", "xread", "xRead", "xreadgroup", "xReadGroup"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const name = callee.name.text;
    if (name === "xadd" || name === "xAdd") {
      // A stream key, an id and at least one field: fewer arguments is some other method of the same name.
      if (node.arguments.length >= 2) pushTopicOf(ctx, node, "redis", "produce", node.arguments[0]);
      return;
    }
    for (const stream of readStreams(node, name === "xReadGroup" ? 2 : name === "xRead" ? 0 : -1)) pushTopicOf(ctx, node, "redis", "consume", stream);
  },
};

/** The stream arguments of a read: after the STREAMS token (`at` -1), or the `{ key }` objects at argument `at`. */
function readStreams(node: ts.CallExpression, at: number): ts.Expression[] {
  const args = node.arguments;
  if (at >= 0) {
    const given = args[at] && withoutAssertions(args[at]!);
    const items = given && ts.isArrayLiteralExpression(given) ? given.elements : given ? [given] : [];
    return items.flatMap((item) => {
      const object = withoutAssertions(item);
      const key = ts.isObjectLiteralExpression(object) ? objectProperty(object, ["key"]) : undefined;
      return key ? [key] : [];
    });
  }
  const token = args.findIndex((arg) => ts.isStringLiteralLike(arg) && arg.text.toUpperCase() === "STREAMS");
  if (token < 0) return [];
  const rest = args.slice(token + 1);
  // A spread or a computed list: the keys cannot be told from the ids.
  if (rest.length % 2 !== 0 || rest.some((arg) => ts.isSpreadElement(arg))) return [];
  return rest.slice(0, rest.length / 2);
}
