import { describe, expect, it } from "vitest";
import { manifestEngines } from "../../../src/lint/discover/manifest-engines.js";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A ConfigMap every workload takes (`envFrom`) hands REDIS_URL to services that never open Redis: a Go service whose
 * go.mod names no Redis client is no user of it, while its neighbours whose manifests do name one still are.
 */

const goService = (name: string, requires: string[]): Tree => ({
  [`services/${name}/go.mod`]: `module example.com/${name}\n\ngo 1.23\n\nrequire (\n${requires.map((r) => `\t${r}\n`).join("")})\n`,
  [`services/${name}/Dockerfile`]: `FROM golang:1.23 AS build\nCOPY . .\nRUN go build -o /bin/app\nFROM gcr.io/distroless/static\nCOPY --from=build /bin/app /app\nENTRYPOINT ["/app"]\n`,
});

const tree: Tree = {
  ...goService("carts", ["github.com/redis/go-redis/v9 v9.5.1", "github.com/jackc/pgx/v5 v5.6.0"]),
  ...goService("sessions", ["github.com/gomodule/redigo v1.9.2"]),
  ...goService("media", ["github.com/minio/minio-go/v7 v7.0.70"]),
  "docker-compose.yml": ["carts", "sessions", "media"].map((name) => `  ${name}:\n    build: ./services/${name}\n    environment:\n      REDIS_URL: redis://cache:6379\n      MONGO_URI: mongodb://docs:27017/shop\n`).reduce((all, entry) => all + entry, "services:\n") + "  cache:\n    image: redis:7\n",
};

describe("[I] the dependency manifest of a service in another language", () => {
  it("a Go service whose go.mod names no Redis client does not use the Redis its environment names", () => {
    const result = lintTree(tree, { only: "shared-database" });
    const redis = result.model.datastores.filter((store) => store.engine === "redis").map((store) => store.service).sort();
    expect(redis).toEqual(["carts", "sessions"]);
    expect(result.findings.map((finding) => finding.data)).toEqual([{ services: "carts,sessions", datastore: "redis://cache:6379/0" }]);
    // SQL and document stores are not judged by a manifest that names no MongoDB driver: only Redis and MongoDB are, and none names mongo here.
    expect(result.model.datastores.filter((store) => store.engine === "mongodb")).toEqual([]);
  });

  it("reads go.mod, requirements.txt and pom.xml; nothing is known without one, or from one that lists no dependency", () => {
    const files = new Map([
      ["go/go.mod", "require go.mongodb.org/mongo-driver v1.15.0\n"],
      ["py/requirements.txt", "fastapi\nredis==5.0.4\n"],
      ["java/pom.xml", "<dependency><artifactId>spring-boot-starter-data-redis</artifactId></dependency>\n"],
      ["stub/go.mod", "module example.com/stub\n\ngo 1.23\n"],
      ["stub-java/pom.xml", "<project/>\n"],
    ]);
    const fileSet = { has: (rel: string) => files.has(rel) } as unknown as Parameters<typeof manifestEngines>[2];
    const read = (rel: string) => files.get(rel);
    expect(manifestEngines("go", "go", fileSet, read)).toEqual(["mongodb"]);
    expect(manifestEngines("py", "python", fileSet, read)).toEqual(["redis"]);
    expect(manifestEngines("java", "java", fileSet, read)).toEqual(["redis"]);
    expect(manifestEngines("elixir", "elixir", fileSet, read)).toBeUndefined();
    expect(manifestEngines("empty", "go", fileSet, read)).toBeUndefined();
    // A manifest that lists no dependency at all is a stub: it says nothing either.
    expect(manifestEngines("stub", "go", fileSet, read)).toBeUndefined();
    expect(manifestEngines("stub-java", "java", fileSet, read)).toBeUndefined();
  });
});
