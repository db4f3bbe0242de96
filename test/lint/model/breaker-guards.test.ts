import { describe, expect, it } from "vitest";
import { markBreakers } from "../../../src/lint/model/guards.js";
import type { Location, ModelCall, ModelEdge } from "../../../src/lint/types.js";

/**
 * unprotected-call reports a call with no breaker: which calls markBreakers marks decides which are reported.
 * A breaker guards the function it runs and every function that one calls, through the call graph.
 */

const at = (line: number): Location => ({ file: "src/breakers.ts", line, column: 1 });
const call = (inFunction: string | undefined, guards?: ModelCall["guards"]): ModelCall => ({ id: `call in ${inFunction}`, ...(inFunction ? { inFunction } : {}), ...(guards ? { guards } : {}) }) as ModelCall;
const edge = (to: string): ModelEdge => ({ to }) as ModelEdge;

describe("[U] markBreakers: the calls a circuit breaker guards", () => {
  it("the breaker's function, the functions it calls and theirs; not its callers, not unrelated functions", () => {
    const calls = [call("a#fetchStock"), call("a#helper"), call("a#inner"), call("a#caller"), call("a#other"), call(undefined)];
    const edges = { "a#caller": [edge("a#fetchStock")], "a#fetchStock": [edge("a#helper")], "a#helper": [edge("a#inner")] };
    markBreakers(calls, edges, new Map([["a#fetchStock", at(3)]]));
    expect(calls.map((c) => c.guards?.breaker?.line)).toEqual([3, 3, 3, undefined, undefined, undefined]);
  });

  it("a function two breakers reach keeps the first breaker's location; a cycle is followed once", () => {
    const calls = [call("a#shared"), call("a#second")];
    const edges = { "a#first": [edge("a#shared")], "a#second": [edge("a#shared"), edge("a#second")], "a#shared": [edge("a#first")] };
    markBreakers(
      calls,
      edges,
      new Map([
        ["a#first", at(10)],
        ["a#second", at(20)],
      ]),
    );
    expect(calls.map((c) => c.guards?.breaker?.line)).toEqual([10, 20]);
  });

  it("the other guards of a call are kept", () => {
    const calls = [call("a#fetchStock", { timeout: "axios timeout: 2000" })];
    markBreakers(calls, {}, new Map([["a#fetchStock", at(7)]]));
    expect(calls[0]!.guards).toEqual({ timeout: "axios timeout: 2000", breaker: at(7) });
  });

  it("no breaker: no call changes", () => {
    const calls = [call("a#fetchStock", { timeout: "2s" }), call("a#other")];
    markBreakers(calls, { "a#fetchStock": [edge("a#other")] }, new Map());
    expect(calls.map((c) => c.guards)).toEqual([{ timeout: "2s" }, undefined]);
  });

  it("a breaker guards at most 200 functions: a breaker wraps a request function, not an application", () => {
    const name = (i: number) => `a#f${i}`;
    const edges: Record<string, ModelEdge[]> = {};
    for (let i = 0; i < 250; i++) edges[name(i)] = [edge(name(i + 1))];
    const calls = [call(name(0)), call(name(198)), call(name(199)), call(name(249))];
    markBreakers(calls, edges, new Map([[name(0), at(1)]]));
    expect(calls.map((c) => Boolean(c.guards?.breaker))).toEqual([true, true, false, false]);
  });
});
