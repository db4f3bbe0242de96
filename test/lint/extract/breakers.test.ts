import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

const breakersOf = (code: string) => {
  const f = facts(code);
  return {
    breakers: (f.breakers ?? []).map((b) => `${b.library} ${b.ref.object ? `${b.ref.object}.` : ""}${b.ref.name} L${b.location.line}`),
    factories: (f.breakerFactories ?? []).map((b) => `${b.library} ${b.fn} param ${b.param} L${b.location.line}`),
  };
};

describe("[U] breakers extractor: what runs behind a circuit breaker", () => {
  it("only a breaker class imported from opossum: a Promise or another class made around a function is no breaker", () => {
    const code = `import CircuitBreaker from "opossum";\nimport { Worker } from "./worker";\nconst charge = (id: string) => fetch(id);\nconst guarded = new CircuitBreaker(charge);\nconst later = new Promise((resolve) => setTimeout(resolve, 10));\nconst job = new Worker(charge);\nconst lib = { CircuitBreaker };\nconst other = new lib.CircuitBreaker(charge);\n`;
    expect(breakersOf(code)).toEqual({ breakers: ["opossum charge L4"], factories: [] });
  });

  it("execute(fn) is cockatiel's only in a file that imports cockatiel (opossum alone: a queue's execute is no breaker)", () => {
    const opossumOnly = `import CircuitBreaker from "opossum";\nexport async function f(queue: { execute(fn: () => unknown): unknown }) {\n  await queue.execute(() => fetch("http://payments/v1/charges"));\n}\n`;
    expect(breakersOf(opossumOnly)).toEqual({ breakers: [], factories: [] });
    const cockatiel = `import { circuitBreaker, handleAll, ConsecutiveBreaker } from "cockatiel";\nconst policy = circuitBreaker(handleAll, { halfOpenAfter: 10000, breaker: new ConsecutiveBreaker(5) });\nconst charge = () => fetch("http://payments/v1/charges");\nexport async function f() {\n  await policy.execute(charge);\n}\n`;
    expect(breakersOf(cockatiel)).toEqual({ breakers: ["cockatiel charge L5"], factories: [] });
  });

  it("a breaker made around a parameter (also fn.bind(this)) is a factory, not a breaker around a function named like the parameter", () => {
    const code = `import CircuitBreaker from "opossum";\nexport class Breakers {\n  create(fn: () => Promise<unknown>) {\n    return new CircuitBreaker(fn.bind(this), { timeout: 3000 });\n  }\n}\nexport function guarded(task: () => Promise<unknown>) {\n  return new CircuitBreaker(task);\n}\n`;
    const { factories, breakers } = breakersOf(code);
    expect(breakers).toEqual([]);
    expect(factories).toHaveLength(2);
    expect(factories.map((f) => f.replace(/ fn\S+/, ""))).toEqual(["opossum param 0 L4", "opossum param 0 L8"]);
  });

  it("a function written inline in the breaker is what runs behind it", () => {
    const code = `import CircuitBreaker from "opossum";\nconst breaker = new CircuitBreaker(async (id: string) => fetch(id), { timeout: 3000 });\n`;
    expect(breakersOf(code)).toEqual({ breakers: ["opossum fn@L2C36 L2"], factories: [] });
  });

  it("another method's bind (fn.call(this)) is not looked through: no factory", () => {
    const code = `import CircuitBreaker from "opossum";\nexport function guarded(task: () => Promise<unknown>) {\n  return new CircuitBreaker(task.call(this));\n}\n`;
    expect(breakersOf(code).factories).toEqual([]);
  });
});
