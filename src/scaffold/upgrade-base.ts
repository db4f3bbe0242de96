import { resolve } from "node:path";
import { UsageError } from "../shared/errors.js";
import { loadTemplateSpec, type TemplateSpec } from "./template-spec.js";
import { rebuildVersion, removeFolder } from "./template-history.js";
import { templateFromGit } from "./template-git.js";

/**
 * Where the template a service was generated with comes from, in this order:
 * `--from <dir>` (the old template folder itself), the template's own
 * `history/` patches (how built-in templates ship their earlier versions), or
 * the template folder's git history.
 */

export interface BaseTemplate {
  spec: TemplateSpec;
  /** How it was found, for the report: "--from ./old", "history/0.1.0.patch", "git 1a2b3c4". */
  source: string;
  /** Removes any temporary folder made for it. */
  dispose: () => void;
}

export async function findBaseTemplate(current: TemplateSpec, version: string, from: string | undefined, cwd: string): Promise<BaseTemplate> {
  if (from !== undefined) {
    const spec = loadTemplateSpec(resolve(cwd, from), from);
    if (spec.name !== current.name || spec.version !== version) {
      throw new UsageError(`--from ${from} is template ${spec.name} ${spec.version}, but the service was generated with ${current.name} ${version}; pass the folder of that version`);
    }
    return { spec, source: `--from ${from}`, dispose: () => {} };
  }
  const rebuilt = rebuildVersion(current.dir, current.version, version);
  if (rebuilt !== undefined) return { spec: loadTemplateSpec(rebuilt), source: `history/${version}.patch`, dispose: () => removeFolder(rebuilt) };
  const fromGit = await templateFromGit(current.dir, current.name, version);
  if (fromGit !== undefined) {
    const spec = loadTemplateSpec(fromGit.dir);
    if (spec.version === version) return { spec, source: `git ${fromGit.commit.slice(0, 7)}`, dispose: () => removeFolder(fromGit.dir) };
    removeFolder(fromGit.dir);
  }
  throw new UsageError(
    `cannot find template ${current.name} ${version}, which generated the service: it is not in the template's history/ nor its git history; pass --from <folder of ${current.name} ${version}>`,
  );
}
