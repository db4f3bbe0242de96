import type { CalleeFact, FileFacts } from "../types.js";

/**
 * Which callees the model can link to a function. For a bare name, `this.x()`
 * and `local.x()`, the model (resolveRef in model/call-graph.ts) looks only in
 * this file, so one that matches nothing here never will: dropping them keeps
 * the facts (and the --cache file) about a third smaller and the model's edge
 * building short. Calls on imports and on `this.member` resolve across files and stay.
 */
export function resolvableCallee(facts: FileFacts, imported: ReadonlyMap<string, unknown>, typeImported?: ReadonlySet<string>): (callee: CalleeFact) => boolean {
  let ids: Set<string> | undefined;
  let methodNames: Set<string> | undefined;
  // `const users = loadClient({...})` at module level: what a factory of the project made, whose methods the model reads
  // (model/grpc.ts), or which is itself called (a publisher, model/factory-topics.ts).
  const made = facts.moduleResults ? new Set(facts.moduleResults.map((result) => result.name)) : undefined;
  const index = () => {
    ids = new Set();
    methodNames = new Set();
    for (const { id } of facts.functions) {
      ids.add(id);
      const dot = id.lastIndexOf(".");
      if (dot >= 0 && id.startsWith("fn:")) methodNames.add(id.slice(dot + 1));
    }
  };
  return (callee) => {
    if (callee.local || callee.command || callee.madeBy) return true;
    const { object, name } = callee;
    // this.orders.find(), deps.orderService.find(): a method of a class another file declares (see resolveRef).
    if (object !== undefined && (object.startsWith("this.") || object.includes(".") || imported.has(object) || made?.has(object))) return true;
    // store.record() on a parameter typed with an interface imported as a type: what its module builds with it (model/interface-holders.ts).
    if (object !== undefined && typeImported?.has(object)) return true;
    if (!ids) index();
    // shipped(order) on `const shipped = publisherFor("shipments")`: the publisher a factory made (model/factory-topics.ts).
    if (object === undefined) return ids!.has(`fn:${name}`) || imported.has(name) || (made?.has(name) ?? false);
    // this.save() of a class that extends another: the base may define it (model/inheritance.ts). this.helper() outside a
    // class, in a Moleculer schema's action: the schema's method of that name (model/moleculer.ts's methodEdges).
    if (object === "this") return callee.className !== undefined ? ids!.has(`fn:${callee.className}.${name}`) || facts.classBases?.[callee.className] !== undefined : moleculerMethod(facts, name);
    // publisher.publish() on `const publisher = new OrderCreatedPublisher()`, a class of this file that extends another:
    // the method may be the base's (model/inheritance.ts), which is how a subclass that only names its topic publishes.
    if (facts.classBases?.[object] !== undefined) return true;
    return methodNames!.has(name);
  };
}

/** A method of a Moleculer schema the file declares (`methods: { helper() {} }`). */
function moleculerMethod(facts: FileFacts, name: string): boolean {
  return facts.moleculer?.services.some((service) => service.methods !== undefined && Object.hasOwn(service.methods, name)) ?? false;
}
