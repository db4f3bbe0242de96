import { posix } from "node:path";
import type { FileSet, ReadText } from "./files.js";

/**
 * Which datastores the dependency manifest of a service in another language mentions: a Go service whose go.mod names
 * no Redis client does not open the Redis its environment is handed (a ConfigMap every workload takes with `envFrom`).
 * Read only for such services, and only the engines whose clients always carry the engine's name (go-redis, redigo,
 * redis-py, Jedis, Lettuce's spring-data-redis; the MongoDB drivers, pymongo, motor, mongoengine): SQL databases are
 * reached through ORMs and generic drivers whose names say nothing of the engine, so they are not judged here.
 */

/** The manifests a folder of each language lists its dependencies in. */
const MANIFESTS: Readonly<Record<string, readonly string[]>> = {
  go: ["go.mod"],
  python: ["requirements.txt", "pyproject.toml", "Pipfile", "setup.py", "setup.cfg"],
  java: ["pom.xml", "build.gradle", "build.gradle.kts"],
  kotlin: ["build.gradle.kts", "build.gradle", "pom.xml"],
  ruby: ["Gemfile"],
  php: ["composer.json"],
  rust: ["Cargo.toml"],
};

/** Engines judged by the manifest, and the word every client of theirs has in its name. */
const NAMED_CLIENTS: Readonly<Record<string, RegExp>> = { redis: /redis|redigo|rueidis|jedis|lettuce/i, mongodb: /mongo/i };

/**
 * The judged engines the manifests at the service's folder mention, or undefined when the language has no manifest
 * arch-lint reads, or none is there (nothing is known then, and every variable counts as before).
 */
export function manifestEngines(root: string, language: string, fileSet: FileSet, read: ReadText): string[] | undefined {
  const texts = (MANIFESTS[language] ?? [])
    .map((name) => posix.join(root, name))
    .filter((rel) => fileSet.has(rel))
    .map((rel) => read(rel) ?? "")
    .filter(listsDependencies);
  if (!texts.length) return undefined;
  const text = texts.join("\n");
  return Object.entries(NAMED_CLIENTS).filter(([, client]) => client.test(text)).map(([engine]) => engine);
}

/** A manifest that lists dependencies (a go.mod `require`, a pom's `<dependency>`, a requirements line), not a stub. */
function listsDependencies(text: string): boolean {
  return /\brequire\b|<dependency>|\bdependencies\b|\binstall_requires\b|\[packages\]|\bgem\s+["']/.test(text) || /^\s*[A-Za-z][\w.-]*\s*(\[[^\]]*\])?\s*([=<>~!]=|>|<|$)/m.test(text);
}

/** Whether an engine is one the manifest judges (Redis, MongoDB) and the manifest leaves it out. */
export function manifestOmits(engines: readonly string[] | undefined, engine: string): boolean {
  return engines !== undefined && engine in NAMED_CLIENTS && !engines.includes(engine);
}
