import { ts } from "../ts.js";
import type { Value } from "../types.js";
import type { Extractor } from "./extractor.js";
import { normalize, staticText } from "./context.js";
import { push } from "./http-clients.js";
import { pushTopicOf } from "./messaging/topic.js";

/**
 * The Dapr SDK's service invocation: `client.invoker.invoke("orders", "v1/orders", HttpMethod.POST, body)` asks the
 * caller's sidecar to call app `orders` at `/v1/orders`. Read as the sidecar's own URL, `/v1.0/invoke/orders/method/v1/orders`,
 * which the model resolves to the service with that app id (model/dapr.ts); `client.pubsub.publish(pubsub, topic, data)` is a
 * publish on the broker the pub/sub component names (system "dapr"). Only in files that import the SDK.
 */

const MODULES = ["@dapr/dapr", "dapr-client", "@dapr/js-sdk"];

/** `HttpMethod.POST`, `"post"`: the verb; the SDK's default is GET. */
function verbOf(arg: ts.Expression | undefined, ctx: Parameters<NonNullable<Extractor["call"]>>[1]): string {
  if (!arg) return "GET";
  if (ts.isPropertyAccessExpression(arg) && ts.isIdentifier(arg.expression) && arg.expression.text === "HttpMethod") return arg.name.text.toUpperCase();
  return staticText(ctx.value(arg))?.toUpperCase() ?? "GET";
}

export const dapr: Extractor = {
  family: "dapr",
  modules: MODULES,
  callProperties: ["invoke", "publish"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const receiver = callee.expression;
    // `client.pubsub.publish("orders-pubsub", "order-placed", order)`: an event on the broker the component names.
    if (callee.name.text === "publish") {
      if (ts.isPropertyAccessExpression(receiver) && receiver.name.text === "pubsub") pushTopicOf(ctx, node, "dapr", "produce", node.arguments[1]);
      return;
    }
    if (callee.name.text !== "invoke") return;
    // `client.invoker.invoke(...)`, `this.dapr.invoker.invoke(...)`.
    if (!ts.isPropertyAccessExpression(receiver) || receiver.name.text !== "invoker") return;
    const [appId, method, verb] = node.arguments;
    if (!appId || !method) return;
    const methodValue = ctx.value(method);
    const first = methodValue.parts[0];
    const slash = first?.kind === "text" && first.text.startsWith("/") ? "" : "/";
    const url: Value = normalize([{ kind: "text", text: "/v1.0/invoke/" }, ...ctx.value(appId).parts, { kind: "text", text: `/method${slash}` }, ...methodValue.parts]);
    push(ctx, node, "dapr", verbOf(verb, ctx), url);
  },
};
