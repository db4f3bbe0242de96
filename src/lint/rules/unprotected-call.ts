import { defineRule, where, type RuleReport } from "../rule.js";
import { CallGraph } from "../model/graph.js";
import type { ModelCall } from "../types.js";
import { asSeenBy, callText, withGrpcHandlers } from "./sync-call-chain.js";

/**
 * A synchronous call to another service made while handling a request, with no timeout and no circuit
 * breaker: when the callee is slow, the caller's requests pile up behind it. What guards a call is in the
 * model (ModelCall.guards: extract/http-clients.ts for timeouts, extract/breakers.ts + model/guards.ts for breakers).
 */

export interface UnprotectedCallOptions {
  requireBoth: boolean;
}

export default defineRule<UnprotectedCallOptions>({
  meta: {
    id: "unprotected-call",
    description: "A synchronous call to another service made while handling a request has a timeout or a circuit breaker, so a slow service cannot stall its callers.",
    defaultSeverity: "warn",
    options: {
      requireBoth: {
        type: "boolean",
        description: "Ask for both a timeout and a circuit breaker on every such call (the message names the one that is missing). Default: false (either one is enough).",
      },
    },
    defaultOptions: { requireBoth: false },
  },
  check(plain, options) {
    const model = withGrpcHandlers(plain);
    const graph = CallGraph.of(model);
    const reports: RuleReport[] = [];
    const reported = new Set<string>();
    for (const route of model.routes) {
      if (!route.handler) continue;
      const reached = graph.reachable(route.handler);
      // A helper's request that the value flow made at this handler's call (with the URL it passes) is that request.
      const standsFor = new Set(reached.flatMap(({ call }) => (call.madeFrom ? [call.madeFrom] : [])));
      for (const { call: made, via } of reached) {
        // A call in a library's code is made by the service whose handler runs it.
        const call = asSeenBy(made, route.service);
        // One call written once, reached with two values from two callers (a helper asked for STAFF, then MANAGER), is
        // one call site to guard: one finding per place and target, whatever the values.
        const place = `${call.location.file}:${call.location.line}:${call.location.column}|${call.targetService}`;
        if (!call.targetService || call.targetService === route.service || reported.has(call.id) || reported.has(place) || standsFor.has(call.id) || !judged(call)) continue;
        const missing = missingGuards(call, options.requireBoth);
        if (!missing) continue;
        reported.add(call.id);
        reported.add(place);
        reports.push({
          messageId: missing,
          message: `${route.service} calls ${call.targetService} (${call.method} ${call.url}) while handling ${route.method} ${route.path} with ${missingText(missing, call)}: when ${call.targetService} is slow, these requests wait on it; ${call.client === "grpc" ? "give the call a deadline" : "give the call a timeout"} and put it behind a circuit breaker`,
          data: { service: route.service, targetService: call.targetService, missing: missing === "noGuard" ? "timeout,breaker" : missing === "noTimeout" ? "timeout" : "breaker" },
          location: call.location,
          evidence: [
            { message: `${route.service} ${route.method} ${route.path} is handled here`, location: route.location },
            ...via.map((edge) => ({ message: callText(edge.to), location: edge.location })),
            { message: `calls ${call.targetService}: ${call.method} ${call.url}, ${guardsText(call)}`, location: call.location },
          ],
          key: `${route.service}|${call.targetService}|${call.method} ${call.url}|${call.location.file}`,
        });
      }
    }
    return reports;
  },
});

const MISSING_TEXT = { noGuard: "neither a timeout nor a circuit breaker", noTimeout: "no timeout", noBreaker: "no circuit breaker" } as const;

/** A gRPC call's timeout is its deadline: the message names what the caller would write. */
function missingText(missing: keyof typeof MISSING_TEXT, call: ModelCall): string {
  if (call.client !== "grpc") return MISSING_TEXT[missing];
  return missing === "noGuard" ? "neither a deadline nor a circuit breaker" : missing === "noTimeout" ? "no deadline" : MISSING_TEXT[missing];
}

/**
 * A streaming gRPC call is no request that waits for one answer: streams stay open by design. A proxy's forward
 * (a gateway's route handing the request on) is the edge's hop, not a call its handler makes: not judged here.
 */
function judged(call: ModelCall): boolean {
  return !call.grpc?.streaming && !call.proxy;
}

function missingGuards(call: ModelCall, requireBoth: boolean): keyof typeof MISSING_TEXT | undefined {
  const timeout = Boolean(call.guards?.timeout);
  const breaker = Boolean(call.guards?.breaker);
  if (!timeout && !breaker) return "noGuard";
  if (!requireBoth) return undefined;
  return !timeout ? "noTimeout" : !breaker ? "noBreaker" : undefined;
}

/** Only for a reported call, which lacks one of the two at least. */
function guardsText(call: ModelCall): string {
  const { timeout, breaker } = call.guards ?? {};
  const bound = call.client === "grpc" ? "deadline" : "timeout";
  if (timeout) return `with ${timeout}, no breaker`;
  if (breaker) return `behind a breaker (${where(breaker)}), no ${bound}`;
  return `no ${bound}, no breaker`;
}
