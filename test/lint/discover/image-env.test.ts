import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A Dockerfile that bakes the connection into the image (`ARG DB_HOST` … `ENV DATABASE_URL=postgresql://${DB_USER}@
 * ${DB_HOST}:${DB_PORT}/${DB_NAME}`), its build args given by compose: the container runs with that environment. A
 * service in another language is a datastore's user by such a variable; left unread, its database went unseen and the
 * database it shares with a sibling was not found.
 */

const tree: Tree = {
  "docker-compose.yml": [
    "services:",
    "  pg:",
    "    image: postgres:16",
    "  scorer:",
    "    build:",
    "      context: ./scorer",
    "      args:",
    "        DB_HOST: ${DB_HOST:-pg}",
    "        DB_NAME: ${DB_NAME:-catalog}",
    "  indexer:",
    "    build: ./indexer",
    "    environment:",
    "      - DATABASE_URL=postgresql://app@pg:5432/catalog",
    "",
  ].join("\n"),
  "scorer/Dockerfile": "FROM python:3.12-slim AS base\nARG DB_HOST\nARG DB_NAME\nARG DB_PORT=5432\nENV DB_HOST=${DB_HOST}\nFROM base\nENV DATABASE_URL=\"postgresql://app@${DB_HOST}:${DB_PORT}/${DB_NAME}\"\nENV UNSET_ONE=${NOT_GIVEN}\nCOPY . .\nCMD [\"uvicorn\", \"main:app\"]\n",
  "scorer/requirements.txt": "fastapi\nasyncpg\n",
  "indexer/Dockerfile": "FROM python:3.12-slim\nCOPY . .\nCMD [\"python\", \"main.py\"]\n",
  "indexer/requirements.txt": "asyncpg\n",
};

describe("[U] the environment an image's Dockerfile sets", () => {
  it("is the container's where compose sets nothing: its DATABASE_URL names the database, with the ENV line as evidence", () => {
    const result = lintTree(tree, { only: "shared-database" });
    const scorer = result.model.services.find((s) => s.name === "scorer")!;
    expect(scorer.envSources.DATABASE_URL).toBe("scorer/Dockerfile (ENV)");
    expect(scorer.envLocations?.DATABASE_URL).toEqual({ file: "scorer/Dockerfile", line: 7, column: 1 });
    // A value that names a variable nothing sets is not the container's.
    expect(scorer.env.UNSET_ONE).toBeUndefined();
    expect(result.model.datastores.map((d) => `${d.service} ${d.identity}`).sort()).toEqual(["indexer postgres://pg:5432/catalog", "scorer postgres://pg:5432/catalog"]);
    expect(result.findings.map((f) => f.message.split(" (")[0])).toEqual(["indexer and scorer connect to the same datastore postgres://pg:5432/catalog"]);
  });

  it("compose's own environment wins over the image's", () => {
    const over = { ...tree, "docker-compose.yml": `${tree["docker-compose.yml"] as string}`.replace("        DB_NAME: ${DB_NAME:-catalog}\n", "        DB_NAME: ${DB_NAME:-catalog}\n    environment:\n      DATABASE_URL: postgresql://app@pg:5432/scores\n") };
    const result = lintTree(over, { only: "shared-database" });
    expect(result.model.datastores.map((d) => `${d.service} ${d.identity}`).sort()).toEqual(["indexer postgres://pg:5432/catalog", "scorer postgres://pg:5432/scores"]);
    expect(result.findings).toEqual([]);
  });
});
