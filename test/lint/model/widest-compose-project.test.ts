import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * Written for this test: two services, each with a compose file of its own in its folder (the service built there and
 * a `db` of its own, for working on it alone), and a top compose file that runs both (the images those builds made,
 * their code bind-mounted) with one `db`. Both code bases connect to `postgres://db:5432/clinic`, written in the code:
 * in the system the top file runs, that is one database. Before, each service's host names led into its folder's
 * project, and the two `db`s were told apart.
 */

const service = (name: string, port: number): Tree => ({
  [`${name}/package.json`]: { name, main: "index.js", dependencies: { express: "*", pg: "*" } },
  [`${name}/docker-compose.yml`]: `services:\n  app:\n    build: .\n    image: ${name}_api\n    ports:\n      - "${port}:${port}"\n  db:\n    image: postgres:16\n`,
  [`${name}/index.js`]: `const express = require("express");\nconst { Pool } = require("pg");\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL || "postgres://db:5432/clinic" });\nconst app = express();\napp.get("/v1/${name}", async (req, res) => res.json((await pool.query("select 1")).rows));\napp.listen(${port});\n`,
});

const tree = (top: string): Tree => ({ ...service("wards", 4100), ...service("nurses", 4200), "docker-compose.yml": top });

const entry = (name: string) => `  ${name}:\n    image: ${name}_api\n    command: node index.js\n    volumes:\n      - ./${name}:/srv/app\n`;
const top = `services:\n${entry("wards")}${entry("nurses")}  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n`;

describe("[I] a service in its folder's compose project and in the top one that runs every service", () => {
  it("its host names lead where the top project's do: one `db` for both services is a shared database", () => {
    const result = lintTree(tree(top), { only: "shared-database" });
    expect(result.findings.map((f) => f.data?.services)).toEqual(["nurses,wards"]);
  });

  it("each connecting to a database of its own name in that server is no shared database", () => {
    const files = tree(top);
    files["nurses/index.js"] = (files["nurses/index.js"] as string).replace("db:5432/clinic", "db:5432/nurses");
    expect(lintTree(files, { only: "shared-database" }).findings).toEqual([]);
  });
});
