import type { CalleeFact, FileFacts, ModelTopic } from "../types.js";

/**
 * A subscribe helper that takes the handler as a parameter: `subscribe(topics, onMessage)` starts the broker's consumer
 * with `eachMessage: async ({ topic, message }) => { …; await onMessage(topic, event) }`, and the service's start-up calls
 * `consumer.subscribe(TOPICS, (topic, event) => handlers.handle(topic, event))`. The subscription's own callback is the
 * helper's, and what it runs for each message is what the callers hand over: each such function is recorded on the
 * subscription (`handedTo`), so the rules that follow a message's handling (dual-write) start from it. Only a parameter
 * called as a function in the subscription's callback itself, and only functions the callers write or name there.
 */

export interface HandedCallbacksInput {
  facts: ReadonlyMap<string, FileFacts>;
  fileService: Readonly<Record<string, string>>;
  /** The global id of the function a callee fact of `file` reaches, if any. */
  resolveCallee: (file: string, callee: Pick<CalleeFact, "object" | "name" | "local" | "className">) => string | undefined;
}

/** Functions one parameter may be handed, across all call sites: past this, the helper is a general utility, not a subscription's. */
const MAX_CALLBACKS = 8;

export function markHandedCallbacks(input: HandedCallbacksInput, topics: ModelTopic[]): void {
  const consumers = topics.filter((topic) => topic.role === "consume" && !topic.requestReply && topic.inFunction);
  if (!consumers.length) return;
  /** The parameters each subscription's callback calls: callback's global id → the helper's global id and the parameter's index. */
  const called = new Map<string, { helper: string; index: number }[]>();
  const wanted = new Set(consumers.map((topic) => topic.inFunction!));
  for (const f of input.facts.values()) {
    for (const call of f.paramCalls ?? []) {
      const from = `${f.file}#${call.from}`;
      if (!wanted.has(from)) continue;
      called.set(from, [...(called.get(from) ?? []), { helper: `${f.file}#${call.fn}`, index: call.index }]);
    }
  }
  if (!called.size) return;
  const helpers = new Set([...called.values()].flat().map((p) => p.helper));
  /** What the callers hand each helper's parameter: `helper|index` → global ids of the functions passed. */
  const handed = new Map<string, Set<string>>();
  for (const f of input.facts.values()) {
    for (const callee of [...f.callees, ...(f.moduleCalls ?? [])] as Pick<CalleeFact, "object" | "name" | "local" | "className" | "fnArgs">[]) {
      if (!callee.fnArgs) continue;
      const to = input.resolveCallee(f.file, callee);
      if (!to || !helpers.has(to)) continue;
      for (const arg of callee.fnArgs) {
        const target = input.resolveCallee(f.file, { object: arg.ref.object, name: arg.ref.name, local: arg.ref.local, className: callee.className });
        if (!target) continue;
        const key = `${to}|${arg.index}`;
        handed.set(key, (handed.get(key) ?? new Set()).add(target));
      }
    }
  }
  for (const topic of consumers) {
    const out = new Set<string>();
    for (const { helper, index } of called.get(topic.inFunction!) ?? []) {
      const targets = handed.get(`${helper}|${index}`);
      if (!targets || targets.size > MAX_CALLBACKS) continue;
      for (const target of targets) {
        // A library's helper is called by each service's start-up: each subscription keeps its own service's handlers.
        const owner = input.fileService[target.slice(0, target.indexOf("#"))];
        if (owner === undefined || owner === topic.service) out.add(target);
      }
    }
    if (out.size) topic.handedTo = [...out].sort();
  }
}
