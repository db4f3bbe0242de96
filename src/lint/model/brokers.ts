import type { BrokerAddressFact, DatastoreFact, Location, ModelBroker, Value } from "../types.js";
import type { Ctx } from "./context.js";
import { literalHostOf } from "./literal-hosts.js";
import { redact, renderValue } from "./values.js";

/**
 * The brokers each service connects to, with each address as the service's environment renders it and, when the
 * code itself writes the host, that host (hardcoded-endpoint). A library's connection counts for every service
 * that imports it, the import as evidence.
 */
export function buildBrokers(ctx: Ctx, bind?: BindConnection): ModelBroker[] {
  const brokers: ModelBroker[] = [];
  for (const f of ctx.facts.values()) {
    if (!f.brokerAddresses?.length) continue;
    const owner = ctx.fileService[f.file];
    const users = owner !== undefined ? [{ service: owner, via: [] as Location[] }] : ctx.usersOf(f.file);
    for (const user of users) {
      for (const fact of f.brokerAddresses) {
        for (const address of addressesOf(f.file, fact, user.service, bind)) {
          const rendered = renderValue(ctx, f.file, address, ctx.envOf(user.service));
          const literalHost = literalHostOf(ctx, f.file, address, Boolean(fact.bare));
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
  }
  return brokers;
}

type BindConnection = (file: string, fact: DatastoreFact, service: string) => DatastoreFact[];

/**
 * `amqp.connect(url)` with `url` a parameter of the function that connects: what the service's callers pass there, or
 * the default of a parameter they fill in turn (`publish(queue, msg, url = "amqp://localhost")`), as for a datastore
 * (connection-arguments.ts). An address that reads no parameter is the one written.
 */
function addressesOf(file: string, fact: BrokerAddressFact, service: string, bind: BindConnection | undefined): Value[] {
  if (!bind || !fact.address.parts.some((part) => part.kind === "unknown" && part.ref)) return [fact.address];
  const bound = bind(file, { engine: "unknown", library: fact.library, url: fact.address, location: fact.location }, service);
  return bound.length ? bound.map((made) => made.url ?? fact.address) : [fact.address];
}
