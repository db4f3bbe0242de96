import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

// Written for this test: two Node apps and an nginx proxy, every compose entry reading one env file that sets the
// apps' DATABASE_URL. The proxy image runs no code that opens the database; the two apps do share it.
const tree = (proxyImage: string) => ({
  ...service("tickets", ["express", "pg"], {
    "src/index.js": `const express = require("express");\nconst { Pool } = require("pg");\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nconst app = express();\napp.get("/v1/tickets", async (req, res) => res.json((await pool.query("select * from tickets")).rows));\napp.listen(3000);\n`,
  }),
  ...service("seats", ["express", "pg"], {
    "src/index.js": `const express = require("express");\nconst { Pool } = require("pg");\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nconst app = express();\napp.get("/v1/seats", async (req, res) => res.json((await pool.query("select * from seats")).rows));\napp.listen(3000);\n`,
  }),
  "front/Dockerfile": `FROM ${proxyImage}\nCOPY front/default.conf /etc/nginx/conf.d/default.conf\n`,
  "front/default.conf": "server { listen 80; location /tickets { proxy_pass http://tickets:3000; } location /seats { proxy_pass http://seats:3000; } }\n",
  "shared.env": "DATABASE_URL=postgres://box:secret@db:5432/box\n",
  "docker-compose.yml": "services:\n  db:\n    image: postgres:16\n  tickets:\n    build: ./tickets\n    env_file: ./shared.env\n  seats:\n    build: ./seats\n    env_file: ./shared.env\n  front:\n    build:\n      context: .\n      dockerfile: ./front/Dockerfile\n    env_file: ./shared.env\n",
});

describe("[I] a web server's entry that reads the env file the apps share", () => {
  it("is not one of the services sharing the database", () => {
    const result = lintTree(tree("nginx:1.27-alpine"), { only: "shared-database" });
    expect(result.findings.map((f) => f.data?.services)).toEqual(["seats,tickets"]);
  });

  it("nor is Apache httpd's", () => {
    const result = lintTree(tree("httpd:2.4"), { only: "shared-database" });
    expect(result.findings.map((f) => f.data?.services)).toEqual(["seats,tickets"]);
  });
});
