import { describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.js";
import { UsageError } from "../../src/shared/errors.js";
import { loadTemplateSpec, parseTemplateSpec, RESERVED_OPTION_KEYS } from "../../src/scaffold/template-spec.js";
import { SMALL_SPEC, writeTemplate } from "./template-fixture.js";

const base = { name: "t", version: "1.0.0" };
const withOption = (key: string, declaration: unknown) => ({ ...base, options: { [key]: declaration } });

/** The message parseTemplateSpec throws for `raw`. */
function problem(raw: unknown): string {
  try {
    parseTemplateSpec(raw);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("expected parseTemplateSpec to throw");
}

describe("parseTemplateSpec: good declarations", () => {
  it("parses every option type with its settings, in declaration order", () => {
    const spec = parseTemplateSpec({
      name: "service",
      version: "0.1.0",
      description: "A service",
      options: {
        port: { type: "integer", description: "port", prompt: "Port?", default: 3000, min: 1, max: 65535 },
        owner: { type: "string", description: "team", default: "{{name}}-team", pattern: "^[a-z-]+$", patternHint: "must be kebab-case", maxLength: 40 },
        withDocker: { type: "boolean", description: "docker", default: true },
        database: { type: "choice", description: "db", choices: ["postgres", "mysql"], default: "postgres" },
        topics: { type: "list", description: "topics", default: ["a", "b"], itemPattern: "^[a-z]+$", itemHint: "lowercase", itemMaxLength: 249 },
      },
      rename: { _dockerignore: ".dockerignore" },
    });
    expect(spec).toEqual({
      name: "service",
      version: "0.1.0",
      description: "A service",
      options: [
        { key: "port", type: "integer", description: "port", prompt: "Port?", default: 3000, min: 1, max: 65535 },
        { key: "owner", type: "string", description: "team", prompt: undefined, default: "{{name}}-team", pattern: "^[a-z-]+$", patternHint: "must be kebab-case", maxLength: 40 },
        { key: "withDocker", type: "boolean", description: "docker", prompt: undefined, default: true },
        { key: "database", type: "choice", description: "db", prompt: undefined, choices: ["postgres", "mysql"], default: "postgres" },
        { key: "topics", type: "list", description: "topics", prompt: undefined, default: ["a", "b"], itemPattern: "^[a-z]+$", itemHint: "lowercase", itemMaxLength: 249 },
      ],
      rename: { _gitignore: ".gitignore", _npmrc: ".npmrc", _dockerignore: ".dockerignore" },
      when: [],
      serviceName: {},
      changelog: [],
    });
    expect(spec.options.map((option) => option.key)).toEqual(["port", "owner", "withDocker", "database", "topics"]);
  });

  it("defaults description, options and rename", () => {
    expect(parseTemplateSpec(base)).toEqual({ ...base, description: "", options: [], rename: { _gitignore: ".gitignore", _npmrc: ".npmrc" }, when: [], serviceName: {}, changelog: [] });
    expect(parseTemplateSpec({ ...base, options: null }).options).toEqual([]);
  });

  it("parses changelog: one line or a list per version, newest first; a bad version or an empty entry is named", () => {
    const spec = parseTemplateSpec({ ...base, changelog: { "0.2.0": ["adds x", "bumps y"], "0.10.0": "drops z" } });
    expect(spec.changelog).toEqual([{ version: "0.10.0", changes: ["drops z"] }, { version: "0.2.0", changes: ["adds x", "bumps y"] }]);
    expect(() => parseTemplateSpec({ ...base, changelog: { next: "x" } })).toThrow("changelog.next: not a version such as 0.2.0");
    expect(() => parseTemplateSpec({ ...base, changelog: { "1.0.0": [] } })).toThrow("changelog.1.0.0: must be a line, or a list of lines, saying what changed");
    expect(() => parseTemplateSpec({ ...base, changelog: ["1.0.0: x"] })).toThrow("changelog: must map each version");
  });

  it("parses serviceName: a shorter limit and names the template takes, each with why", () => {
    const serviceName = { maxLength: 45, maxLengthHint: "tables are <name>_...", taken: ["postgres"], takenHint: "a compose service" };
    expect(parseTemplateSpec({ ...base, serviceName }).serviceName).toEqual(serviceName);
    expect(parseTemplateSpec({ ...base, serviceName: { maxLength: 30 } }).serviceName).toEqual({ maxLength: 30 });
  });

  it("lets rename override the built-in renames", () => {
    expect(parseTemplateSpec({ ...base, rename: { _gitignore: ".gitignore-custom" } }).rename._gitignore).toBe(".gitignore-custom");
  });

  it("parses when: conditions, with ! for 'only when not set'", () => {
    const spec = parseTemplateSpec({
      ...base,
      options: { withDocker: { type: "boolean", description: "d" }, withKube: { type: "boolean", description: "k" } },
      when: { "Dockerfile*": "withDocker", "docs/no-docker.md": "!withDocker", "deploy/**": "withDocker|withKube", "docs/local.md": "!withDocker | withKube" },
    });
    expect(spec.when).toEqual([
      { glob: "Dockerfile*", anyOf: ["withDocker"], negate: false },
      { glob: "docs/no-docker.md", anyOf: ["withDocker"], negate: true },
      { glob: "deploy/**", anyOf: ["withDocker", "withKube"], negate: false },
      { glob: "docs/local.md", anyOf: ["withDocker", "withKube"], negate: true },
    ]);
  });

  it("takes an integer default derived from the name, and nextSteps", () => {
    const spec = parseTemplateSpec({ ...withOption("port", { type: "integer", description: "d", default: "{{portFor name}}", min: 1, max: 65535 }), nextSteps: "npm run dev serves {{name}} on {{port}}" });
    expect(spec.options[0]?.default).toBe("{{portFor name}}");
    expect(spec.nextSteps).toBe("npm run dev serves {{name}} on {{port}}");
    expect(parseTemplateSpec(withOption("port", { type: "integer", description: "d" })).nextSteps).toBeUndefined();
  });

  it("does not check a string default that still holds {{name}} against the pattern", () => {
    const spec = parseTemplateSpec(withOption("owner", { type: "string", description: "d", pattern: "^[a-z-]+$", default: "{{name}}-team" }));
    expect(spec.options[0]?.default).toBe("{{name}}-team");
  });
});

describe("parseTemplateSpec: each problem names its key path", () => {
  it.each([
    ["not a mapping", [], "must be a mapping with name, version and options"],
    ["null", null, "must be a mapping with name, version and options"],
    ["no name", { version: "1" }, "name: required, and must be a non-empty string"],
    ["blank name", { name: "  ", version: "1" }, "name: required, and must be a non-empty string"],
    ["numeric version (YAML 1.0)", { name: "t", version: 1 }, "version: required, and must be a non-empty string"],
    ["description not text", { ...base, description: 5 }, "description: must be a string"],
    ["options a list", { ...base, options: [] }, "options: must be a mapping of option name to its declaration"],
    ["unknown top-level key", { ...base, flags: {} }, "flags: unknown key; allowed are name, version, description, serviceName, options, rename, when, nextSteps, changelog"],
    ["serviceName not a mapping", { ...base, serviceName: 45 }, "serviceName: must be a mapping (maxLength, maxLengthHint, taken, takenHint)"],
    ["serviceName unknown key", { ...base, serviceName: { max: 45 } }, "serviceName.max: unknown key; allowed are maxLength, maxLengthHint, taken, takenHint"],
    ["serviceName.maxLength 0", { ...base, serviceName: { maxLength: 0 } }, "serviceName.maxLength: must be 1-63 (a service name is a DNS label)"],
    ["serviceName.maxLength 64", { ...base, serviceName: { maxLength: 64 } }, "serviceName.maxLength: must be 1-63 (a service name is a DNS label)"],
    ["serviceName.maxLength text", { ...base, serviceName: { maxLength: "45" } }, "serviceName.maxLength: must be a whole number"],
    ["serviceName.taken not a list", { ...base, serviceName: { taken: "postgres" } }, "serviceName.taken: must be a list of names"],
    ["serviceName.takenHint not text", { ...base, serviceName: { takenHint: 1 } }, "serviceName.takenHint: must be a string"],
    ["nextSteps not text", { ...base, nextSteps: ["npm run dev"] }, "nextSteps: must be a string"],
    ["rename not a mapping", { ...base, rename: ["_x"] }, "rename: must map template file names to output names"],
    ["rename to a path", { ...base, rename: { _x: "a/b" } }, "rename._x: must be a plain file name"],
    ["rename to nothing", { ...base, rename: { _x: "" } }, "rename._x: must be a plain file name"],
    ["when not a mapping", { ...base, when: ["x"] }, "when: must map a file glob to the option that must be set (or !option)"],
    ["when on a non-option", { ...base, when: { "Dockerfile": "withDocker" } }, 'when.Dockerfile: "withDocker" is not an option of this template'],
    ["when not text", { ...base, when: { "Dockerfile": true } }, "when.Dockerfile: must be an option name, a|b for any of several, or !name"],
  ])("%s", (_title, raw, message) => {
    expect(problem(raw)).toBe(message);
  });

  it.each([
    ["kebab-case name", "my-port", { type: "integer", description: "d" }, "options.my-port: option names are camelCase (letters and digits, starting with a lowercase letter)"],
    ["capitalised name", "Port", { type: "integer", description: "d" }, "options.Port: option names are camelCase (letters and digits, starting with a lowercase letter)"],
    ["a number", "port", 3000, "options.port: must be a mapping with at least type and description"],
    ["null", "port", null, "options.port: must be a mapping with at least type and description"],
    ["no type", "port", { description: "d" }, "options.port.type: must be one of string, integer, boolean, choice, list"],
    ["unknown type", "port", { type: "number", description: "d" }, "options.port.type: must be one of string, integer, boolean, choice, list"],
    ["setting of another type", "port", { type: "integer", description: "d", choices: ["1"] }, "options.port.choices: not a setting of a integer option; allowed are type, description, prompt, default, min, max"],
    ["no description", "port", { type: "integer" }, "options.port.description: required, and must be a non-empty string"],
    ["prompt not text", "port", { type: "integer", description: "d", prompt: 1 }, "options.port.prompt: must be a string"],
    ["integer default as text", "port", { type: "integer", description: "d", default: "3000" }, "options.port.default: must be a whole number"],
    ["integer default derived as text", "port", { type: "integer", description: "d", default: "{{kebab name}}" }, 'options.port.default: "{{kebab name}}" gives "service" for the name "service", not a whole number; use a number or "{{portFor name}}"'],
    ["integer default derived out of range", "port", { type: "integer", description: "d", default: "{{portFor name}}", max: 20000 }, 'options.port.default: "{{portFor name}}" for the name "service": 21862 is out of range; use 20000 or less'],
    ["fractional default", "port", { type: "integer", description: "d", default: 3.5 }, "options.port.default: must be a whole number"],
    ["fractional min", "port", { type: "integer", description: "d", min: 0.5 }, "options.port.min: must be a whole number"],
    ["min above max", "port", { type: "integer", description: "d", min: 10, max: 1 }, "options.port.min: is above max (1), so no value would be accepted"],
    ["default below min", "port", { type: "integer", description: "d", default: 0, min: 1, max: 65535 }, "options.port.default: is below min (1)"],
    ["default above max", "port", { type: "integer", description: "d", default: 70000, min: 1, max: 65535 }, "options.port.default: is above max (65535)"],
    ["boolean default as text", "withDocker", { type: "boolean", description: "d", default: "yes" }, "options.withDocker.default: must be true or false"],
    ["itemMaxLength of 0", "topics", { type: "list", description: "d", itemMaxLength: 0 }, "options.topics.itemMaxLength: must be 1 or more"],
    ["minItems of 0", "topics", { type: "list", description: "d", minItems: 0 }, "options.topics.minItems: must be 1 or more"],
    ["a default with fewer items than minItems", "topics", { type: "list", description: "d", minItems: 2, default: ["a"] }, "options.topics.default: needs at least 2 items, comma-separated"],
    ["itemMaxLength as text", "topics", { type: "list", description: "d", itemMaxLength: "249" }, "options.topics.itemMaxLength: must be a whole number"],
    ["list default over itemMaxLength", "topics", { type: "list", description: "d", itemMaxLength: 2, default: ["abc"] }, 'options.topics.default: "abc" is 3 characters long; at most 2 are allowed'],
    ["list default with a clash", "topics", { type: "list", description: "d", default: ["a.b", "a-b"] }, 'options.topics.default: "a.b" and "a-b" clash: both give "a-b" in the file and code names made from them; keep only one of them'],
    ["no choices", "database", { type: "choice", description: "d" }, "options.database.choices: must be a non-empty list of strings"],
    ["empty choices", "database", { type: "choice", description: "d", choices: [] }, "options.database.choices: must be a non-empty list of strings"],
    ["a non-text choice", "database", { type: "choice", description: "d", choices: ["pg", 1] }, "options.database.choices: must be a non-empty list of strings"],
    ["default not a choice", "database", { type: "choice", description: "d", choices: ["postgres", "mysql"], default: "mongo" }, "options.database.default: must be one of the choices (postgres, mysql)"],
    ["list default as text", "topics", { type: "list", description: "d", default: "a,b" }, "options.topics.default: must be a list of strings"],
    ["list default with a number", "topics", { type: "list", description: "d", default: ["a", 1] }, "options.topics.default: must be a list of strings"],
    ["list default against itemPattern", "topics", { type: "list", description: "d", itemPattern: "^[a-z]+$", itemHint: "must be lowercase", default: ["ok", "Bad"] }, 'options.topics.default: "Bad" must be lowercase'],
    ["bad itemPattern", "topics", { type: "list", description: "d", itemPattern: "[" }, "options.topics.itemPattern: not a valid regular expression"],
    ["bad pattern", "owner", { type: "string", description: "d", pattern: "(" }, "options.owner.pattern: not a valid regular expression"],
    ["string default against pattern", "owner", { type: "string", description: "d", pattern: "^[a-z]+$", default: "ABC" }, 'options.owner.default: "ABC" does not match /^[a-z]+$/'],
    ["string default against maxLength", "owner", { type: "string", description: "d", maxLength: 2, default: "abc" }, "options.owner.default: is 3 characters long; at most 2 are allowed"],
    ["multi-line string default", "owner", { type: "string", description: "d", default: "a\nb" }, "options.owner.default: must be a single line"],
    ["fractional maxLength", "owner", { type: "string", description: "d", maxLength: 1.5 }, "options.owner.maxLength: must be a whole number"],
  ])("%s", (_title, key, declaration, message) => {
    expect(problem(withOption(key, declaration))).toBe(message);
  });

  it.each([...RESERVED_OPTION_KEYS])("reserves the create-service flag %j", (key) => {
    expect(problem(withOption(key, { type: "string", description: "d" }))).toBe(
      `options.${key}: "${key}" is a create-service flag; give the option another name`,
    );
  });

  it("reserves the flags the CLI owns", () => {
    for (const key of ["name", "dir", "yes", "dryRun", "force", "skipInstall", "skipGit", "template", "json", "quiet", "version", "help"]) {
      expect(RESERVED_OPTION_KEYS.has(key)).toBe(true);
    }
  });

  it.each(["constructor", "toString", "valueOf", "hasOwnProperty"])("refuses the built-in property name %j", (key) => {
    expect(problem(withOption(key, { type: "string", description: "d" }))).toBe(
      `options.${key}: "${key}" is a built-in JavaScript property name; give the option another name`,
    );
  });
});

describe("loadTemplateSpec", () => {
  const expectUsage = (run: () => unknown, message: string | RegExp): void => {
    let caught: unknown;
    try {
      run();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    const text = (caught as Error).message;
    expect(text).not.toContain("\n");
    if (typeof message === "string") expect(text).toBe(message);
    else expect(text).toMatch(message);
  };

  it("loads a folder and records where it is", () => {
    const dir = writeTemplate({ "a.txt": "a" });
    const spec = loadTemplateSpec(dir);
    expect(spec.dir).toBe(dir);
    expect(spec.name).toBe("small");
    expect(spec.version).toBe("1.2.3");
    expect(spec.options.map((option) => option.key)).toEqual(["description"]);
  });

  it("loads the built-in template", () => {
    const spec = loadTemplateSpec(join(import.meta.dirname, "../../templates/service"));
    expect(spec.name).toBe("service");
    expect(spec.options.length).toBeGreaterThan(0);
    expect(spec.serviceName.maxLength).toBe(45);
  });

  it("refuses a missing folder", () => {
    const dir = join(tempDir(), "nope");
    expectUsage(() => loadTemplateSpec(dir), `--template ${dir}: no such folder; pass the path of a folder that holds template.yaml and files/`);
  });

  it("shows the path as the user typed it", () => {
    const dir = join(tempDir(), "nope");
    expectUsage(() => loadTemplateSpec(dir, "./nope"), "--template ./nope: no such folder; pass the path of a folder that holds template.yaml and files/");
  });

  it("refuses a file", () => {
    const file = join(tempDir(), "template.yaml");
    writeFileSync(file, SMALL_SPEC);
    expectUsage(() => loadTemplateSpec(file), `--template ${file}: not a folder; pass the path of a folder that holds template.yaml and files/`);
  });

  it("refuses a folder without template.yaml", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "files"));
    expectUsage(() => loadTemplateSpec(dir), `--template ${dir}: no template.yaml in it; a template folder needs template.yaml (its options) and files/ (its files)`);
  });

  it("refuses a folder whose template.yaml is a folder", () => {
    const dir = tempDir();
    mkdirSync(join(dir, "files"));
    mkdirSync(join(dir, "template.yaml"));
    expectUsage(() => loadTemplateSpec(dir), `--template ${dir}: no template.yaml in it; a template folder needs template.yaml (its options) and files/ (its files)`);
  });

  it("refuses a folder without files/", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "template.yaml"), SMALL_SPEC);
    expectUsage(() => loadTemplateSpec(dir), `--template ${dir}: no files/ folder in it; put the files to generate under ${join(dir, "files")}`);
  });

  it("refuses a files/ that is a file", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "template.yaml"), SMALL_SPEC);
    writeFileSync(join(dir, "files"), "");
    expectUsage(() => loadTemplateSpec(dir), `--template ${dir}: no files/ folder in it; put the files to generate under ${join(dir, "files")}`);
  });

  it.each([
    ["an unclosed list", "name: t\nversion: 1.0.0\noptions: [\n"],
    ["a duplicate key", "name: t\nname: u\nversion: 1.0.0\n"],
    ["a tab indent", "name: t\noptions:\n\tport: 1\n"],
  ])("refuses invalid YAML (%s) in one line", (_title, yaml) => {
    const dir = writeTemplate({ "a.txt": "a" }, yaml);
    expectUsage(() => loadTemplateSpec(dir), new RegExp(`^${escape(join(dir, "template.yaml"))}: not valid YAML \\(.+\\); fix the file or pass another --template$`));
  });

  it("prefixes a declaration problem with the file", () => {
    const dir = writeTemplate({ "a.txt": "a" }, "name: t\nversion: 1.0.0\noptions:\n  port:\n    type: number\n    description: p\n");
    expectUsage(() => loadTemplateSpec(dir), `${join(dir, "template.yaml")}: options.port.type: must be one of string, integer, boolean, choice, list`);
  });

  it("refuses an empty template.yaml", () => {
    const dir = writeTemplate({ "a.txt": "a" }, "");
    expectUsage(() => loadTemplateSpec(dir), `${join(dir, "template.yaml")}: must be a mapping with name, version and options`);
  });
});

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
