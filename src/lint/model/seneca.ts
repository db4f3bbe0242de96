import type { Location, ModelCall, ModelRoute, SenecaFacts } from "../types.js";
import type { Ctx } from "./context.js";
import { resolveRef } from "./call-graph.js";

/**
 * Seneca in the model. Each pattern a service adds a handler for is an action of that service (`pricing ACT
 * area:pricing,cmd:quote`), as a Moleculer action is: not an HTTP route, but a handler that sync-call-chain and
 * unprotected-call go on through. An act is a synchronous call (client "seneca") to the service that adds the most
 * specific pattern the act's pairs match, as Seneca's router picks it; an act the caller's own service adds is a local
 * call, no hop. Seneca gives every act a timeout of its own (its `timeout` option, 22222 ms unless set), so an act is
 * guarded by it. Patterns computed at run time (`seneca.add(cmd, commands[cmd])` over an object's keys) are not read.
 */

export interface SenecaModel {
  calls: ModelCall[];
  actions: ModelRoute[];
}

/** Seneca's own deadline on every act (its `timeout` option's default). */
const DEFAULT_TIMEOUT = "Seneca's act timeout (22222 ms by default)";

interface Added {
  service: string;
  pattern: Record<string, string>;
  route: ModelRoute;
}

export function buildSeneca(ctx: Ctx): SenecaModel {
  const out: SenecaModel = { calls: [], actions: [] };
  const files = [...ctx.facts.values()].filter((f) => f.seneca);
  if (!files.length) return out;
  // The services a file's code runs in: its owner, else those that import it (a plugin file shared by path).
  const servicesOf = (file: string): string[] => {
    const owner = ctx.fileService[file];
    return owner !== undefined ? [owner] : ctx.usersOf(file).map((user) => user.service);
  };
  const functionAt = (file: string, at: Location | undefined): string | undefined => {
    if (!at) return undefined;
    const fn = ctx.facts.get(file)?.functions.find((candidate) => candidate.location.line === at.line && candidate.location.column === at.column);
    return fn ? `${file}#${fn.id}` : undefined;
  };

  const added: Added[] = [];
  for (const f of files) {
    const facts = f.seneca as SenecaFacts;
    for (const add of facts.adds) {
      const handler = functionAt(f.file, add.handlerAt) ?? (add.handlerRef ? resolveRef(ctx, f.file, add.handlerRef, undefined) : undefined);
      const path = patternText(add.pattern);
      for (const service of servicesOf(f.file)) {
        const route: ModelRoute = { id: `${service} ACT ${path}`, service, framework: "seneca", method: "ACT", path, ...(handler ? { handler } : {}), location: add.location, mountChain: [] };
        added.push({ service, pattern: add.pattern, route });
        out.actions.push(route);
      }
    }
  }

  for (const f of files) {
    const facts = f.seneca as SenecaFacts;
    for (const act of facts.acts) {
      const services = servicesOf(f.file);
      for (const service of services) {
        const matching = added.filter((a) => Object.entries(a.pattern).every(([key, value]) => act.pattern[key] === value));
        // Seneca's router takes the pattern with the most pairs the act matches.
        const most = Math.max(0, ...matching.map((a) => Object.keys(a.pattern).length));
        const best = matching.filter((a) => Object.keys(a.pattern).length === most);
        if (best.some((a) => a.service === service)) continue;
        const targets = [...new Set(best.map((a) => a.service))];
        const target = targets.length === 1 ? best[0] : undefined;
        const url = patternText(act.pattern);
        out.calls.push({
          id: `${f.file}:${act.location.line}:${act.location.column}${services.length > 1 ? `@${service}` : ""}`,
          service,
          client: "seneca",
          method: "ACT",
          url,
          ...(target ? { targetService: target.service, targetRoute: target.route.id } : {}),
          resolution: target
            ? `${target.service} adds the pattern ${target.route.path} (${target.route.location.file}:${target.route.location.line})`
            : targets.length > 1
              ? `the pattern ${url} is added by several services (${targets.join(", ")})`
              : `no service of the scan adds a pattern ${url} matches`,
          ...(act.inFunction ? { inFunction: `${f.file}#${act.inFunction}` } : {}),
          awaited: act.awaited,
          parallel: act.parallel,
          guards: { timeout: DEFAULT_TIMEOUT },
          location: act.location,
        });
      }
    }
  }
  return out;
}

/** `area:pricing,cmd:quote`: the pairs in name order, as Seneca compares them. */
function patternText(pattern: Record<string, string>): string {
  return Object.keys(pattern)
    .sort()
    .map((key) => `${key}:${pattern[key]}`)
    .join(",");
}
