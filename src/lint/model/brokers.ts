import type { Location, ModelBroker } from "../types.js";
import type { Ctx } from "./context.js";
import { literalHostOf } from "./literal-hosts.js";
import { redact, renderValue } from "./values.js";

/**
 * The brokers each service connects to, with each address as the service's environment renders it and, when the
 * code itself writes the host, that host (hardcoded-endpoint). A library's connection counts for every service
 * that imports it, the import as evidence.
 */
export function buildBrokers(ctx: Ctx): ModelBroker[] {
  const brokers: ModelBroker[] = [];
  for (const f of ctx.facts.values()) {
    if (!f.brokerAddresses?.length) continue;
    const owner = ctx.fileService[f.file];
    const users = owner !== undefined ? [{ service: owner, via: [] as Location[] }] : ctx.usersOf(f.file);
    for (const user of users) {
      for (const fact of f.brokerAddresses) {
        const rendered = renderValue(ctx, f.file, fact.address, ctx.envOf(user.service));
        const literalHost = literalHostOf(ctx, f.file, fact.address, Boolean(fact.bare));
        brokers.push({
          service: user.service,
          system: fact.system,
          library: fact.library,
          address: redact(rendered.text),
          ...(literalHost ? { literalHost } : {}),
          ...(fact.peer ? { peer: fact.peer } : {}),
          ...(user.via.length ? { via: user.via } : {}),
          location: fact.location,
        });
      }
    }
  }
  return brokers;
}
