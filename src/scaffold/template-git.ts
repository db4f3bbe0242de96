import { mkdtempSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { execa } from "execa";
import { parse as parseYaml } from "yaml";
import { TEMPLATE_SPEC_FILE } from "./template-spec.js";

/**
 * A user's template folder kept in git holds every version it had. The one a
 * service was generated with is a tag (v0.1.0, 0.1.0, <name>@0.1.0,
 * <name>-v0.1.0), or else the last commit at which template.yaml still said
 * that version: the state just before the commit that moved it on.
 */

export interface GitVersion {
  /** A temporary folder with the template at that version; the caller removes it. */
  dir: string;
  commit: string;
}

export async function templateFromGit(templateDir: string, name: string, version: string): Promise<GitVersion | undefined> {
  const top = await git(templateDir, ["rev-parse", "--show-toplevel"]);
  if (top === undefined) return undefined;
  const prefix = relative(realpathSync(top), realpathSync(templateDir)).split("\\").join("/");
  const specPath = prefix ? `${prefix}/${TEMPLATE_SPEC_FILE}` : TEMPLATE_SPEC_FILE;
  // From the top: git log's pathspecs and git archive's output are relative to the folder git runs in.
  const commit = (await taggedCommit(top, specPath, name, version)) ?? (await lastCommitAt(top, specPath, version));
  if (commit === undefined) return undefined;
  const dir = mkdtempSync(join(tmpdir(), `create-service-template-${version}-`));
  await execa("git", ["archive", "--format=tar", prefix ? `${commit}:${prefix}` : `${commit}^{tree}`], { cwd: top }).pipe("tar", ["-x", "-C", dir]);
  return { dir, commit };
}

async function taggedCommit(cwd: string, specPath: string, name: string, version: string): Promise<string | undefined> {
  for (const tag of [`v${version}`, version, `${name}@${version}`, `${name}-v${version}`]) {
    const commit = await git(cwd, ["rev-parse", "--verify", "--quiet", `refs/tags/${tag}^{commit}`]);
    if (commit !== undefined && (await versionAt(cwd, commit, specPath)) === version) return commit;
  }
  return undefined;
}

async function lastCommitAt(cwd: string, specPath: string, version: string): Promise<string | undefined> {
  const log = await git(cwd, ["log", "--format=%H", "HEAD", "--", specPath]);
  if (log === undefined) return undefined;
  let newer: string | undefined;
  for (const commit of log.split("\n").filter(Boolean)) {
    if ((await versionAt(cwd, commit, specPath)) === version) return newer === undefined ? await git(cwd, ["rev-parse", "HEAD"]) : await git(cwd, ["rev-parse", `${newer}^1`]);
    newer = commit;
  }
  return undefined;
}

async function versionAt(cwd: string, commit: string, specPath: string): Promise<string | undefined> {
  const text = await git(cwd, ["show", `${commit}:${specPath}`]);
  if (text === undefined) return undefined;
  try {
    const parsed = parseYaml(text) as { version?: unknown } | null;
    return typeof parsed?.version === "string" ? parsed.version : undefined;
  } catch {
    return undefined;
  }
}

/** stdout, or undefined when git fails (not a repository, no such commit, no git at all). */
async function git(cwd: string, args: string[]): Promise<string | undefined> {
  const run = await execa("git", args, { cwd, reject: false });
  return run.exitCode === 0 ? String(run.stdout).trim() : undefined;
}
