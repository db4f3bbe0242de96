import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { localObjectLiteral as objectOf, propertyNamed, staticText } from "./context.js";
import { armsAt } from "./arms.js";

/**
 * The `consul` client asked for a service's instances by name: `consul.health.service("orders")` (or
 * `{ service: "orders", passing: true }`), `consul.catalog.service.nodes("orders")`. The code then builds a URL from an
 * instance's `Service.Address` and `Service.Port`, which arch-lint cannot follow; the name asked for is kept with the
 * function and branches it is asked in (as eureka.ts keeps Eureka's), so the model takes a call of that function whose
 * URL does not resolve as a call to that service. Only in files importing it.
 */

const MODULES = ["consul"];

export const consul: Extractor = {
  family: "consul",
  modules: MODULES,
  callProperties: ["service", "nodes"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    // `<client>.health.service(…)` or `<client>.catalog.service.nodes(…)`: the path names the registry's API.
    const path = ts.isPropertyAccessExpression(callee.expression) ? `${callee.expression.name.text}.${callee.name.text}` : "";
    if (path !== "health.service" && path !== "service.nodes") return;
    const first = node.arguments[0];
    if (!first) return;
    const options = objectOf(first, ctx);
    const named = options ? propertyNamed(options, "service") : first;
    const name = named ? staticText(ctx.value(named)) : undefined;
    if (!name) return;
    const inFunction = ctx.currentFunction();
    const arms = inFunction ? armsAt(ctx) : undefined;
    (ctx.facts.registryLookups ??= []).push({ name, registry: "Consul", ...(inFunction ? { inFunction } : {}), ...(arms ? { arms } : {}), location: ctx.loc(node) });
  },
};
