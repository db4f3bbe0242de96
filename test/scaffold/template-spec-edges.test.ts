import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.js";
import { UsageError } from "../../src/shared/errors.js";
import { loadTemplateSpec, parseTemplateSpec, TEMPLATE_FILES_DIR, TEMPLATE_SPEC_FILE } from "../../src/scaffold/template-spec.js";
import { SMALL_SPEC } from "./template-fixture.js";

/** What template-spec.test.ts leaves open: the limits themselves (accepted), keys that are absent rather than undefined, and odd files. */

const base = { name: "t", version: "1.0.0" };
const option = (key: string, declaration: Record<string, unknown>) => parseTemplateSpec({ ...base, options: { [key]: declaration } }).options[0]!;
const problem = (raw: unknown): string => {
  try {
    parseTemplateSpec(raw);
  } catch (error) {
    return (error as Error).message;
  }
  return "no problem";
};

describe("parseTemplateSpec: the limits are accepted", () => {
  it("serviceName.maxLength 1 and 63", () => {
    expect(parseTemplateSpec({ ...base, serviceName: { maxLength: 1 } }).serviceName).toStrictEqual({ maxLength: 1 });
    expect(parseTemplateSpec({ ...base, serviceName: { maxLength: 63 } }).serviceName).toStrictEqual({ maxLength: 63 });
  });

  it("an integer option whose min equals its max, with the default at that value", () => {
    expect(option("port", { type: "integer", description: "d", min: 5, max: 5, default: 5 })).toMatchObject({ min: 5, max: 5, default: 5 });
  });

  it("an integer default at min and at max", () => {
    expect(option("port", { type: "integer", description: "d", min: 1, max: 9, default: 1 }).default).toBe(1);
    expect(option("port", { type: "integer", description: "d", min: 1, max: 9, default: 9 }).default).toBe(9);
  });

  it("itemMaxLength and minItems of 1", () => {
    expect(option("topics", { type: "list", description: "d", itemMaxLength: 1, minItems: 1 })).toMatchObject({ itemMaxLength: 1, minItems: 1 });
  });

  it("a derived integer default in range", () => {
    expect(option("port", { type: "integer", description: "d", default: "{{portFor name}}", min: 20000, max: 25999 }).default).toBe("{{portFor name}}");
  });
});

describe("parseTemplateSpec: absent settings are absent, not undefined", () => {
  it("no nextSteps key without nextSteps", () => {
    expect(Object.keys(parseTemplateSpec(base))).toEqual(["name", "version", "description", "serviceName", "options", "rename", "when", "changelog"]);
    expect(Object.keys(parseTemplateSpec({ ...base, nextSteps: "go" }))).toContain("nextSteps");
  });

  it("serviceName holds only the settings given", () => {
    expect(Object.keys(parseTemplateSpec({ ...base, serviceName: { takenHint: "why" } }).serviceName)).toEqual(["takenHint"]);
    expect(parseTemplateSpec({ ...base, serviceName: { taken: ["db"], maxLengthHint: "short" } }).serviceName).toStrictEqual({ maxLengthHint: "short", taken: ["db"] });
  });
});

describe("parseTemplateSpec: more problems, each named", () => {
  it.each([
    ["a changelog entry that is an empty line", { ...base, changelog: { "1.0.0": "" } }, "changelog.1.0.0: must be a line, or a list of lines, saying what changed"],
    ["a changelog entry with a blank line", { ...base, changelog: { "1.0.0": ["fine", "   "] } }, "changelog.1.0.0: must be a line, or a list of lines, saying what changed"],
    ["a changelog entry that is a number", { ...base, changelog: { "1.0.0": [1] } }, "changelog.1.0.0: must be a line, or a list of lines, saying what changed"],
    ["a changelog entry that is a mapping", { ...base, changelog: { "1.0.0": { a: "b" } } }, "changelog.1.0.0: must be a line, or a list of lines, saying what changed"],
    ["serviceName.taken with an empty name", { ...base, serviceName: { taken: ["db", ""] } }, "serviceName.taken: must be a list of names"],
    ["serviceName.taken with a number", { ...base, serviceName: { taken: [5] } }, "serviceName.taken: must be a list of names"],
    ["serviceName.maxLengthHint not text", { ...base, serviceName: { maxLengthHint: 5 } }, "serviceName.maxLengthHint: must be a string"],
    ["serviceName a list", { ...base, serviceName: [45] }, "serviceName: must be a mapping (maxLength, maxLengthHint, taken, takenHint)"],
    ["rename to a number", { ...base, rename: { _x: 5 } }, "rename._x: must be a plain file name"],
    ["a type that is not text", { ...base, options: { port: { type: 5, description: "d" } } }, "options.port.type: must be one of string, integer, boolean, choice, list"],
    ["a type inherited from Object", { ...base, options: { port: { type: "toString", description: "d" } } }, "options.port.type: must be one of string, integer, boolean, choice, list"],
    ["a derived default with text after the number", { ...base, options: { port: { type: "integer", description: "d", default: "{{portFor name}}0x" } } }, 'options.port.default: "{{portFor name}}0x" gives "218620x" for the name "service", not a whole number; use a number or "{{portFor name}}"'],
    ["a derived default with text before the number", { ...base, options: { port: { type: "integer", description: "d", default: "x{{portFor name}}" } } }, 'options.port.default: "x{{portFor name}}" gives "x21862" for the name "service", not a whole number; use a number or "{{portFor name}}"'],
    ["a pattern only valid without Unicode mode", { ...base, options: { owner: { type: "string", description: "d", pattern: "\\a" } } }, "options.owner.pattern: not a valid regular expression"],
    ["an itemPattern only valid without Unicode mode", { ...base, options: { topics: { type: "list", description: "d", itemPattern: "[\\w-a]" } } }, "options.topics.itemPattern: not a valid regular expression"],
    ["a default with a pattern hint", { ...base, options: { owner: { type: "string", description: "d", pattern: "^[a-z]+$", patternHint: "must be lowercase", default: "ABC" } } }, 'options.owner.default: "ABC" must be lowercase'],
    ["minItems as text", { ...base, options: { topics: { type: "list", description: "d", minItems: "2" } } }, "options.topics.minItems: must be a whole number"],
    ["a negative itemMaxLength", { ...base, options: { topics: { type: "list", description: "d", itemMaxLength: -1 } } }, "options.topics.itemMaxLength: must be 1 or more"],
    ["a choice default that is not text", { ...base, options: { db: { type: "choice", description: "d", choices: ["pg"], default: 1 } } }, "options.db.default: must be a string"],
    ["a string default that is not text", { ...base, options: { owner: { type: "string", description: "d", default: 1 } } }, "options.owner.default: must be a string"],
    ["a fractional max", { ...base, options: { port: { type: "integer", description: "d", max: 1.5 } } }, "options.port.max: must be a whole number"],
    ["an empty description", { ...base, options: { port: { type: "integer", description: "" } } }, "options.port.description: required, and must be a non-empty string"],
    ["a when on an option list with an unknown one", { ...base, options: { a: { type: "boolean", description: "d" } }, when: { x: "a|b" } }, 'when.x: "b" is not an option of this template'],
  ])("%s", (_title, raw, message) => {
    expect(problem(raw)).toBe(message);
  });

  it("names the first unknown top-level key of several", () => {
    expect(problem({ ...base, zeta: 1, alpha: 2 })).toBe("zeta: unknown key; allowed are name, version, description, serviceName, options, rename, when, nextSteps, changelog");
  });

  it("takes a choice option with its default, and a boolean without one", () => {
    expect(option("db", { type: "choice", description: "d", choices: ["pg", "my"], default: "my" })).toStrictEqual({ key: "db", type: "choice", description: "d", prompt: undefined, choices: ["pg", "my"], default: "my" });
    expect(option("on", { type: "boolean", description: "d", default: false })).toStrictEqual({ key: "on", type: "boolean", description: "d", prompt: undefined, default: false });
  });
});

describe("loadTemplateSpec: odd files", () => {
  const usageMessage = (run: () => unknown): string => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    return "no error";
  };

  it("a path through a file is a missing folder", () => {
    const file = join(tempDir(), "plain.txt");
    writeFileSync(file, "x");
    expect(usageMessage(() => loadTemplateSpec(join(file, "sub")))).toBe(`--template ${join(file, "sub")}: no such folder; pass the path of a folder that holds ${TEMPLATE_SPEC_FILE} and ${TEMPLATE_FILES_DIR}/`);
  });

  it("a template.yaml that is neither file nor folder (a FIFO) is not a template.yaml, and is never read", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "files"));
    execFileSync("mkfifo", [join(dir, "template.yaml")]);
    expect(usageMessage(() => loadTemplateSpec(dir))).toBe(`--template ${dir}: no template.yaml in it; a template folder needs template.yaml (its options) and files/ (its files)`);
  });

  it("a link to a template folder is followed", () => {
    const real = tempDir();
    writeFileSync(join(real, "template.yaml"), SMALL_SPEC);
    mkdirSync(join(real, "files"));
    const link = join(tempDir(), "linked");
    symlinkSync(real, link);
    expect(loadTemplateSpec(link).name).toBe("small");
  });

  it("shows the first line of a YAML error only", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "files"));
    writeFileSync(join(dir, "template.yaml"), "name: t\nversion: 1.0.0\noptions: [\n");
    const message = usageMessage(() => loadTemplateSpec(dir));
    expect(message).not.toContain("\n");
    expect(message.startsWith(`${join(dir, "template.yaml")}: not valid YAML (`)).toBe(true);
  });
});
