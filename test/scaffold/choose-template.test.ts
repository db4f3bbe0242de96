import { describe, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.js";
import { UsageError } from "../../src/shared/errors.js";
import { BUILTIN_TEMPLATES, DEFAULT_TEMPLATE, builtinNames, builtinTemplateDir, chooseTemplate } from "../../src/scaffold/builtin-templates.js";
import { loadTemplateSpec } from "../../src/scaffold/template-spec.js";

const REPO = join(import.meta.dirname, "../..");
const NOT_FOUND = (name: string) => `--template ${name}: no built-in template or folder of that name; choose service or gateway, or pass the path of a template folder (template.yaml and files/)`;

describe("the built-in templates", () => {
  it("are service (the default) and gateway, each a folder under templates/ whose template.yaml has its name", () => {
    expect(BUILTIN_TEMPLATES.map((template) => template.name)).toEqual(["service", "gateway"]);
    expect(DEFAULT_TEMPLATE).toBe("service");
    expect(builtinNames()).toBe("service or gateway");
    for (const { name } of BUILTIN_TEMPLATES) {
      expect(builtinTemplateDir(name)).toBe(join(REPO, "templates", name));
      expect(loadTemplateSpec(builtinTemplateDir(name)).name).toBe(name);
    }
  });
});

describe("chooseTemplate", () => {
  it("takes the default built-in template without --template", () => {
    expect(chooseTemplate(undefined, tempDir())).toEqual({ dir: join(REPO, "templates", "service") });
  });

  it("takes a built-in name over a folder of that name in the current folder; ./name picks the folder", () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "gateway"));
    expect(chooseTemplate("gateway", cwd)).toEqual({ dir: join(REPO, "templates", "gateway") });
    expect(chooseTemplate("./gateway", cwd)).toEqual({ dir: join(cwd, "gateway"), shownAs: "./gateway" });
  });

  it("takes a bare word that names a folder in the current folder, resolved from there", () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "mine"));
    expect(chooseTemplate("mine", cwd)).toEqual({ dir: join(cwd, "mine"), shownAs: "mine" });
  });

  it("refuses a bare word that is neither a built-in template nor a folder, naming both kinds", () => {
    let caught: unknown;
    try {
      chooseTemplate("servcie", tempDir());
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toBe(NOT_FOUND("servcie"));
  });

  it.each([["a relative path", "templates/mine"], ["a dotted name", ".mine"], ["a Windows-style path", "templates\\mine"]])(
    "leaves %s that does not exist to the template loader, which says what is missing",
    (_title, value) => {
      const cwd = tempDir();
      expect(chooseTemplate(value, cwd)).toEqual({ dir: join(cwd, value), shownAs: value });
    },
  );

  it("leaves an absolute path as it is", () => {
    const missing = join(tempDir(), "nowhere");
    expect(chooseTemplate(missing, "/")).toEqual({ dir: missing, shownAs: missing });
  });
});
