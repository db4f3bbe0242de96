import type { CalleeFact, FileFacts, FlowArg, Location, ModelTopic, TopicFact, Value, ValuePart } from "../types.js";
import { filledIn } from "./filled-in.js";

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

/** A publish whose topic is made of the parameters of `fn` (a factory's, a constructor's), and the events it made. */
export interface PublishTemplate {
  fn: string;
  value: Value;
  topics: ModelTopic[];
}

/**
 * The publishes of the scan whose topic is made of a function's parameters, grouped under the key `keyOf` gives each
 * (undefined leaves it out): what factory-topics.ts and instance-topics.ts fill in with what their callers pass.
 */
export function publishTemplates(
  facts: Iterable<FileFacts>,
  topics: readonly ModelTopic[],
  locationKey: (location: Location) => string,
  keyOf: (f: FileFacts, fact: TopicFact & { inFunction: string }, fn: string) => string | undefined,
): Map<string, PublishTemplate[]> {
  const out = new Map<string, PublishTemplate[]>();
  const eventsAt = eventsMadeAt(topics, locationKey);
  for (const f of facts) {
    for (const fact of f.topics) {
      if (fact.role !== "produce" || fact.requestReply || !fact.inFunction) continue;
      const fn = helperOf(fact.topic.parts);
      const key = fn ? keyOf(f, fact as TopicFact & { inFunction: string }, fn) : undefined;
      if (!fn || key === undefined) continue;
      const made = eventsAt(fact.location);
      if (!made.length) continue;
      out.set(key, [...(out.get(key) ?? []), { fn, value: fact.topic, topics: made }]);
    }
  }
  return out;
}

/** Each template's publish placed at the call `callee` of `file` makes, its topic filled in with `args` (read in `argsFile`). */
export function templatesAtCall(
  out: ModelTopic[],
  templates: readonly PublishTemplate[],
  argsFile: string,
  args: readonly (FlowArg | null)[],
  file: string,
  service: string | undefined,
  callee: CalleeFact,
  render: (file: string, value: Value) => { text: string },
  locationKey: (location: Location) => string,
  resolution: string,
): void {
  for (const template of templates) {
    const rendered = render(argsFile, filledIn(template.value, template.fn, args));
    for (const topic of template.topics) out.push(atCallSite(topic, rendered.text, file, service, callee, locationKey, resolution));
  }
}

/**
 * The function whose parameters make every part of a topic that is not text: `topic`, `exchange` + "/" + `routingKey`,
 * or a field of one (`record.topic` of `send(record)`). A part the environment or a constant fixes (`process.env.EXCHANGE`
 * + "/" + `bindingKey`) is the same for every caller: the parameters still make the rest.
 */
export function helperOf(parts: readonly ValuePart[]): string | undefined {
  let fn: string | undefined;
  for (const part of parts) {
    if (part.kind === "text" || isFixedPart(part)) continue;
    if (part.kind !== "unknown" || !part.ref || (fn !== undefined && part.ref.fn !== fn)) return undefined;
    fn = part.ref.fn;
  }
  return fn;
}

/** A part of a topic no caller changes: an environment variable, an imported constant. */
export function isFixedPart(part: ValuePart): boolean {
  return part.kind === "env" || part.kind === "import";
}
