import { posix } from "node:path";
import type { ScriptedBuild } from "./artifacts.js";
import { commandWords } from "./dockerfile.js";
import type { FileEntry, ReadText } from "./files.js";
import { imageBaseName, imageWithoutTag } from "./images.js";
import type { K8sWorkload } from "./kubernetes.js";
import { shellCommands } from "./shell-script.js";

/**
 * Containers a shell script or a Makefile starts with `docker run` (or `podman run`): `docker build -f
 * microservices/users/Dockerfile -t acme/users .` then `docker run --name users -p 3004:3004 -e MODE=test -d acme/users`.
 * A run of an image the repository's scripts build deploys that build's folder as a Kubernetes workload would: each
 * becomes a workload (kind "docker run") with its name, env and ports, placed as workloads are (discover/deployments.ts).
 * A run of any other image (a database, a registry image) is passed over: the script says nothing of the code then.
 * Read as text, never run; an image or option built from a variable is passed over.
 */

/** The options of `docker run` that take a value (the rest are flags). */
const VALUE_OPTIONS = new Set(["--name", "-p", "--publish", "-e", "--env", "--env-file", "-v", "--volume", "--net", "--network", "-w", "--workdir", "--restart", "-u", "--user", "-h", "--hostname", "--entrypoint", "-l", "--label", "--link", "--add-host", "--mount", "--memory", "-m", "--cpus", "--platform", "--log-driver", "--log-opt", "--health-cmd", "--ulimit", "--pull", "--dns", "--ip", "--expose", "--gpus", "--shm-size", "--device", "--cap-add", "--cap-drop", "--tmpfs"]);

interface Run {
  image: string;
  name?: string;
  env: Record<string, string>;
  ports: number[];
  command: string[];
}

/** `docker run …` (or `docker container run`, `podman run`) among a command's words: its image, name, env and ports. */
export function dockerRun(words: readonly string[]): Run | undefined {
  let start = -1;
  for (let i = 0; i + 1 < words.length; i++) {
    const tool = posix.basename(words[i]!);
    if (tool !== "docker" && tool !== "podman") continue;
    const next = words[i + 1] === "container" ? i + 2 : i + 1;
    if (words[next] === "run") {
      start = next + 1;
      break;
    }
  }
  if (start < 0) return undefined;
  const run: Omit<Run, "image"> = { env: {}, ports: [], command: [] };
  for (let i = start; i < words.length; i++) {
    const word = words[i]!;
    if (!word.startsWith("-")) {
      // The image, then the command the container runs instead of its own.
      if (word.includes("$")) return undefined;
      return { ...run, image: word, command: words.slice(i + 1) };
    }
    const eq = word.startsWith("--") ? word.indexOf("=") : -1;
    const option = eq > 0 ? word.slice(0, eq) : word;
    if (!VALUE_OPTIONS.has(option)) continue;
    const value = eq > 0 ? word.slice(eq + 1) : words[++i];
    if (value === undefined) return undefined;
    if (option === "--name" && !value.includes("$")) run.name = value;
    else if ((option === "-e" || option === "--env") && value.includes("=")) run.env[value.slice(0, value.indexOf("="))] = value.slice(value.indexOf("=") + 1);
    else if (option === "-p" || option === "--publish") {
      // host:container, ip:host:container, container alone; a range or a variable says nothing.
      const container = Number(value.split("/")[0]!.split(":").pop());
      if (Number.isInteger(container) && container > 0) run.ports.push(container);
    }
  }
  return undefined;
}

/** Scripts and Dockerfiles for tests and checks (`docker-test.sh`, `Dockerfile.test`): a container they run deploys nothing. */
const CHECKS = /(^|[-_.])(tests?|e2e|spec|lint|bench|ci)([-_.]|$)/i;

export function readDockerRuns(files: readonly FileEntry[], read: ReadText, builds: readonly ScriptedBuild[]): K8sWorkload[] {
  const built = new Set(builds.filter((build) => !CHECKS.test(posix.basename(build.dockerfile ?? "Dockerfile"))).map((build) => imageWithoutTag(build.image)));
  if (!built.size) return [];
  const workloads: K8sWorkload[] = [];
  for (const file of files) {
    if ((file.kind !== "shell" && file.kind !== "makefile") || CHECKS.test(posix.basename(file.rel))) continue;
    const text = read(file.rel);
    if (!text || !/\b(docker|podman)\b[^\n]*\brun\b/.test(text)) continue;
    const lines = file.kind === "makefile" ? text.split(/\r?\n/).map((line) => (line.startsWith("\t") ? line.trim().replace(/^@/, "") : "")) : text.split(/\r?\n/);
    for (const command of shellCommands(lines.join("\n"))) {
      for (const segment of command.split(/&&|\|\||;/)) {
        const run = dockerRun(commandWords(segment));
        if (!run || !built.has(imageWithoutTag(run.image))) continue;
        const name = run.name ?? imageBaseName(run.image);
        const at = text.split(/\r?\n/).findIndex((line) => line.includes(segment.trim().split(/\s+/).slice(0, 3).join(" ")));
        workloads.push({
          kind: "docker run",
          name,
          file: file.rel,
          line: at >= 0 ? at + 1 : 1,
          labels: {},
          names: [...new Set([name, imageBaseName(run.image)])],
          images: [run.image],
          env: run.env,
          envSources: Object.fromEntries(Object.keys(run.env).map((key) => [key, file.rel])),
          envLocations: {},
          hosts: [name],
          ports: run.ports,
          ...(run.command.length ? { commands: [run.command.join(" ")] } : {}),
        });
      }
    }
  }
  return workloads;
}
