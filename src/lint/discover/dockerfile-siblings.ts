import { posix } from "node:path";
import type { ComposeService } from "./compose.js";
import { commandWords, instructions, readDockerfile } from "./dockerfile.js";
import type { FileEntry, FileSet, ReadText } from "./files.js";
import { folderLanguage, imageLanguage, isInfrastructureImage } from "./images.js";
import { isBrowserFrontEnd, startCommand, type PackageInfo, type PackageRole } from "./packages.js";

/** A folder beside the services that its own Dockerfile deploys. */
export interface DockerfileSibling {
  root: string;
  name: string;
  /** Set for a service arch-lint does not scan. */
  language?: string;
  package?: PackageInfo;
  /** The Dockerfile: where a reader sees it is deployed. */
  file: string;
}

export interface SiblingInput {
  /** Folders of the services found so far. */
  serviceRoots: readonly string[];
  packages: readonly PackageInfo[];
  roles: ReadonlyMap<string, PackageRole>;
  compose: readonly ComposeService[];
  /** Kubernetes workloads, Skaffold and Tilt artifacts, scripted image builds: anything found. */
  otherDeployments: number;
  files: readonly FileEntry[];
  fileSet: FileSet;
  read: ReadText;
}

const GATEWAY_IMAGES = new Set(["nginx", "httpd"]);

/**
 * Services that only a Dockerfile of their own says are deployed. In a repository whose deployment files run nothing it
 * builds (no compose entry builds or mounts its code, no Kubernetes workload, Skaffold or Tilt artifact), each service
 * is built from its own folder and run by a platform the repository does not hold: a folder with a Dockerfile beside
 * the services found is one of them too. A Node package there that starts a program is a service even when arch-lint
 * knows none of its servers or consumers; a folder of another language's build (pom.xml, go.mod, a .csproj) is one
 * arch-lint does not scan; an nginx or httpd image whose configuration proxies requests on is the repository's gateway,
 * not scanned either. A browser front end, a library, a tool's package or a folder with no build of its own is none.
 */
export function dockerfileSiblings(input: SiblingInput): DockerfileSibling[] {
  if (input.otherDeployments > 0 || input.compose.some(runsOwnCode)) return [];
  const roots = input.serviceRoots.filter((root) => root !== "");
  if (!roots.length) return [];
  const parents = new Set(roots.map((root) => posix.dirname(root)));
  const taken = (folder: string): boolean => roots.some((root) => folder === root || folder.startsWith(`${root}/`) || root.startsWith(`${folder}/`));
  const packageAt = new Map(input.packages.map((pkg) => [pkg.dir, pkg]));
  let csprojFolders: Set<string> | undefined;
  const found: DockerfileSibling[] = [];
  for (const file of input.files) {
    if (posix.basename(file.rel) !== "Dockerfile") continue;
    const folder = posix.dirname(file.rel);
    if (folder === "." || !parents.has(posix.dirname(folder)) || taken(folder)) continue;
    const pkg = packageAt.get(folder);
    if (pkg) {
      // A package that starts a program (not a library, a tool, a front end's dev server).
      const role = input.roles.get(folder);
      if (role === "app" && !pkg.bin && startCommand(pkg) !== undefined && !isBrowserFrontEnd(pkg, role, input.fileSet)) found.push({ root: folder, name: posix.basename(folder), package: pkg, file: file.rel });
      continue;
    }
    csprojFolders ??= new Set(input.files.filter((f) => f.rel.endsWith(".csproj")).map((f) => posix.dirname(f.rel)));
    const language = folderLanguage(folder, input.fileSet, (dir) => csprojFolders!.has(dir));
    if (language !== undefined && language !== "node") {
      found.push({ root: folder, name: posix.basename(folder), language, file: file.rel });
      continue;
    }
    const text = input.read(file.rel);
    const runtime = text === undefined ? undefined : readDockerfile(text).runtime;
    const imageKind = runtime ? imageLanguage(runtime.image) : undefined;
    if (imageKind && GATEWAY_IMAGES.has(imageKind) && proxiesRequests(folder, text!, input.read)) found.push({ root: folder, name: posix.basename(folder), language: imageKind, file: file.rel });
  }
  // With no Dockerfile either: a folder beside the services whose build file declares a web server of another language
  // (a Go module on gin, a Spring Boot web app, a FastAPI app), run by hand as the Node services beside it are.
  const placed = new Set(found.map((sibling) => sibling.root));
  for (const file of input.files) {
    if (file.kind !== "build-file") continue;
    const folder = posix.dirname(file.rel);
    if (folder === "." || placed.has(folder) || !parents.has(posix.dirname(folder)) || taken(folder) || packageAt.has(folder)) continue;
    const text = input.read(file.rel) ?? "";
    const language = webServerLanguage(posix.basename(file.rel), text) ?? brokerWorkerLanguage(posix.basename(file.rel), text, input);
    if (!language) continue;
    placed.add(folder);
    found.push({ root: folder, name: posix.basename(folder), language, file: file.rel });
  }
  return found;
}

/** What another language's build file must name for its folder to be a web service: its server framework. */
const WEB_SERVER_DEPENDENCIES: [RegExp, RegExp, string][] = [
  [/^go\.mod$/, /\b(github\.com\/(gin-gonic\/gin|labstack\/echo|gofiber\/fiber|go-chi\/chi|gorilla\/mux|julienschmidt\/httprouter)|google\.golang\.org\/grpc)\b/, "go"],
  [/^(pom\.xml|build\.gradle(\.kts)?)$/, /spring-boot-starter-(web|webflux)|io\.quarkus|io\.micronaut|io\.javalin|grpc-(netty|server)/, "java"],
  [/^(requirements\.txt|pyproject\.toml|Pipfile)$/, /^\s*["']?(flask|fastapi|django|aiohttp|sanic|tornado|starlette|uvicorn|gunicorn|grpcio)\b/im, "python"],
  [/\.csproj$/, /Sdk="Microsoft\.NET\.Sdk\.Web"/, "dotnet"],
];

function webServerLanguage(name: string, text: string): string | undefined {
  for (const [file, dependency, language] of WEB_SERVER_DEPENDENCIES) if (file.test(name) && dependency.test(text)) return language;
  return undefined;
}

/**
 * A program of another language that serves no HTTP but takes its work from a message broker (a Go module on nats.go,
 * kafka-go, sarama or amqp091; a Spring Boot app on spring-kafka or Spring AMQP): a service that answers requests or
 * events over the broker, as a Node consumer beside it is. A Go module that another module of the repository requires
 * (`replace example.com/events => ../events`) is a library, not one.
 */
const BROKER_WORKER_DEPENDENCIES: [RegExp, RegExp, string][] = [
  [/^go\.mod$/, /\bgithub\.com\/(nats-io\/nats\.go|segmentio\/kafka-go|IBM\/sarama|Shopify\/sarama|confluentinc\/confluent-kafka-go|rabbitmq\/amqp091-go|streadway\/amqp)\b/, "go"],
  [/^(pom\.xml|build\.gradle(\.kts)?)$/, /spring-kafka|spring-boot-starter-amqp|spring-rabbit|spring-cloud-stream/, "java"],
];

function brokerWorkerLanguage(name: string, text: string, input: SiblingInput): string | undefined {
  for (const [file, dependency, language] of BROKER_WORKER_DEPENDENCIES) {
    if (!file.test(name) || !dependency.test(text)) continue;
    if (language === "go") {
      const module = /^module\s+(\S+)/m.exec(text)?.[1];
      const required = module !== undefined && input.files.some((other) => other.kind === "build-file" && posix.basename(other.rel) === "go.mod" && (input.read(other.rel) ?? "") !== text && (input.read(other.rel) ?? "").split(/\s+/).includes(module));
      if (required) return undefined;
    }
    return language;
  }
  return undefined;
}

/** A compose entry that builds or mounts code of the repository, or runs an image that is not a datastore's or a broker's. */
function runsOwnCode(entry: ComposeService): boolean {
  return entry.context !== undefined || entry.dockerfileInline !== undefined || (entry.mounts?.length ?? 0) > 0 || (entry.image !== undefined && !isInfrastructureImage(entry.image));
}

/** A server configuration the image copies in that passes requests on to other hosts (`proxy_pass`, `ProxyPass`). */
function proxiesRequests(folder: string, dockerfile: string, read: ReadText): boolean {
  for (const { keyword, rest } of instructions(dockerfile)) {
    if (keyword !== "COPY" && keyword !== "ADD") continue;
    const sources = commandWords(rest).filter((word) => !word.startsWith("--")).slice(0, -1);
    if (sources.some((source) => source.endsWith(".conf") && /\bproxy_?pass\b/i.test(read(posix.join(folder, source)) ?? ""))) return true;
  }
  return false;
}
