import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { docsUrl, repositoryFileUrl, repositoryWebUrl, ruleHelp } from "../../src/lint/docs.js";
import { RULES } from "../../src/lint/rules/index.js";

describe("[U] rule docs links come from package.json, never a made-up address", () => {
  it.each([
    [{ repository: "https://github.com/acme/tools" }, "https://github.com/acme/tools"],
    [{ repository: "git+https://github.com/acme/tools.git" }, "https://github.com/acme/tools"],
    [{ repository: "git+ssh://git@github.com/acme/tools.git" }, "https://github.com/acme/tools"],
    [{ repository: "github:acme/tools" }, "https://github.com/acme/tools"],
    [{ repository: "acme/tools" }, "https://github.com/acme/tools"],
    [{ repository: { url: "https://gitlab.com/acme/tools.git", directory: "packages/create-service" } }, "https://gitlab.com/acme/tools/tree/HEAD/packages/create-service"],
    [{ homepage: "https://github.com/acme/tools#readme" }, "https://github.com/acme/tools"],
    [{ homepage: "https://acme.example/tools" }, undefined],
    [{ repository: "https://git.example/acme/tools.git" }, undefined],
    [{}, undefined],
  ])("%j → %s", (pkg, expected) => {
    expect(repositoryWebUrl(pkg)).toBe(expected);
  });

  it("points at the file in the repository, also from a package folder of a monorepo", () => {
    expect(repositoryFileUrl("https://github.com/acme/tools", "docs/rules/x.md")).toBe("https://github.com/acme/tools/blob/HEAD/docs/rules/x.md");
    expect(repositoryFileUrl("https://gitlab.com/acme/tools/tree/HEAD/packages/cs", "docs/rules/x.md")).toBe("https://gitlab.com/acme/tools/blob/HEAD/packages/cs/docs/rules/x.md");
  });

  it("links this package's rules only as far as its package.json says where the repository is; help is each rule's page", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    const base = repositoryWebUrl(pkg);
    for (const rule of RULES) {
      expect(docsUrl(rule.meta.id)).toBe(base ? repositoryFileUrl(base, `docs/rules/${rule.meta.id}.md`) : undefined);
      expect(ruleHelp(rule.meta.id)).toMatch(new RegExp(`^# ${rule.meta.id}\\n`));
    }
  });
});
