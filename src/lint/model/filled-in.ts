import type { FlowArg, Value, ValuePart } from "../types.js";

/** A value of a function's text with its references to the function's parameters replaced by what a call passes (where it passes a value). */
export function filledIn(value: Value, fn: string, args: readonly (FlowArg | null)[]): Value {
  const parts: ValuePart[] = [];
  for (const part of value.parts) {
    if (part.kind !== "unknown" || !part.ref || part.ref.fn !== fn) {
      parts.push(part);
      continue;
    }
    let arg: FlowArg | null | undefined = args[part.ref.index];
    for (const key of part.ref.path ?? []) arg = arg?.kind === "object" ? arg.fields[key] : undefined;
    if (arg?.kind === "value") parts.push(...arg.value.parts);
    else parts.push(part);
  }
  return { parts };
}
