import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import type { ExtractContext } from "../context.js";
import { brokerObject, importedObject } from "./objects.js";
import { callbackHandler, pushTopicOf } from "./topic.js";
import { isProjectSpecifier } from "../routes.js";

/**
 * Google Cloud Pub/Sub (`@google-cloud/pubsub`): `pubsub.topic(name).publishMessage({ data })` (also `publish(buffer)`,
 * `publishJSON(object)`) sends on the topic; `pubsub.subscription(name).on("message", handler)` receives from the
 * subscription, with `handler` handling each message. The topic or subscription may be held in a local first
 * (`const topic = pubsub.topic(name)`), and the client made in another module of the project
 * (`export default new PubSub({ projectId })`), whose import says it is Pub/Sub's (model/topics.ts).
 */

const PUBSUB = ["@google-cloud/pubsub"];
const PUBLISH = new Set(["publish", "publishMessage", "publishJSON"]);

export const gcpPubsub: Extractor = {
  family: "messaging-gcp-pubsub",
  callProperties: [...PUBLISH, "on"],
  factory(expr, ctx) {
    if (!ts.isNewExpression(expr) || !ctx.importsAny(PUBSUB) || !ctx.isImportFrom(expr.expression, PUBSUB)) return undefined;
    return brokerObject(expr, ctx, "gcp-pubsub");
  },
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    const consume = method === "on";
    if (consume) {
      const event = node.arguments[0];
      if (!event || !ts.isStringLiteralLike(event) || event.text !== "message") return;
    }
    const made = madeBy(callee.expression, consume ? "subscription" : "topic", ctx);
    if (!made) return;
    // Pub/Sub's own client in this file, or one another module of the project makes and exports.
    const found = ctx.importsAny(PUBSUB) ? undefined : importedObject(made.client, ctx);
    const imported = found && isProjectSpecifier(found.specifier) ? found : undefined;
    if (!ctx.importsAny(PUBSUB) && !imported) return;
    const options = imported ? { transportFrom: { kind: "object" as const, ...imported } } : {};
    if (consume) pushTopicOf(ctx, node, imported ? undefined : "gcp-pubsub", "consume", made.name, { ...options, ...callbackHandler(node.arguments[1], ctx) });
    else pushTopicOf(ctx, node, imported ? undefined : "gcp-pubsub", "produce", made.name, options);
  },
};

/** `client.topic(name)` (or `subscription`), written in place or held by a local: the client and the name it was given. */
function madeBy(expr: ts.Expression, method: "topic" | "subscription", ctx: ExtractContext): { client: ts.Expression; name: ts.Expression } | undefined {
  let made = expr;
  while (ts.isParenthesizedExpression(made) || ts.isAsExpression(made)) made = made.expression;
  if (ts.isIdentifier(made)) {
    const held = ctx.lookupLocal(made.text)?.expr;
    if (!held) return undefined;
    made = held;
  }
  if (!ts.isCallExpression(made) || !ts.isPropertyAccessExpression(made.expression) || made.expression.name.text !== method) return undefined;
  const name = made.arguments[0];
  return name ? { client: made.expression.expression, name } : undefined;
}
