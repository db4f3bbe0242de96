import { posix } from "node:path";
import { commandWords, instructions } from "./dockerfile.js";
import { interpolate } from "./env.js";

/**
 * Where a Dockerfile puts the repository's folders inside the image it builds: `COPY ./shared /app/src/shared` beside
 * `COPY ./backend/gateway/src/ /app/src/` makes the gateway's `import "../shared/constants/paths"` a file of the
 * repository's `shared/` folder, though no such folder sits beside the gateway's sources. The module resolver asks this
 * only for a relative import that reaches no file of the repository (model/resolve.ts).
 */

/** One folder of the repository copied into a folder of the image. */
export interface ImageMount {
  /** Absolute path inside the image. */
  image: string;
  /** Folder of the repository, relative to the scan root ("" for the root). */
  repo: string;
}

/** The folders one stage of one Dockerfile copies in (each stage has a file system of its own). */
export type ImageLayout = ImageMount[];

/** A compose entry's build, as discovery read it. */
export interface ImageBuild {
  /** Build context relative to the scan root. */
  context?: string;
  /** Dockerfile relative to the scan root. */
  dockerfile?: string;
  buildArgs?: Record<string, string>;
}

/**
 * The layouts of the Dockerfiles compose builds. `isFolder` says whether a path of the repository is a folder that holds
 * files the scan reads: single files (`COPY package.json ./`) place no code.
 */
export function imageLayouts(builds: readonly ImageBuild[], read: (rel: string) => string | undefined, isFolder: (rel: string) => boolean): ImageLayout[] {
  const layouts: ImageLayout[] = [];
  const seen = new Set<string>();
  for (const build of builds) {
    if (build.context === undefined || !build.dockerfile) continue;
    const key = `${build.context}\0${build.dockerfile}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const text = read(build.dockerfile);
    if (text === undefined) continue;
    for (const layout of stageLayouts(text, build.context, build.buildArgs ?? {}, isFolder)) if (layout.length > 1) layouts.push(layout);
  }
  return layouts;
}

function stageLayouts(text: string, context: string, buildArgs: Record<string, string>, isFolder: (rel: string) => boolean): ImageLayout[] {
  const stages: ImageLayout[] = [];
  let workdir = "/";
  let vars: Record<string, string> = {};
  for (const { keyword, rest } of instructions(text)) {
    if (keyword === "FROM") {
      stages.push([]);
      workdir = "/";
      continue;
    }
    if (keyword === "ARG" || keyword === "ENV") {
      for (const match of rest.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S*)/g)) vars = { ...vars, [match[1]!]: match[2]!.replace(/^["']|["']$/g, "") };
      continue;
    }
    const fill = (value: string) => interpolate(value, { ...vars, ...buildArgs });
    if (keyword === "WORKDIR") {
      workdir = posix.resolve(workdir, fill(rest.trim().replace(/^["']|["']$/g, "")));
      continue;
    }
    if ((keyword !== "COPY" && keyword !== "ADD") || stages.length === 0) continue;
    const words = commandWords(rest);
    // Copied from another stage or image (`--from=build`): no folder of the repository.
    if (words.some((word) => word.startsWith("--from"))) continue;
    const paths = words.filter((word) => !word.startsWith("--")).map(fill);
    if (paths.length < 2 || paths.some((path) => path.includes("$") || path.includes("*") || path.includes("://"))) continue;
    const destination = posix.resolve(workdir, paths[paths.length - 1]!);
    for (const source of paths.slice(0, -1)) {
      const repo = posix.normalize(posix.join(context, source)).replace(/\/+$/, "");
      if (repo.startsWith("..")) continue;
      const folder = repo === "." ? "" : repo;
      // A folder's contents land in the destination folder itself, as `docker build` copies them.
      if (isFolder(folder)) stages[stages.length - 1]!.push({ image: destination, repo: folder });
    }
  }
  return stages;
}

/**
 * The repository path an image path stands for in a layout: the mount with the deepest image folder holding it.
 * Undefined when no mount holds it.
 */
export function repoPathOf(layout: ImageLayout, imagePath: string): string | undefined {
  let best: ImageMount | undefined;
  for (const mount of layout) {
    if (imagePath !== mount.image && !imagePath.startsWith(mount.image === "/" ? "/" : `${mount.image}/`)) continue;
    if (!best || mount.image.length > best.image.length) best = mount;
  }
  if (!best) return undefined;
  const below = imagePath.slice(best.image.length).replace(/^\/+/, "");
  return below ? (best.repo ? `${best.repo}/${below}` : below) : best.repo;
}

/** The image path a repository file has in a layout: through the mount with the deepest repository folder holding it. */
export function imagePathOf(layout: ImageLayout, repoPath: string): string | undefined {
  let best: ImageMount | undefined;
  for (const mount of layout) {
    if (mount.repo !== "" && repoPath !== mount.repo && !repoPath.startsWith(`${mount.repo}/`)) continue;
    if (!best || mount.repo.length > best.repo.length) best = mount;
  }
  if (!best) return undefined;
  const below = best.repo ? repoPath.slice(best.repo.length).replace(/^\/+/, "") : repoPath;
  return below ? posix.join(best.image, below) : best.image;
}

/** Whether a folder of the repository holds any of these files, at any depth ("" is the root). */
export function holdsFiles(files: readonly { rel: string }[]): (folder: string) => boolean {
  const folders = new Set<string>([""]);
  for (const { rel } of files) {
    for (let slash = rel.indexOf("/"); slash >= 0; slash = rel.indexOf("/", slash + 1)) folders.add(rel.slice(0, slash));
  }
  return (folder) => folders.has(folder);
}
