import { ts } from "../../ts.js";
import type { BrokerAddressFact, Value } from "../../types.js";
import type { Extractor } from "../extractor.js";
import type { ExtractContext } from "../context.js";
import { localObjectLiteral as objectOf, propertyNamed, withoutAssertions } from "../context.js";
import { callbackHandler, exchangeKey, pushTopic, topicValue } from "./topic.js";

/**
 * The old `amqp` package (node-amqp), callbacks all the way: `amqp.createConnection({ url })` (or `{ host }`) opens the
 * broker connection, whose address hardcoded-endpoint judges; `connection.exchange(name, options, (ex) => …)` declares an
 * exchange and `ex.publish(routingKey, body)` publishes to `name/routingKey`; `connection.queue(name, options, (q) => …)`
 * declares a queue, `q.bind(exchange, routingKey)` consumes what the exchange routes there and `q.subscribe(handler)`
 * consumes the queue. The exchange or queue is found where the code keeps it: the local it is assigned to, or the
 * parameter of the callback the declaring call is given. Only in files importing it.
 */

const MODULES = ["amqp"];

export const nodeAmqp: Extractor = {
  family: "messaging-node-amqp",
  modules: MODULES,
  callProperties: ["createConnection", "publish", "bind", "subscribe"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const [first, second] = node.arguments;
    const name = callee.name.text;
    if (name === "createConnection") {
      if (!ctx.isImportFrom(callee.expression, MODULES) || !first) return;
      const options = objectOf(first, ctx);
      const url = options ? propertyNamed(options, "url") : first;
      const host = options && !url ? propertyNamed(options, "host") : undefined;
      const address = url ?? host;
      if (!address) return;
      const fact: BrokerAddressFact = { system: "amqp", library: "amqp", address: ctx.value(address), location: ctx.loc(node) };
      if (host) fact.bare = true;
      (ctx.facts.brokerAddresses ??= []).push(fact);
      return;
    }
    const target = declared(callee.expression, ctx);
    if (!target || !first) return;
    if (name === "publish" && target.kind === "exchange") pushTopic(ctx, node, "amqp", "produce", exchangeKey(target.name, topicValue(first, ctx)));
    else if (name === "bind" && target.kind === "queue") pushTopic(ctx, node, "amqp", "consume", second ? exchangeKey(topicValue(first, ctx), topicValue(second, ctx)) : topicValue(first, ctx));
    // A queue declared without a name (the broker names it) is known by what it is bound to.
    else if (name === "subscribe" && target.kind === "queue" && !isEmpty(target.name)) pushTopic(ctx, node, "amqp", "consume", target.name, callbackHandler(node.arguments[node.arguments.length - 1], ctx));
  },
};

/** What `connection.exchange(name)` or `connection.queue(name)` made the receiver: a local it was assigned, or the callback's parameter. */
function declared(receiver: ts.Expression, ctx: ExtractContext): { kind: "exchange" | "queue"; name: Value } | undefined {
  const expr = withoutAssertions(receiver);
  if (!ts.isIdentifier(expr)) return undefined;
  const local = ctx.lookupLocal(expr.text)?.expr;
  const fromLocal = local && declaringCall(withoutAssertions(local), ctx);
  if (fromLocal) return fromLocal;
  // `connection.exchange(name, options, function (ex) { ex.publish(...) })`: the parameter of the callback it is given.
  const stack = ctx.stack;
  for (let i = stack.length - 1; i >= 1; i--) {
    const fn = stack[i]!;
    if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) continue;
    const param = fn.parameters[0]?.name;
    if (!param || !ts.isIdentifier(param) || param.text !== expr.text) continue;
    const call = stack[i - 1]!;
    return ts.isCallExpression(call) && call.arguments.includes(fn as ts.Expression) ? declaringCall(call, ctx) : undefined;
  }
  return undefined;
}

function declaringCall(expr: ts.Expression, ctx: ExtractContext): { kind: "exchange" | "queue"; name: Value } | undefined {
  if (!ts.isCallExpression(expr) || !ts.isPropertyAccessExpression(expr.expression)) return undefined;
  const method = expr.expression.name.text;
  const kind = method === "exchange" ? "exchange" : method === "queue" ? "queue" : undefined;
  const name = expr.arguments[0];
  return kind && name ? { kind, name: topicValue(name, ctx) } : undefined;
}

function isEmpty(value: Value): boolean {
  return value.parts.length === 0 || value.parts.every((part) => part.kind === "text" && part.text === "");
}
