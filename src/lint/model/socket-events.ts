import type { ModelRoute } from "../types.js";
import type { Ctx } from "./context.js";
import { resolveRef } from "./call-graph.js";

/**
 * The socket messages a service answers (extract/socket-events.ts), as routes `EVENT message:sent` whose handler is the
 * function the socket runs for each: one message is handled as one request is, so the rules that follow a request's
 * handling (dual-write, unprotected-call, sync-call-chain) follow it too. Not among the model's HTTP routes: an event
 * has no path to version. Only in a service's own files, and only a handler that resolves to a function.
 */
export function buildSocketEventRoutes(ctx: Ctx): ModelRoute[] {
  const routes: ModelRoute[] = [];
  const seen = new Set<string>();
  for (const f of ctx.facts.values()) {
    const service = f.socketEvents && ctx.fileService[f.file];
    if (service === undefined) continue;
    for (const { event, handler, handlerRef, location } of f.socketEvents!) {
      const fn = handler ? `${f.file}#${handler}` : resolveRef(ctx, f.file, handlerRef!, undefined);
      if (!fn || seen.has(fn)) continue;
      seen.add(fn);
      routes.push({ id: `${service} EVENT ${event}`, service, framework: "socket.io", method: "EVENT", path: event, handler: fn, location, mountChain: [] });
    }
  }
  return routes;
}
