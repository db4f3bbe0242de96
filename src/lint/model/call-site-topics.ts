import type { CalleeFact, Location, ModelTopic } from "../types.js";

/**
 * What argument-topics.ts, factory-topics.ts and instance-topics.ts share: the events a publish written in a helper, a
 * factory's publisher or a publisher class made, and the same publish placed again at the call that makes it happen.
 */

/**
 * The events the publish written at a place made (or, for role "consume", the subscriptions), one per broker system (a
 * library's publish is a topic of each service that uses it: one stands for it), request-reply left out. The index is
 * built on the first ask.
 */
export function eventsMadeAt(topics: readonly ModelTopic[], locationKey: (location: Location) => string, role: ModelTopic["role"] = "produce"): (location: Location) => ModelTopic[] {
  let byLocation: Map<string, ModelTopic[]> | undefined;
  return (location) => {
    if (!byLocation) {
      byLocation = new Map();
      for (const topic of topics) {
        const key = locationKey(topic.location);
        byLocation.set(key, [...(byLocation.get(key) ?? []), topic]);
      }
    }
    const seen = new Set<string>();
    return (byLocation.get(locationKey(location)) ?? []).filter((t) => t.role === role && !t.requestReply && !seen.has(t.system) && seen.add(t.system));
  };
}

/**
 * `topic`, as the caller at `callee` (in `file`, of `service`) makes it: in the caller's function, with the call's
 * branches and place, its topic text as the call's arguments give it, and where it was written kept as `madeFrom`.
 */
export function atCallSite(
  topic: ModelTopic,
  text: string,
  file: string,
  service: string | undefined,
  callee: CalleeFact,
  locationKey: (location: Location) => string,
  resolution?: string,
): ModelTopic {
  return {
    ...topic,
    service: service ?? topic.service,
    topic: text,
    ...(resolution !== undefined ? { resolution } : {}),
    inFunction: `${file}#${callee.from}`,
    arms: callee.arms,
    location: callee.location,
    madeFrom: locationKey(topic.location),
  };
}
