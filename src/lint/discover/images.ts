import { posix } from "node:path";
import type { FileSet } from "./files.js";

/**
 * What an image or a build folder says about what runs in it: a datastore,
 * broker or tool (infrastructure, not a service), JavaScript (scanned), or a
 * service in another language (a node of the model whose code is not scanned).
 */

/** `docker.io/library/node:22-alpine@sha256:…` → `node`; `bitnami/kafka:3` → `bitnami/kafka`: the repository without registry, tag or digest. */
export function imageRepository(image: string): string {
  let rest = image.split("@")[0]!.trim().toLowerCase();
  const parts = rest.split("/");
  // A first part with a dot or a port, or `localhost`, is a registry.
  if (parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === "localhost")) parts.shift();
  if (parts[0] === "library" && parts.length > 1) parts.shift();
  rest = parts.join("/");
  const colon = rest.lastIndexOf(":");
  return colon > rest.lastIndexOf("/") ? rest.slice(0, colon) : rest;
}

/** The image as it is pushed and pulled, only the tag and digest dropped: what a Deployment names when it runs an image a build produced. */
export function imageWithoutTag(image: string): string {
  const rest = image.split("@")[0]!.trim().toLowerCase();
  const colon = rest.lastIndexOf(":");
  return colon > rest.lastIndexOf("/") ? rest.slice(0, colon) : rest;
}

/** The last path segment of an image's repository: `ghcr.io/acme/orders:1.0` → `orders`. */
export function imageBaseName(image: string): string {
  return imageRepository(image).split("/").pop() ?? "";
}

/** Datastores, brokers and the tools that run beside services (observability, proxies, admin UIs): infrastructure, never a service. */
const INFRASTRUCTURE = [
  // databases and caches
  "postgres",
  "postgis",
  "mysql",
  "mariadb",
  "percona",
  "mongo",
  "mongodb",
  "mongodb-community-server",
  "redis",
  "redis-stack",
  "redis-stack-server",
  "valkey",
  "keydb",
  "memcached",
  "cassandra",
  "scylla",
  "couchdb",
  "couchbase",
  "neo4j",
  "influxdb",
  "clickhouse-server",
  "clickhouse",
  "cockroach",
  "mssql",
  "server",
  "timescaledb",
  "timescaledb-ha",
  "dynamodb-local",
  "arangodb",
  "rethinkdb",
  "surrealdb",
  // search and object storage
  "elasticsearch",
  "opensearch",
  "meilisearch",
  "typesense",
  "solr",
  "minio",
  // brokers
  "kafka",
  "cp-kafka",
  "cp-server",
  "cp-zookeeper",
  "cp-schema-registry",
  "zookeeper",
  "redpanda",
  "nats",
  "nats-streaming",
  "rabbitmq",
  "activemq",
  "artemis",
  "pulsar",
  "mosquitto",
  "eclipse-mosquitto",
  "emqx",
  "localstack",
  "azurite",
  // tools beside the services
  "kafka-ui",
  "kafdrop",
  "akhq",
  "adminer",
  "pgadmin4",
  "mongo-express",
  "redis-commander",
  "redisinsight",
  "phpmyadmin",
  "kibana",
  "logstash",
  "fluentd",
  "fluent-bit",
  "prometheus",
  "grafana",
  "grafana-oss",
  "grafana-enterprise",
  "loki",
  "promtail",
  "tempo",
  "jaeger",
  "all-in-one",
  "zipkin",
  "opentelemetry-collector",
  "opentelemetry-collector-contrib",
  "otel-collector",
  "alertmanager",
  "pushgateway",
  "blackbox-exporter",
  "postgres-exporter",
  "redis-exporter",
  "mongodb-exporter",
  "nginx-prometheus-exporter",
  // the Elastic stack's shippers and servers beside Elasticsearch and Kibana (docker-elk's extensions), and log routers
  "filebeat",
  "metricbeat",
  "heartbeat",
  "auditbeat",
  "packetbeat",
  "elastic-agent",
  "apm-server",
  "enterprise-search",
  "curator",
  "logspout",
  "vector",
  "node-exporter",
  "cadvisor",
  "consul",
  "vault",
  "etcd",
  "keycloak",
  "mailhog",
  "mailpit",
  "maildev",
  "traefik",
  "envoy",
  "kong",
  "portainer",
  "wiremock",
  "questdb",
  "eventstore",
  "nsq",
  "elasticmq",
  "azure-sql-edge",
  "haproxy",
  "caddy",
  // load generators
  "locust",
  "k6",
  "jmeter",
  "artillery",
  // sidecars
  "cloud-sql-proxy",
  "gce-proxy",
  "proxyv2",
  "linkerd-proxy",
  "daprd",
  "vault-agent",
];

/** Repositories whose whole path names the product (bitnami/*, confluentinc/*, …): the last segment decides. */
const INFRASTRUCTURE_SET = new Set(INFRASTRUCTURE);
/** `server` and `all-in-one` are too plain on their own: only under these publishers. */
const QUALIFIED = new Map([
  ["server", /^(mcr\.microsoft\.com\/)?mssql\/server$|(^|\/)mssql\/server$/],
  ["all-in-one", /jaegertracing\/all-in-one$/],
]);

/** Publishers whose every image is a broker, a connector or a platform beside services (Confluent, Debezium, Temporal). */
const INFRASTRUCTURE_PUBLISHERS = new Set(["confluentinc", "debezium", "temporalio", "strimzi"]);

export function isInfrastructureImage(image: string): boolean {
  const repository = imageRepository(image);
  const base = repository.split("/").pop() ?? "";
  const publisher = repository.includes("/") ? repository.slice(0, repository.indexOf("/")) : "";
  if (INFRASTRUCTURE_PUBLISHERS.has(publisher)) return true;
  // Bitnami packages datastores and runtimes alike: its runtimes (bitnami/node, bitnami/nginx) are not infrastructure.
  if (publisher === "bitnami" && imageLanguage(image) === undefined) return true;
  if (!INFRASTRUCTURE_SET.has(base)) return false;
  const qualified = QUALIFIED.get(base);
  return qualified ? qualified.test(repository) : true;
}

/** `node` for the images JavaScript runs in; the language for others; undefined for a plain OS image (alpine, debian, scratch). */
const IMAGE_LANGUAGES: [RegExp, string][] = [
  [/(^|\/)(node|bun|deno|nodejs\d*(-debian\d+)?)$|^oven\/bun$|^denoland\/deno$|^distroless\/nodejs/, "node"],
  [/(^|\/)(openjdk|eclipse-temurin|amazoncorretto|maven|gradle|adoptopenjdk|ibm-semeru-runtimes|ibmjava|tomcat|jetty|sapmachine|liberica[\w-]*|java\d*(-debian\d+)?)$|^distroless\/java/, "java"],
  [/(^|\/)(golang|go)$/, "go"],
  [/(^|\/)(python|pypy|uvicorn-gunicorn[\w-]*|python\d*(-debian\d+)?)$|^distroless\/python/, "python"],
  [/(^|\/)(php|php-fpm|composer|php-apache|laravel[\w-]*)$/, "php"],
  [/(^|\/)(nginx|nginx-unprivileged|openresty)$/, "nginx"],
  [/(^|\/)httpd$/, "httpd"],
  [/(^|\/)(ruby|rails)$/, "ruby"],
  [/(^|\/)rust$/, "rust"],
  // .NET 5 and later (`dotnet/aspnet`) and the .NET Core images before them (`dotnet/core/aspnet`).
  [/(^|\/)dotnet\/(core\/)?(aspnet|sdk|runtime|runtime-deps)$/, "dotnet"],
  [/(^|\/)(elixir|erlang)$/, "elixir"],
];

export function imageLanguage(image: string): string | undefined {
  const repository = imageRepository(image);
  for (const [pattern, language] of IMAGE_LANGUAGES) if (pattern.test(repository)) return language;
  return undefined;
}

/** Build files that say which language a folder holds, in the order they are trusted. */
const MARKERS: [string, string][] = [
  ["package.json", "node"],
  ["pom.xml", "java"],
  ["build.gradle", "java"],
  ["build.gradle.kts", "java"],
  ["go.mod", "go"],
  ["pyproject.toml", "python"],
  ["requirements.txt", "python"],
  ["Pipfile", "python"],
  ["setup.py", "python"],
  ["composer.json", "php"],
  ["Gemfile", "ruby"],
  ["Cargo.toml", "rust"],
  ["mix.exs", "elixir"],
  ["CMakeLists.txt", "cpp"],
];

/** The language another language's build file in the folder names (a package.json beside it aside), or undefined. */
export function otherLanguageIn(folder: string, fileSet: FileSet): string | undefined {
  for (const [name, language] of MARKERS) if (language !== "node" && fileSet.has(folder ? posix.join(folder, name) : name)) return language;
  return undefined;
}

/** The language a folder's build files name, `node` for a package.json, undefined when it holds none of them. */
export function folderLanguage(folder: string, fileSet: FileSet, csproj: (folder: string) => boolean = () => false): string | undefined {
  for (const [name, language] of MARKERS) if (fileSet.has(folder ? posix.join(folder, name) : name)) return language;
  return csproj(folder) ? "dotnet" : undefined;
}
