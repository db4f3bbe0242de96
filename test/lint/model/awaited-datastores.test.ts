import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * A service in another language whose environment names no datastore still waits for one in compose (`depends_on:
 * [db]`): the container's one database is what it opens, as far as a reader of the compose file can tell. With a Node
 * service reading that database, the two share it.
 */

const tallies: Tree = {
  ...service("tally", ["express", "pg"], {
    "src/server.js": `const express = require("express");\nconst { Pool } = require("pg");\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nconst app = express();\napp.get("/v1/tallies", async (req, res) => res.json((await pool.query("SELECT * FROM ballots")).rows));\napp.listen(3000);\n`,
  }),
  "counter/Counter.csproj": "<Project Sdk=\"Microsoft.NET.Sdk\"></Project>\n",
  "counter/Dockerfile": "FROM mcr.microsoft.com/dotnet/runtime:8.0\nCOPY out/ .\nENTRYPOINT [\"dotnet\", \"Counter.dll\"]\n",
};

const composeWith = (db: string, counter = "    depends_on:\n      - db\n      - queue\n") => ({
  ...tallies,
  "docker-compose.yml": `services:\n  tally:\n    build: ./tally\n    environment:\n      DATABASE_URL: postgres://app:pw@db:5432/ballots\n  counter:\n    build: ./counter\n${counter}  queue:\n    image: redis:7\n  db:\n${db}`,
});

const shared = (tree: Tree) => lintTree(tree, { only: "shared-database" });

describe("[I] datastores a service in another language waits for in compose (lead22)", () => {
  it("a .NET worker that depends on the PostgreSQL container shares its database with the Node service that names it", () => {
    const result = shared(composeWith("    image: postgres:17\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_DB: ballots\n"));
    expect(result.model.datastores.filter((d) => d.service === "counter").map((d) => d.identity).sort()).toEqual(["postgres://db:5432/ballots", "redis://queue:6379/0"]);
    expect(result.findings.map((f) => `${f.data?.services} ${f.data?.identity ?? ""}`.trim())).toHaveLength(1);
    expect(result.findings[0]!.message).toContain("counter and tally");
  });

  it("PostgreSQL's default database is its user's; another database on that server is another datastore", () => {
    expect(shared(composeWith("    image: postgres:17\n    environment:\n      POSTGRES_USER: ballots\n")).findings).toHaveLength(1);
    expect(shared(composeWith("    image: postgres:17\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_DB: audit\n")).findings).toHaveLength(0);
  });

  it("a database the service's own environment names (DATABASE_NAME, DB_NAME) is the one it opens on that server", () => {
    const tree = composeWith("    image: postgres:17\n    environment:\n      POSTGRES_USER: app\n      POSTGRES_DB: ballots\n", "    environment:\n      DATABASE_HOST: db\n      DATABASE_NAME: counts\n    depends_on:\n      - db\n");
    expect(shared(tree).model.datastores.filter((d) => d.service === "counter").map((d) => d.identity)).toEqual(["postgres://db:5432/counts"]);
    expect(shared(tree).findings).toHaveLength(0);
  });

  it("nothing is claimed for a container that makes several databases, a MongoDB server, or without depends_on", () => {
    expect(shared(composeWith("    image: postgres:17\n    environment:\n      POSTGRES_DB: ballots\n      POSTGRES_MULTIPLE_DATABASES: ballots,audit\n")).findings).toHaveLength(0);
    expect(shared(composeWith("    image: postgres:17\n    environment:\n      POSTGRES_DB: ballots\n", "")).findings).toHaveLength(0);
    const mongo = shared(composeWith("    image: mongo:7\n")).model.datastores.filter((d) => d.service === "counter");
    expect(mongo.map((d) => d.identity)).toEqual(["redis://queue:6379/0"]);
  });
});

/**
 * Two Spring Boot services whose compose entries wait for a Redis container (and are handed SPRING_REDIS_HOST), while
 * their pom.xml lists dependencies but no Redis client: the container is started beside them, never opened. Not a
 * datastore they share; one whose pom does list spring-data-redis still opens it.
 */
describe("[I] a container a service in another language waits for, its manifest naming no client of the engine", () => {
  const pom = (deps: string) => `<project><dependencies>${deps}</dependencies></project>\n`;
  const web = "<dependency><artifactId>spring-boot-starter-web</artifactId></dependency>";
  const redis = "<dependency><artifactId>spring-boot-starter-data-redis</artifactId></dependency>";
  const tree = (stockDeps: string): Tree => ({
    "stock/pom.xml": pom(stockDeps),
    "stock/Dockerfile": "FROM eclipse-temurin:21\nCOPY target/app.jar .\nENTRYPOINT [\"java\", \"-jar\", \"app.jar\"]\n",
    "billing/pom.xml": pom(web),
    "billing/Dockerfile": "FROM eclipse-temurin:21\nCOPY target/app.jar .\nENTRYPOINT [\"java\", \"-jar\", \"app.jar\"]\n",
    "docker-compose.yml": "services:\n  stock:\n    build: ./stock\n    environment:\n      - SPRING_REDIS_HOST=cache\n    depends_on:\n      - cache\n  billing:\n    build: ./billing\n    environment:\n      - SPRING_REDIS_HOST=cache\n    depends_on:\n      - cache\n  cache:\n    image: redis:7\n",
  });
  const redisUsers = (t: Tree) => shared(t).model.datastores.filter((d) => d.engine === "redis").map((d) => d.service).sort();

  it("is opened by neither: no shared datastore", () => {
    const result = shared(tree(web));
    expect(redisUsers(tree(web))).toEqual([]);
    expect(result.findings).toEqual([]);
  });

  it("is opened by the one whose manifest lists a Redis client", () => {
    expect(redisUsers(tree(web + redis))).toEqual(["stock"]);
  });
});
