/**
 * An image a build tool of the repository (Skaffold, Tilt) builds from one of
 * its folders. A workload that runs the image belongs to the service in that
 * folder, whatever the workload is called.
 */
export interface ImageArtifact {
  image: string;
  /** Build folder relative to the scan root. */
  context: string;
  /** Dockerfile relative to the scan root, for a Docker build. */
  dockerfile?: string;
  buildArgs: Record<string, string>;
  target?: string;
  /** Images of the same config that build FROM this one (Skaffold `requires`): a base image, deployed only if a workload runs it. */
  requiredBy?: string[];
  /** How it is built: docker, jib (Java), ko (Go), buildpacks, bazel, custom… */
  builder: string;
  /** The tool whose config declares it. */
  tool: "skaffold" | "tilt";
  file: string;
  line: number;
}

/** An image a `docker build` of a CI workflow, a shell script or a Makefile builds (discover/build-commands.ts). */
export type ScriptedBuild = Omit<ImageArtifact, "tool"> & { tool: "script" };
