import type { FileFacts } from "../types.js";

/**
 * `store.record(order)` where the parameter is typed with an interface its module declares beside the object that
 * implements it (`export interface Ledger {…}` and `export const ledger: Ledger = { record, settle }`, the functional
 * style's repository handed to a use case): the call runs that object's member. The interface is no value, so the
 * module's exported objects are asked which has the member; only when exactly one does is it the answer (two stores
 * with a `record` each could be either).
 */
export function interfaceHolder(target: FileFacts, member: string, hasFn: (target: FileFacts, id: string) => boolean): string | undefined {
  let holder: string | undefined;
  for (const id of Object.values(target.exports)) {
    if (!id.startsWith("const:")) continue;
    const name = id.slice("const:".length);
    if (name === holder || !(target.objectMembers?.[`${name}.${member}`] || hasFn(target, `fn:${name}.${member}`))) continue;
    if (holder !== undefined) return undefined;
    holder = name;
  }
  return holder;
}
