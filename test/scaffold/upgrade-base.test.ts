import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { tempDir } from "../helpers/temp.js";
import { UsageError } from "../../src/shared/errors.js";
import { findBaseTemplate } from "../../src/scaffold/upgrade-base.js";
import { templateFromGit } from "../../src/scaffold/template-git.js";
import { loadTemplateSpec } from "../../src/scaffold/template-spec.js";
import { SMALL_SPEC, writeTemplate } from "./template-fixture.js";

/**
 * Where `create-service upgrade` finds the template a service was generated with: --from, the template's
 * history/ patches, or its folder's git history (a real repository per test, tags and commits made here).
 */

const BUILTIN = join(import.meta.dirname, "../../templates/service");

function gitEnv(): NodeJS.ProcessEnv {
  const home = tempDir("create-service-home-");
  writeFileSync(join(home, "gitconfig"), "[user]\n\tname = Test\n\temail = test@example.com\n");
  return { PATH: process.env.PATH, HOME: home, GIT_CONFIG_GLOBAL: join(home, "gitconfig"), GIT_CONFIG_NOSYSTEM: "1" };
}

const specText = (version: string, name = "small"): string => SMALL_SPEC.replace("name: small", `name: ${name}`).replace("version: 1.2.3", `version: ${version}`);

/** A git repository with the template in `prefix` ("" for the top); each step writes files and commits them. */
class TemplateRepo {
  readonly top = tempDir("create-service-template-repo-");
  readonly env = gitEnv();
  constructor(readonly prefix: string) {
    this.git("init", "--quiet");
  }
  get dir(): string {
    return join(this.top, this.prefix);
  }
  git(...args: string[]): string {
    return execFileSync("git", args, { cwd: this.top, env: this.env, encoding: "utf8" }).trim();
  }
  commit(files: Record<string, string>, message: string): string {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(this.dir, path, ".."), { recursive: true });
      writeFileSync(join(this.dir, path), content);
    }
    this.git("add", "-A");
    this.git("commit", "--quiet", "-m", message);
    return this.git("rev-parse", "HEAD");
  }
}

const read = (dir: string, path: string): string => readFileSync(join(dir, path), "utf8");

describe("templateFromGit", () => {
  it("takes the last commit at which template.yaml still had the version: the one before the commit that moved it on", async () => {
    const repo = new TemplateRepo("templates/svc");
    repo.commit({ "template.yaml": specText("1.0.0"), "files/a.txt": "first" }, "1.0.0");
    const fix = repo.commit({ "files/a.txt": "fixed in 1.0.0" }, "a fix, still 1.0.0");
    repo.commit({ "template.yaml": specText("1.1.0"), "files/a.txt": "1.1.0's" }, "1.1.0");
    repo.commit({ "files/a.txt": "after 1.1.0" }, "later work");

    const found = await templateFromGit(repo.dir, "small", "1.0.0");
    expect(found?.commit).toBe(fix);
    expect(read(found!.dir, "files/a.txt")).toBe("fixed in 1.0.0");
    expect(read(found!.dir, "template.yaml")).toBe(specText("1.0.0"));
    // Only the template's folder, not the repository around it.
    expect(existsSync(join(found!.dir, "templates"))).toBe(false);
    rmSync(found!.dir, { recursive: true, force: true });
  });

  it("takes HEAD when the version asked for is the newest", async () => {
    const repo = new TemplateRepo("tpl");
    repo.commit({ "template.yaml": specText("1.0.0"), "files/a.txt": "one" }, "1.0.0");
    const head = repo.commit({ "files/a.txt": "two" }, "more 1.0.0");
    const found = await templateFromGit(repo.dir, "small", "1.0.0");
    expect(found?.commit).toBe(head);
    expect(read(found!.dir, "files/a.txt")).toBe("two");
  });

  it("reads a template at the top of its repository", async () => {
    const repo = new TemplateRepo("");
    const first = repo.commit({ "template.yaml": specText("1.0.0"), "files/a.txt": "top" }, "1.0.0");
    repo.commit({ "template.yaml": specText("2.0.0") }, "2.0.0");
    const found = await templateFromGit(repo.dir, "small", "1.0.0");
    expect(found?.commit).toBe(first);
    expect(read(found!.dir, "files/a.txt")).toBe("top");
    expect(read(found!.dir, "template.yaml")).toBe(specText("1.0.0"));
  });

  it.each(["v1.0.0", "1.0.0", "small@1.0.0", "small-v1.0.0"])("prefers the tag %s to the last commit at the version", async (tag) => {
    const repo = new TemplateRepo("t");
    const tagged = repo.commit({ "template.yaml": specText("1.0.0"), "files/a.txt": "released" }, "1.0.0");
    repo.git("tag", tag);
    repo.commit({ "files/a.txt": "after the release" }, "still 1.0.0");
    repo.commit({ "template.yaml": specText("1.1.0") }, "1.1.0");
    const found = await templateFromGit(repo.dir, "small", "1.0.0");
    expect(found?.commit).toBe(tagged);
    expect(read(found!.dir, "files/a.txt")).toBe("released");
  });

  it("ignores a tag of another template's name, and a tag on a commit of another version", async () => {
    const repo = new TemplateRepo("t");
    const first = repo.commit({ "template.yaml": specText("1.0.0"), "files/a.txt": "released" }, "1.0.0");
    repo.git("tag", "other@1.0.0");
    const last = repo.commit({ "files/a.txt": "later 1.0.0" }, "still 1.0.0");
    const moved = repo.commit({ "template.yaml": specText("1.1.0") }, "1.1.0");
    repo.git("tag", "v1.0.0", moved);
    const found = await templateFromGit(repo.dir, "small", "1.0.0");
    expect(found?.commit).toBe(last);
    expect(first).not.toBe(last);
  });

  it("skips a commit whose template.yaml does not parse or has no version", async () => {
    const repo = new TemplateRepo("t");
    repo.commit({ "template.yaml": specText("1.0.0"), "files/a.txt": "good" }, "1.0.0");
    const broken = repo.commit({ "template.yaml": "name: [unclosed\n" }, "broken");
    repo.commit({ "template.yaml": "name: small\n" }, "no version");
    repo.commit({ "template.yaml": specText("1.1.0") }, "1.1.0");
    const found = await templateFromGit(repo.dir, "small", "1.0.0");
    expect(found).toBeDefined();
    expect(repo.git("rev-parse", `${broken}^1`)).toBe(found!.commit);
    expect(read(found!.dir, "files/a.txt")).toBe("good");
  });

  it("gives undefined for a version the history never had, and for a folder outside git", async () => {
    const repo = new TemplateRepo("t");
    repo.commit({ "template.yaml": specText("1.0.0"), "files/a.txt": "x" }, "1.0.0");
    await expect(templateFromGit(repo.dir, "small", "0.9.0")).resolves.toBeUndefined();
    await expect(templateFromGit(tempDir(), "small", "1.0.0")).resolves.toBeUndefined();
  });

  it("gives undefined in a repository without commits", async () => {
    const repo = new TemplateRepo("t");
    mkdirSync(repo.dir, { recursive: true });
    await expect(templateFromGit(repo.dir, "small", "1.0.0")).resolves.toBeUndefined();
  });
});

describe("findBaseTemplate", () => {
  it("takes --from when it holds the same template at the service's version, and leaves that folder alone", async () => {
    const current = loadTemplateSpec(writeTemplate({ "a.txt": "new" }, specText("2.0.0")));
    const old = writeTemplate({ "a.txt": "old" }, specText("1.0.0"));
    const cwd = join(old, "..");
    const from = relative(cwd, old);
    const base = await findBaseTemplate(current, "1.0.0", from, cwd);
    expect(base.source).toBe(`--from ${from}`);
    expect(base.spec.dir).toBe(old);
    expect(base.spec.version).toBe("1.0.0");
    base.dispose();
    expect(existsSync(old)).toBe(true);
  });

  it.each([
    ["another version", specText("1.1.0"), "--from OLD is template small 1.1.0, but the service was generated with small 1.0.0; pass the folder of that version"],
    ["another template", specText("1.0.0", "other"), "--from OLD is template other 1.0.0, but the service was generated with small 1.0.0; pass the folder of that version"],
  ])("refuses --from holding %s", async (_title, spec, message) => {
    const current = loadTemplateSpec(writeTemplate({ "a.txt": "new" }, specText("2.0.0")));
    const old = writeTemplate({ "a.txt": "old" }, spec);
    const cwd = join(old, "..");
    const from = relative(cwd, old);
    await expect(findBaseTemplate(current, "1.0.0", from, cwd)).rejects.toThrow(new UsageError(message.replace("OLD", from)));
  });

  it("rebuilds a built-in template's release from history/, and removes the rebuilt folder on dispose", async () => {
    const current = loadTemplateSpec(BUILTIN);
    const base = await findBaseTemplate(current, "0.1.0", undefined, process.cwd());
    expect(base.source).toBe("history/0.1.0.patch");
    expect(base.spec.name).toBe("service");
    expect(base.spec.version).toBe("0.1.0");
    expect(base.spec.dir).not.toBe(BUILTIN);
    expect(existsSync(join(base.spec.dir, "files"))).toBe(true);
    base.dispose();
    expect(existsSync(base.spec.dir)).toBe(false);
  });

  it("falls back to the template's git history, naming the commit, and removes the checkout on dispose", async () => {
    const repo = new TemplateRepo("templates/small");
    const release = repo.commit({ "template.yaml": specText("1.0.0"), "files/a.txt": "one" }, "1.0.0");
    repo.commit({ "template.yaml": specText("2.0.0"), "files/a.txt": "two" }, "2.0.0");
    const current = loadTemplateSpec(repo.dir);
    const base = await findBaseTemplate(current, "1.0.0", undefined, repo.top);
    expect(base.source).toBe(`git ${release.slice(0, 7)}`);
    expect(base.spec.version).toBe("1.0.0");
    expect(read(base.spec.dir, "files/a.txt")).toBe("one");
    expect(base.spec.dir).not.toBe(repo.dir);
    base.dispose();
    expect(existsSync(base.spec.dir)).toBe(false);
    expect(existsSync(repo.dir)).toBe(true);
  });

  it("says where it looked and how to pass the folder when no source has the version", async () => {
    const current = loadTemplateSpec(writeTemplate({ "a.txt": "new" }, specText("2.0.0")));
    await expect(findBaseTemplate(current, "1.0.0", undefined, process.cwd())).rejects.toThrow(
      new UsageError("cannot find template small 1.0.0, which generated the service: it is not in the template's history/ nor its git history; pass --from <folder of small 1.0.0>"),
    );
  });
});
