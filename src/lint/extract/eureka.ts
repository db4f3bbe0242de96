import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { staticText } from "./context.js";
import { armsAt } from "./arms.js";

/**
 * eureka-js-client: `client.getInstancesByAppId("orders-service")` (or `getInstancesByVipAddress`) asks the Eureka
 * registry for a service's instances by the name it registered under; the code then builds a URL from an instance's
 * `hostName` and `port`, which arch-lint cannot follow. The name asked for is kept with the function and branches it is
 * asked in, so the model can take a call of that function whose URL does not resolve as a call to that service. Only in
 * files importing it (the client is handed around as a Eureka instance, so any receiver is taken).
 */

const MODULES = ["eureka-js-client"];

export const eureka: Extractor = {
  family: "eureka",
  modules: MODULES,
  callProperties: ["getInstancesByAppId", "getInstancesByVipAddress"],
  call(node, ctx) {
    if (!ts.isPropertyAccessExpression(node.expression)) return;
    const first = node.arguments[0];
    const name = first ? staticText(ctx.value(first)) : undefined;
    if (!name) return;
    const inFunction = ctx.currentFunction();
    const arms = inFunction ? armsAt(ctx) : undefined;
    (ctx.facts.registryLookups ??= []).push({ name, registry: "Eureka", ...(inFunction ? { inFunction } : {}), ...(arms ? { arms } : {}), location: ctx.loc(node) });
  },
};
