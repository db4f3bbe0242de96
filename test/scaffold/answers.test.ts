import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/shared/errors.js";
import { carryAnswers, defaultValue, resolveAnswers, type Ask } from "../../src/scaffold/answers.js";
import type { OptionValue } from "../../src/scaffold/option-values.js";
import type { OptionSpec, TemplateSpec } from "../../src/scaffold/template-spec.js";
import { rejection } from "../helpers/rejection.js";

const port: OptionSpec = { key: "port", type: "integer", description: "port the server listens on", prompt: "Port?", default: 3000, min: 1, max: 65535 };
const description: OptionSpec = { key: "description", type: "string", description: "one line", prompt: "Describe it", default: "The {{name}} service", maxLength: 40 };
const withDocker: OptionSpec = { key: "withDocker", type: "boolean", description: "docker", prompt: "Docker?" };
const topics: OptionSpec = { key: "topics", type: "list", description: "topics", itemPattern: "^[a-z]+$" };
const owner: OptionSpec = { key: "owner", type: "string", description: "owning team" };
const database: OptionSpec = { key: "database", type: "choice", description: "database", prompt: "Database?", choices: ["postgres", "mysql"] };

const specWith = (...options: OptionSpec[]): TemplateSpec => ({
  name: "t", version: "1.0.0", description: "", options, rename: {}, when: [], serviceName: {}, changelog: [], dir: "/nowhere",
});

/** A fake prompt: answers from a table and records what it was asked, with the suggested value. */
function fakeAsk(replies: Record<string, OptionValue>): { ask: Ask; asked: Array<[string, OptionValue | undefined]> } {
  const asked: Array<[string, OptionValue | undefined]> = [];
  const ask: Ask = async (option, suggested) => {
    asked.push([option.key, suggested]);
    if (!(option.key in replies)) throw new Error(`unexpected question for ${option.key}`);
    return replies[option.key]!;
  };
  return { ask, asked };
}


describe("resolveAnswers: flag > prompt > default", () => {
  it("takes defaults when there is no flag and no prompt, with {{name}} filled in", async () => {
    expect(await resolveAnswers(specWith(port, description, withDocker, topics), "orders", {})).toEqual({
      port: 3000,
      description: "The orders service",
      withDocker: false,
      topics: [],
    });
  });

  it("a flag wins over the prompt and the default; the prompt is not asked", async () => {
    const { ask, asked } = fakeAsk({});
    const answers = await resolveAnswers(specWith(port, description), "orders", { port: "8080", description: "Orders API" }, ask);
    expect(answers).toEqual({ port: 8080, description: "Orders API" });
    expect(asked).toEqual([]);
  });

  it("a prompt wins over the default and is offered the default as its suggestion", async () => {
    const { ask, asked } = fakeAsk({ port: 9000, description: "typed", withDocker: true });
    const answers = await resolveAnswers(specWith(port, description, withDocker), "billing", {}, ask);
    expect(answers).toEqual({ port: 9000, description: "typed", withDocker: true });
    expect(asked).toEqual([["port", 3000], ["description", "The billing service"], ["withDocker", false]]);
  });

  it("asks in declaration order, and only for options with a prompt", async () => {
    const { ask, asked } = fakeAsk({ port: 1, database: "mysql" });
    const answers = await resolveAnswers(specWith(port, topics, database), "orders", {}, ask);
    expect(asked.map(([key]) => key)).toEqual(["port", "database"]);
    expect(answers).toEqual({ port: 1, topics: [], database: "mysql" });
  });

  it("offers no suggestion for an option without a default", async () => {
    const { ask, asked } = fakeAsk({ database: "postgres" });
    await resolveAnswers(specWith(database), "orders", {}, ask);
    expect(asked).toEqual([["database", undefined]]);
  });

  it("mixes the three sources per option", async () => {
    const { ask } = fakeAsk({ description: "asked" });
    const answers = await resolveAnswers(specWith(port, description, topics), "orders", { port: "81" }, ask);
    expect(answers).toEqual({ port: 81, description: "asked", topics: [] });
  });

  it("parses flag text by the option type", async () => {
    const answers = await resolveAnswers(specWith(port, withDocker, topics, database), "orders", {
      port: " 8080 ", withDocker: "no", topics: "a, b,a", database: "mysql",
    });
    expect(answers).toEqual({ port: 8080, withDocker: false, topics: ["a", "b"], database: "mysql" });
  });

  it("takes a boolean flag as given", async () => {
    expect(await resolveAnswers(specWith(withDocker), "orders", { withDocker: true })).toEqual({ withDocker: true });
    expect(await resolveAnswers(specWith(withDocker), "orders", { withDocker: false })).toEqual({ withDocker: false });
  });

  it("treats an undefined flag as not given", async () => {
    expect(await resolveAnswers(specWith(port), "orders", { port: undefined })).toEqual({ port: 3000 });
  });
});

describe("resolveAnswers: errors", () => {
  it("a missing required value without ask is a UsageError naming the flag", async () => {
    const error = await rejection(resolveAnswers(specWith(owner), "orders", {}));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe("missing --owner: this template needs it (owning team); pass --owner <value>");
  });

  it("a list that needs items (minItems) has no empty default: without its flag it is missing", async () => {
    const routes: OptionSpec = { key: "routes", type: "list", description: "services it routes to", minItems: 1 };
    const error = await rejection(resolveAnswers(specWith(routes), "edge", {}));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe("missing --routes: this template needs it (services it routes to); pass --routes <value>");
    expect(await resolveAnswers(specWith({ ...routes, minItems: undefined } as OptionSpec), "edge", {})).toEqual({ routes: [] });
  });

  it("a choice without default and without a prompt is missing even in interactive mode", async () => {
    const { ask } = fakeAsk({});
    const noPrompt: OptionSpec = { ...database, prompt: undefined };
    const error = await rejection(resolveAnswers(specWith(noPrompt), "orders", {}, ask));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe("missing --database: this template needs it (database); pass --database <value>");
  });

  it.each([
    [port, "abc", 'invalid --port value: "abc" is not a whole number'],
    [port, "0", "invalid --port value: 0 is out of range; use 1-65535"],
    [port, "70000", "invalid --port value: 70000 is out of range; use 1-65535"],
    [withDocker, "maybe", 'invalid --with-docker value: "maybe" is not true or false'],
    [topics, "ok,NO", 'invalid --topics value: "NO" does not match /^[a-z]+$/'],
    [database, "mongo", 'invalid --database value: "mongo" is not one of postgres, mysql'],
    [description, "x".repeat(41), "invalid --description value: is 41 characters long; at most 40 are allowed"],
  ])("a bad flag is a UsageError: %#", async (option, text, message) => {
    const error = await rejection(resolveAnswers(specWith(option), "orders", { [option.key]: text }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe(message);
  });

  it("stops at a bad flag: later options are not asked", async () => {
    const { ask, asked } = fakeAsk({ port: 1 });
    await expect(resolveAnswers(specWith(database, port), "orders", { database: "mongo" }, ask)).rejects.toThrow(UsageError);
    expect(asked).toEqual([]);
  });

  it("a default that breaks its own rules once {{name}} is filled in is the template's fault", async () => {
    const long = "x".repeat(30);
    const error = await rejection(resolveAnswers(specWith(description), long, {}));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe("template option description: its default is 42 characters long; at most 40 are allowed; fix the template's template.yaml");
  });
});

describe("defaultValue", () => {
  it("fills every {{name}}, with or without spaces", () => {
    const option: OptionSpec = { key: "path", type: "string", description: "d", default: "{{name}}/{{ name }}/{{  name}}" };
    expect(defaultValue(option, "orders")).toBe("orders/orders/orders");
  });
  it("computes from the name with a case helper or portFor, in a string or an integer default", () => {
    const path: OptionSpec = { key: "path", type: "string", description: "d", default: "{{kebab name}}/{{ pascal name }}/{{portFor name}}" };
    expect(defaultValue(path, "ordersApi")).toBe("orders-api/OrdersApi/20388");
    const derivedPort: OptionSpec = { ...port, default: "{{portFor name}}" };
    expect(defaultValue(derivedPort, "orders")).toBe(25387);
    expect(defaultValue(derivedPort, "inventory")).toBe(23394);
  });
  it("refuses a derived integer default out of range, naming template.yaml", () => {
    const narrow: OptionSpec = { ...port, default: "{{portFor name}}", max: 25000 };
    expect(defaultValue(narrow, "inventory")).toBe(23394);
    expect(() => defaultValue(narrow, "orders")).toThrow(
      new UsageError("template option port: its default 25387 is out of range; use 1-25000; fix the template's template.yaml"),
    );
  });
  it("a text default that fills in to digits stays text; only an integer option turns it into a number", () => {
    const version: OptionSpec = { key: "label", type: "string", description: "d", default: "{{portFor name}}" };
    expect(defaultValue(version, "orders")).toBe(String(defaultValue({ key: "port", type: "integer", description: "d", default: "{{portFor name}}" }, "orders")));
    expect(typeof defaultValue(version, "orders")).toBe("string");
  });

  it("leaves other placeholders alone", () => {
    const option: OptionSpec = { key: "path", type: "string", description: "d", default: "{{other}} {{toString name}} {{constructor name}}" };
    expect(defaultValue(option, "orders")).toBe("{{other}} {{toString name}} {{constructor name}}");
  });
  it("is false for a boolean and [] for a list without a default, undefined otherwise", () => {
    expect(defaultValue(withDocker, "orders")).toBe(false);
    expect(defaultValue(topics, "orders")).toEqual([]);
    expect(defaultValue(owner, "orders")).toBeUndefined();
    expect(defaultValue(database, "orders")).toBeUndefined();
  });
  it("returns non-string defaults unchanged", () => {
    expect(defaultValue(port, "orders")).toBe(3000);
    expect(defaultValue({ ...topics, default: ["ab", "cd"] }, "orders")).toEqual(["ab", "cd"]);
    expect(defaultValue({ ...withDocker, default: true }, "orders")).toBe(true);
  });
});

describe("carryAnswers: an upgrade keeps the recorded answers the new template accepts", () => {
  it("keeps every accepted answer, with nothing fresh and nothing asked", async () => {
    const { ask, asked } = fakeAsk({});
    const recorded = { port: 4000, description: "Mine", topics: ["a", "b"], withDocker: true };
    expect(await carryAnswers(specWith(port, description, topics, withDocker), "orders", recorded, ask)).toEqual({ answers: recorded, fresh: [] });
    expect(asked).toEqual([]);
  });

  it("a new option takes its default without a terminal, and is listed as fresh", async () => {
    expect(await carryAnswers(specWith(port, description), "orders", { port: 4000 })).toEqual({
      answers: { port: 4000, description: "The orders service" },
      fresh: ["description"],
    });
  });

  it("a new option with a prompt is asked in a terminal, offered its default", async () => {
    const { ask, asked } = fakeAsk({ description: "Typed" });
    expect(await carryAnswers(specWith(port, description), "orders", { port: 4000 }, ask)).toEqual({
      answers: { port: 4000, description: "Typed" },
      fresh: ["description"],
    });
    expect(asked).toEqual([["description", "The orders service"]]);
  });

  it("a new option without a prompt takes its default even in a terminal", async () => {
    const { ask, asked } = fakeAsk({});
    expect(await carryAnswers(specWith({ ...description, prompt: undefined } as OptionSpec), "orders", {}, ask)).toEqual({
      answers: { description: "The orders service" },
      fresh: ["description"],
    });
    expect(asked).toEqual([]);
  });

  it("an answer the new template refuses is fresh again: its default replaces it", async () => {
    const narrower: OptionSpec = { ...port, max: 5000 };
    expect(await carryAnswers(specWith(narrower), "orders", { port: 8080 })).toEqual({ answers: { port: 3000 }, fresh: ["port"] });
  });

  it("answers for options the new template dropped are left out", async () => {
    expect(await carryAnswers(specWith(port), "orders", { port: 4000, gone: "x" })).toEqual({ answers: { port: 4000 }, fresh: [] });
  });

  it("a new option with no default and no terminal is a UsageError that says how to answer it", async () => {
    const error = await rejection(carryAnswers(specWith(port, owner), "orders", { port: 4000 }));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe("template option owner is new and has no default (owning team); run the upgrade in a terminal without --yes to answer it");
  });
});
