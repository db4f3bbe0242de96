import { posix } from "node:path";
import { parseAllDocuments } from "yaml";
import type { Diagnostic } from "../types.js";
import type { ImageArtifact } from "./artifacts.js";
import { repoFolder } from "./folder-path.js";
import type { FileEntry, ReadText } from "./files.js";

/**
 * Skaffold configs (`skaffold.yaml`, every apiVersion from v1alpha to v4):
 * the images they build, each from a folder of the repository. A Deployment
 * that runs an image built here belongs to the service in the artifact's
 * folder, whatever the Deployment is called and wherever its manifest is, so
 * the configs' manifest lists (`deploy.kubectl.manifests`, `manifests.rawYaml`)
 * are not needed.
 */

/** `skaffold.yaml`, `skaffold.dev.yaml`, and a set of them numbered or named with a dash (`skaffold-2.yaml`, `skaffold-infra.yml`). */
const SKAFFOLD_FILE = /(^|\/)skaffold([.-][\w.-]+)?\.ya?ml$/;

type Doc = Record<string, unknown>;
const asRecord = (value: unknown): Doc => (value && typeof value === "object" && !Array.isArray(value) ? (value as Doc) : {});
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const strings = (value: unknown): string[] => asArray(value).filter((item): item is string => typeof item === "string");

export function isSkaffoldFile(rel: string): boolean {
  return SKAFFOLD_FILE.test(rel);
}

export function readSkaffold(files: readonly FileEntry[], read: ReadText, diagnostics: Diagnostic[]): ImageArtifact[] {
  const artifacts: ImageArtifact[] = [];
  for (const file of files) {
    if (file.kind !== "yaml" || !isSkaffoldFile(file.rel)) continue;
    const text = read(file.rel);
    if (!text || !/apiVersion:\s*skaffold\//.test(text)) continue;
    let documents: ReturnType<typeof parseAllDocuments>;
    try {
      documents = parseAllDocuments(text, { uniqueKeys: false, logLevel: "error" });
    } catch {
      continue;
    }
    const dir = posix.dirname(file.rel) === "." ? "" : posix.dirname(file.rel);
    for (const document of Array.isArray(documents) ? documents : [documents]) {
      if (document.errors.length) {
        diagnostics.push({ kind: "config-file", file: file.rel, message: `cannot parse the Skaffold config: ${document.errors[0]!.message.split("\n")[0]}; its artifacts are not read` });
        continue;
      }
      const doc = asRecord(document.toJS({ maxAliasCount: 100 }));
      if (typeof doc.apiVersion !== "string" || !doc.apiVersion.startsWith("skaffold/")) continue;
      // Profiles add or replace artifacts; an image built in any profile is an image of this repository.
      const builds = [asRecord(doc.build), ...asArray(doc.profiles).map((profile) => asRecord(asRecord(profile).build))];
      const seen = new Set<string>();
      // `requires: [{ image, alias }]`: the artifact builds FROM those images (a base layer with shared packages).
      const requiredBy = new Map<string, string[]>();
      for (const build of builds) {
        for (const raw of asArray(build.artifacts).map(asRecord)) {
          const image = typeof raw.image === "string" ? raw.image : undefined;
          for (const required of asArray(raw.requires).map(asRecord)) {
            if (typeof required.image === "string" && image) requiredBy.set(required.image, [...(requiredBy.get(required.image) ?? []), image]);
          }
        }
      }
      for (const build of builds) {
        for (const raw of asArray(build.artifacts).map(asRecord)) {
          const image = typeof raw.image === "string" ? raw.image : typeof raw.imageName === "string" ? raw.imageName : undefined;
          if (!image) continue;
          const context = posix.normalize(posix.join(dir, typeof raw.context === "string" ? raw.context : "."));
          if (context.startsWith("..")) continue;
          const folder = repoFolder(context);
          const key = `${image}\0${folder}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const builder = ["docker", "jib", "ko", "buildpacks", "bazel", "kaniko", "custom"].find((name) => raw[name] !== undefined) ?? "docker";
          const docker = asRecord(raw.docker ?? raw.kaniko);
          const dockerfileName = typeof docker.dockerfile === "string" ? docker.dockerfile : typeof docker.dockerfilePath === "string" ? docker.dockerfilePath : "Dockerfile";
          const index = text.indexOf(image);
          artifacts.push({
            image,
            context: folder,
            ...(builder === "docker" || builder === "kaniko" ? { dockerfile: posix.normalize(posix.join(folder, dockerfileName)) } : {}),
            buildArgs: buildArgs(docker.buildArgs),
            ...(typeof docker.target === "string" ? { target: docker.target } : {}),
            ...(requiredBy.has(image) ? { requiredBy: requiredBy.get(image)! } : {}),
            builder,
            tool: "skaffold",
            file: file.rel,
            line: index >= 0 ? text.slice(0, index).split("\n").length : 1,
          });
        }
      }
    }
  }
  return artifacts;
}

function buildArgs(value: unknown): Record<string, string> {
  const args: Record<string, string> = {};
  for (const [key, arg] of Object.entries(asRecord(value))) if (arg !== null && arg !== undefined && typeof arg !== "object") args[key] = String(arg);
  return args;
}
