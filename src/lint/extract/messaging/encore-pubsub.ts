import { ts } from "../../ts.js";
import type { Extractor } from "../extractor.js";
import type { Value } from "../../types.js";
import { propertyNamed, textValue, unknownValue, type ExtractContext } from "../context.js";
import { isProjectSpecifier } from "../routes.js";
import { brokerObject, importedObject } from "./objects.js";
import { callbackHandler, pushTopic, pushTopicOf, type TopicOptions } from "./topic.js";

/**
 * Encore.ts Pub/Sub (`encore.dev/pubsub`): `export const Signups = new Topic<Signup>("signups", { … })` declares a
 * topic; `Signups.publish(event)` sends on it, in the declaring module or in any module that imports the topic (an
 * Encore service imports another's topic to publish or subscribe, which the model follows to the declaring module's
 * object: extract/messaging/objects.ts); `new Subscription(Signups, "welcome-email", { handler })` receives from it,
 * each message handled by `handler`.
 */

const PUBSUB = ["encore.dev/pubsub"];

export const encorePubsub: Extractor = {
  family: "messaging-encore",
  callProperties: ["publish"],
  factory(expr, ctx) {
    if (!ts.isNewExpression(expr) || !ctx.isImportFrom(expr.expression, PUBSUB, ["Topic"])) return undefined;
    const name = expr.arguments?.[0];
    return brokerObject(expr, ctx, "encore", name && ts.isStringLiteralLike(name) ? textValue(name.text) : undefined);
  },
  newExpression(node, ctx) {
    if (!ctx.isImportFrom(node.expression, PUBSUB, ["Subscription"])) return;
    const [topic, , options] = node.arguments ?? [];
    const handler = options && ts.isObjectLiteralExpression(options) ? propertyNamed(options, "handler") : undefined;
    topicAt(topic, node, "consume", callbackHandler(handler, ctx), ctx);
  },
  call(node, ctx) {
    const callee = node.expression;
    // Encore's publish takes the message alone: `channel.publish(subject, data)` of other brokers is theirs.
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== "publish" || node.arguments.length !== 1) return;
    topicAt(callee.expression, node, "produce", {}, ctx);
  },
};

/** The topic an expression names: a topic object of this module, or one imported from another module of the project. */
function topicAt(expr: ts.Expression | undefined, node: ts.Node, role: "produce" | "consume", options: TopicOptions, ctx: ExtractContext): void {
  if (!expr || !ts.isIdentifier(expr)) return;
  const bound = ctx.lookupObject(expr.text);
  if (bound?.info?.kind === "broker") {
    if (bound.info.system === "encore") pushTopic(ctx, node, "encore", role, bound.info.topic ?? unknownValue(`the name of the Encore topic ${expr.text}`), options);
    return;
  }
  // Encore apps often declare the topic below the endpoint that publishes on it: the walk has not bound it yet.
  const declaredBelow = moduleTopic(expr.text, ctx);
  if (declaredBelow) {
    pushTopic(ctx, node, "encore", role, declaredBelow, options);
    return;
  }
  const imported = importedObject(expr, ctx);
  if (imported && isProjectSpecifier(imported.specifier)) pushTopicOf(ctx, node, undefined, role, expr, { ...options, transportFrom: { kind: "object", ...imported } });
}

/** `const name = new Topic("…")` at the top of this module, wherever it is written: the topic's name. */
function moduleTopic(name: string, ctx: ExtractContext): Value | undefined {
  // Only a module that imports Encore's Pub/Sub declares a topic: the many other files' publishes skip the search.
  if (!ctx.importsAny(PUBSUB) || ctx.isShadowed(name)) return undefined;
  for (const statement of ctx.sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name || !declaration.initializer) continue;
      const made = encorePubsub.factory!(declaration.initializer, ctx);
      return made?.kind === "broker" ? (made.topic ?? unknownValue(`the name of the Encore topic ${name}`)) : undefined;
    }
  }
  return undefined;
}
