#!/usr/bin/env node
// Writes <template>/history/<old version>.patch: the patch that turns the template as it is now into the
// template as it was at <git ref> (the commit of the previous release), for `create-service upgrade` to
// rebuild that version offline. Run it when you bump a template's version (with the previous release's
// commit), and again if you change the template before the new version is released.
//
//   npm run build && node scripts/template-history.mjs templates/service <git ref>
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { makeTemplatePatch, readTemplateFolder, HISTORY_DIR } from "../dist/scaffold/template-history.js";

const [templateArg, ref] = process.argv.slice(2);
if (!templateArg || !ref) {
  console.error("usage: node scripts/template-history.mjs <template folder> <git ref of the previous release>");
  process.exit(2);
}
const templateDir = resolve(templateArg);
const git = (...args) => execFileSync("git", args, { cwd: templateDir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
const top = git("rev-parse", "--show-toplevel").trim();
const prefix = relative(top, templateDir).split("\\").join("/");

/** template.yaml and files/ at `ref`, as the same map readTemplateFolder gives for the folder on disk. */
function readAtRef() {
  const files = new Map();
  const listing = git("ls-tree", "-r", "--full-tree", ref, "--", `${prefix}/template.yaml`, `${prefix}/files`);
  for (const line of listing.split("\n").filter(Boolean)) {
    const [meta, path] = line.split("\t");
    const mode = meta.startsWith("100755") ? 0o755 : 0o644;
    files.set(path.slice(prefix.length + 1), { content: git("show", `${ref}:${path}`), mode });
  }
  return files;
}

const older = readAtRef();
const newer = readTemplateFolder(templateDir);
const oldVersion = parseYaml(older.get("template.yaml").content).version;
const newVersion = parseYaml(newer.get("template.yaml").content).version;
const commit = git("rev-parse", "--short", `${ref}^{commit}`).trim();
const patch = makeTemplatePatch(newer, older, `${prefix} ${newVersion} -> ${oldVersion} (from ${commit}); made by scripts/template-history.mjs`);
mkdirSync(join(templateDir, HISTORY_DIR), { recursive: true });
const out = join(templateDir, HISTORY_DIR, `${oldVersion}.patch`);
writeFileSync(out, patch);
console.log(`wrote ${relative(process.cwd(), out)} (${patch.length} bytes)`);
