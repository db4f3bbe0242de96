import { describe, expect, it } from "vitest";
import { flagName, formatOptionValue, parseOptionText, splitList, validateOptionValue } from "../../src/scaffold/option-values.js";
import type { BooleanOption, ChoiceOption, IntegerOption, ListOption, StringOption } from "../../src/scaffold/template-spec.js";

const port: IntegerOption = { key: "port", type: "integer", description: "port", min: 1, max: 65535 };
const retries: IntegerOption = { key: "retries", type: "integer", description: "retries" };
const withDocker: BooleanOption = { key: "withDocker", type: "boolean", description: "docker" };
const topics: ListOption = { key: "topics", type: "list", description: "topics", itemPattern: "^[a-z][a-z0-9-]*$", itemHint: "must be kebab-case" };
const database: ChoiceOption = { key: "database", type: "choice", description: "db", choices: ["postgres", "mysql"] };
const owner: StringOption = { key: "owner", type: "string", description: "owner", maxLength: 5, pattern: "^[a-z]+$", patternHint: "must be lowercase letters" };

describe("parseOptionText: integer", () => {
  it.each([
    ["8080", 8080],
    [" 8080 ", 8080],
    ["+80", 80],
    ["08080", 8080],
    ["1", 1],
    ["65535", 65535],
  ])("%j -> %j", (text, value) => {
    expect(parseOptionText(port, text)).toEqual({ ok: true, value });
  });

  it.each([
    ["0", "0 is out of range; use 1-65535"],
    ["70000", "70000 is out of range; use 1-65535"],
    ["65536", "65536 is out of range; use 1-65535"],
    ["-1", "-1 is out of range; use 1-65535"],
    ["abc", '"abc" is not a whole number'],
    ["", '"" is not a whole number'],
    ["3.5", '"3.5" is not a whole number'],
    ["1e3", '"1e3" is not a whole number'],
    ["0x10", '"0x10" is not a whole number'],
    ["80 81", '"80 81" is not a whole number'],
  ])("%j is refused: %s", (text, problem) => {
    expect(parseOptionText(port, text)).toEqual({ ok: false, problem });
  });

  it("describes one-sided and missing ranges", () => {
    expect(parseOptionText(retries, "-5")).toEqual({ ok: true, value: -5 });
    expect(parseOptionText({ ...retries, min: 0 }, "-5")).toEqual({ ok: false, problem: "-5 is out of range; use 0 or more" });
    expect(parseOptionText({ ...retries, max: 3 }, "5")).toEqual({ ok: false, problem: "5 is out of range; use 3 or less" });
  });

  it("refuses numbers too large to keep exactly, instead of rounding them", () => {
    expect(parseOptionText(retries, "99999999999999999999")).toEqual({ ok: false, problem: '"99999999999999999999" is too large' });
    expect(parseOptionText(retries, String(Number.MAX_SAFE_INTEGER))).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER });
  });
});

describe("parseOptionText: boolean", () => {
  it.each(["true", "TRUE", "yes", "Yes", "y", "1", " true "])("%j is true", (text) => {
    expect(parseOptionText(withDocker, text)).toEqual({ ok: true, value: true });
  });
  it.each(["false", "False", "no", "NO", "n", "0"])("%j is false", (text) => {
    expect(parseOptionText(withDocker, text)).toEqual({ ok: true, value: false });
  });
  it.each(["maybe", "", "on", "2"])("%j is refused", (text) => {
    expect(parseOptionText(withDocker, text)).toEqual({ ok: false, problem: `${JSON.stringify(text)} is not true or false` });
  });
});

describe("parseOptionText: list", () => {
  it("trims, drops empty items and dedupes, keeping first-seen order", () => {
    expect(parseOptionText(topics, " b, a ,b,, c ,a")).toEqual({ ok: true, value: ["b", "a", "c"] });
  });
  it("an empty text is an empty list", () => {
    expect(parseOptionText(topics, "")).toEqual({ ok: true, value: [] });
    expect(parseOptionText(topics, " , ,")).toEqual({ ok: true, value: [] });
  });
  it("checks every item against itemPattern and names the first bad one", () => {
    expect(parseOptionText(topics, "ok,Bad,Worse")).toEqual({ ok: false, problem: '"Bad" must be kebab-case' });
    expect(parseOptionText({ ...topics, itemHint: undefined }, "ok,Bad")).toEqual({ ok: false, problem: '"Bad" does not match /^[a-z][a-z0-9-]*$/' });
  });
  it("refuses fewer items than minItems, the empty list included", () => {
    const routes: ListOption = { key: "routes", type: "list", description: "services", minItems: 1 };
    expect(parseOptionText(routes, "")).toEqual({ ok: false, problem: "needs at least 1 item, comma-separated" });
    expect(parseOptionText(routes, " , ")).toEqual({ ok: false, problem: "needs at least 1 item, comma-separated" });
    expect(parseOptionText({ ...routes, minItems: 2 }, "orders")).toEqual({ ok: false, problem: "needs at least 2 items, comma-separated" });
    expect(parseOptionText(routes, "orders")).toEqual({ ok: true, value: ["orders"] });
  });
  it("refuses an item longer than itemMaxLength with its length and the limit, cutting it short in the message", () => {
    const kafka: ListOption = { key: "topics", type: "list", description: "topics", itemMaxLength: 249 };
    const long = `t${"x".repeat(249)}`;
    expect(parseOptionText(kafka, `ok,${long}`)).toEqual({ ok: false, problem: `"txxxxxxxxxxxxxxxxxxx…" is 250 characters long; at most 249 are allowed` });
    expect(parseOptionText({ ...kafka, itemHint: "must be a topic of at most 249 characters" }, long)).toEqual({
      ok: false,
      problem: `"txxxxxxxxxxxxxxxxxxx…" is 250 characters long; it must be a topic of at most 249 characters`,
    });
    expect(parseOptionText(kafka, long.slice(1))).toEqual({ ok: true, value: [long.slice(1)] });
  });
  it.each([
    ["order.created,order-created", '"order.created" and "order-created" clash: both give "order-created"'],
    ["order-created,order.created", '"order-created" and "order.created" clash: both give "order-created"'],
    ["order.created,order_created", '"order.created" and "order_created" clash: both give "order_created"'],
    ["a-b,x,a--b", '"a-b" and "a--b" clash: both give "a-b"'],
    ["a.1,a1", '"a.1" and "a1" clash: both give "a1"'],
    ["Orders,orders", '"Orders" and "orders" clash: both give "orders"'],
  ])("refuses items that give the same file or code name: %j", (text, problem) => {
    expect(parseOptionText({ key: "topics", type: "list", description: "topics" }, text)).toEqual({
      ok: false,
      problem: `${problem} in the file and code names made from them; keep only one of them`,
    });
  });
  it("accepts items whose names stay distinct in every case form", () => {
    expect(parseOptionText(topics, "order-created,order-cancelled,ordercreated")).toEqual({ ok: true, value: ["order-created", "order-cancelled", "ordercreated"] });
  });
  it("accepts anything without itemPattern", () => {
    expect(parseOptionText({ key: "tags", type: "list", description: "t" }, "A B,c")).toEqual({ ok: true, value: ["A B", "c"] });
  });
  it("splitList is the same split", () => {
    expect(splitList("x, y,x")).toEqual(["x", "y"]);
  });
});

describe("parseOptionText: choice", () => {
  it("accepts a listed choice exactly", () => {
    expect(parseOptionText(database, "mysql")).toEqual({ ok: true, value: "mysql" });
  });
  it.each(["Postgres", " mysql", "mongo", ""])("%j is refused", (text) => {
    expect(parseOptionText(database, text)).toEqual({ ok: false, problem: `${JSON.stringify(text)} is not one of postgres, mysql` });
  });
});

describe("parseOptionText: string", () => {
  it("accepts a value within maxLength that matches the pattern", () => {
    expect(parseOptionText(owner, "abc")).toEqual({ ok: true, value: "abc" });
    expect(parseOptionText(owner, "abcde")).toEqual({ ok: true, value: "abcde" });
  });
  it("keeps the text as typed (no trimming) when there is no pattern", () => {
    expect(parseOptionText({ key: "d", type: "string", description: "d" }, " say \"hi\" ")).toEqual({ ok: true, value: ' say "hi" ' });
  });
  it("refuses a value over maxLength", () => {
    expect(parseOptionText(owner, "abcdef")).toEqual({ ok: false, problem: "is 6 characters long; at most 5 are allowed" });
  });
  it("refuses a value that does not match, with the hint or the pattern", () => {
    expect(parseOptionText(owner, "ABC")).toEqual({ ok: false, problem: '"ABC" must be lowercase letters' });
    expect(parseOptionText({ ...owner, patternHint: undefined }, "ABC")).toEqual({ ok: false, problem: '"ABC" does not match /^[a-z]+$/' });
  });
  it.each(["a\nb", "a\rb", "a\u0000b"])("refuses %j: values must be a single line", (text) => {
    expect(parseOptionText({ key: "d", type: "string", description: "d" }, text)).toEqual({ ok: false, problem: "must be a single line" });
  });
});

describe("patterns are Unicode regular expressions", () => {
  it("a string pattern may use \\p{…} classes", () => {
    const person: StringOption = { key: "owner", type: "string", description: "owner", pattern: "^\\p{Lu}\\p{Ll}+$" };
    expect(parseOptionText(person, "Émile")).toEqual({ ok: true, value: "Émile" });
    expect(parseOptionText(person, "émile")).toEqual({ ok: false, problem: '"émile" does not match /^\\p{Lu}\\p{Ll}+$/' });
  });
  it("so may a list's itemPattern", () => {
    const names: ListOption = { key: "names", type: "list", description: "names", itemPattern: "^\\p{L}+$" };
    expect(parseOptionText(names, "Zoë,Ana")).toEqual({ ok: true, value: ["Zoë", "Ana"] });
  });
});

describe("list items in messages", () => {
  it("an item of 40 characters is quoted whole; a longer one is cut to 20", () => {
    const strict: ListOption = { key: "topics", type: "list", description: "t", itemPattern: "^[a-z]+$", itemHint: "must be lowercase" };
    const forty = `${"A".repeat(40)}`;
    expect(parseOptionText(strict, forty)).toEqual({ ok: false, problem: `"${forty}" must be lowercase` });
    expect(parseOptionText(strict, `${forty}B`)).toEqual({ ok: false, problem: `"${"A".repeat(20)}…" must be lowercase` });
  });
  it("the same item twice is no clash with itself", () => {
    expect(validateOptionValue({ key: "topics", type: "list", description: "t" }, ["order-created", "order-created"])).toBeUndefined();
  });
});

describe("validateOptionValue", () => {
  it("checks the value's type", () => {
    expect(validateOptionValue(owner, 3)).toBe("must be text");
    expect(validateOptionValue(port, "3")).toBe("must be a whole number");
    expect(validateOptionValue(port, 3.5)).toBe("must be a whole number");
    expect(validateOptionValue(withDocker, "true")).toBe("must be true or false");
    expect(validateOptionValue(topics, "a,b")).toBe("must be a comma-separated list");
    expect(validateOptionValue(database, 1)).toBe("1 is not one of postgres, mysql");
  });
  it("returns undefined for good values", () => {
    expect(validateOptionValue(owner, "abc")).toBeUndefined();
    expect(validateOptionValue(port, 3000)).toBeUndefined();
    expect(validateOptionValue(withDocker, false)).toBeUndefined();
    expect(validateOptionValue(topics, [])).toBeUndefined();
    expect(validateOptionValue(database, "postgres")).toBeUndefined();
  });
});

describe("flagName and formatOptionValue", () => {
  it("derives the kebab-case flag from the key", () => {
    expect(flagName(withDocker)).toBe("--with-docker");
    expect(flagName(port)).toBe("--port");
    expect(flagName({ ...port, key: "httpPort2" })).toBe("--http-port2");
  });
  it("shows lists comma-separated and scalars as text", () => {
    expect(formatOptionValue(["a", "b"])).toBe("a,b");
    expect(formatOptionValue([])).toBe("");
    expect(formatOptionValue(3000)).toBe("3000");
    expect(formatOptionValue(false)).toBe("false");
    expect(formatOptionValue("x y")).toBe("x y");
  });
});
