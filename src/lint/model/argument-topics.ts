import type { CalleeFact, FileFacts, Location, ModelTopic } from "../types.js";

/**
 * A publish helper told its topic by each caller: `announce(topic, body)` sends `{ topic, messages }`, and the
 * handlers call `announce("payment-made", order)`. The helper's own publish names only its parameter; each call site
 * that passes a string literal there publishes that topic, in the caller's function, at the call (as a reader reads
 * it). The site's topic stands for the helper's publish (ModelTopic.madeFrom). Events only: a request-reply
 * helper's sites are left as they are.
 */

export interface ArgumentTopicsInput {
  facts: ReadonlyMap<string, FileFacts>;
  fileService: Readonly<Record<string, string>>;
  /** The global id of the function a callee fact of `file` reaches, if any. */
  resolveCallee: (file: string, callee: CalleeFact) => string | undefined;
  locationKey: (location: Location) => string;
}

export function buildArgumentTopics(input: ArgumentTopicsInput, topics: readonly ModelTopic[]): ModelTopic[] {
  /** The parameter each helper publishes to, by the helper's global id, with the helper's topics. */
  const helpers = new Map<string, { index: number; topics: ModelTopic[] }>();
  let byLocation: Map<string, ModelTopic[]> | undefined;
  for (const f of input.facts.values()) {
    for (const fact of f.topics) {
      if (fact.role !== "produce" || fact.requestReply || !fact.inFunction || fact.topic.parts.length !== 1) continue;
      const part = fact.topic.parts[0]!;
      // The helper's own parameter, whole: `topic`, not a field of it, nor a parameter of a function around the helper.
      if (part.kind !== "unknown" || !part.ref || part.ref.path || part.ref.fn !== fact.inFunction) continue;
      if (!byLocation) {
        byLocation = new Map();
        for (const topic of topics) {
          const key = input.locationKey(topic.location);
          byLocation.set(key, [...(byLocation.get(key) ?? []), topic]);
        }
      }
      const made = (byLocation.get(input.locationKey(fact.location)) ?? []).filter((t) => t.role === "produce" && !t.requestReply);
      if (!made.length) continue;
      const id = `${f.file}#${fact.inFunction}`;
      const helper = helpers.get(id);
      if (helper) helper.topics.push(...made);
      else helpers.set(id, { index: part.ref.index, topics: made });
    }
  }
  if (!helpers.size) return [];
  const out: ModelTopic[] = [];
  for (const f of input.facts.values()) {
    for (const callee of f.callees) {
      if (!callee.literalArgs || !callee.from) continue;
      const to = input.resolveCallee(f.file, callee);
      const helper = to ? helpers.get(to) : undefined;
      const literal = helper ? callee.literalArgs[helper.index] : undefined;
      if (!helper || !literal) continue;
      for (const topic of helper.topics) {
        out.push({
          ...topic,
          service: input.fileService[f.file] ?? topic.service,
          topic: literal,
          inFunction: `${f.file}#${callee.from}`,
          location: callee.location,
          madeFrom: input.locationKey(topic.location),
        });
      }
    }
  }
  return out;
}
