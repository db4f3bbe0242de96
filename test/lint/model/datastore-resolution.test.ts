import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/** What each connection resolved to once the model has followed imports and env: `service identity`. */
const identities = (files: Tree): string[] => lintTree(files).model.datastores.map((d) => `${d.service} ${d.identity ?? `unresolved (${d.resolution})`}`);

describe("[U] resolving a connection's engine and address in the model", () => {
  it("a dialect the file could not name is rendered through its import and names the engine", () => {
    expect(
      identities(
        service("services/catalog", ["express", "sequelize", "mysql2"], {
          "config/database.js": `module.exports = {\n  host: "mariadb",\n  name: "catalog",\n  dialect: "mariadb",\n};\n`,
          "models/index.js": `const settings = require("../config/database.js");\nconst Sequelize = require("sequelize");\nmodule.exports = new Sequelize(settings.name, "app", "pw", { host: settings.host, dialect: settings.dialect });\n`,
        }),
      ),
    ).toEqual(["catalog mysql://mariadb:3306/catalog"]);
  });

  it("a search cluster has no database: its identity is its address", () => {
    const search = (name: string, node: string) =>
      service(`services/${name}`, ["express", "@elastic/elasticsearch"], {
        "src/search.ts": `import { Client } from "@elastic/elasticsearch";\nexport const client = new Client({ node: process.env.ELASTIC_URL });\n`,
        ".env": `ELASTIC_URL=${node}\n`,
      });
    const { model, findings } = lintTree({ ...search("products", "http://search:9200"), ...search("reviews", "http://elastic:secret@Search") });
    expect(model.datastores.map((d) => d.identity)).toEqual(["elasticsearch://search:9200/", "elasticsearch://search:9200/"]);
    expect(findings.filter((f) => f.ruleId === "shared-database").map((f) => f.data)).toEqual([{ services: "products,reviews", datastore: "elasticsearch://search:9200/" }]);
  });

  it("a member of a CommonJS module read through require(...).member (exports.x = ...)", () => {
    expect(
      identities(
        service("services/archive", ["express", "pg"], {
          "settings.js": `exports.archiveUrl = "postgres://pg:5432/archive";\n`,
          "db.js": `const { Pool } = require("pg");\nmodule.exports = new Pool({ connectionString: require("./settings").archiveUrl });\n`,
        }),
      ),
    ).toEqual(["archive postgres://pg:5432/archive"]);
  });

  it("credentials from variables nobody sets leave the datastore the URL names: its host and database decide", () => {
    const mongo = (name: string, database: string) =>
      service(`services/${name}`, ["express", "mongoose"], {
        "src/db.ts": `import mongoose from "mongoose";\nexport const ready = mongoose.connect(\`mongodb+srv://\${process.env.ATLAS_USER}:\${process.env.ATLAS_SECRET}@shop.cluster.example.net/${database}?retryWrites=true\`);\n`,
      });
    const apart = lintTree({ ...mongo("ledger", "ledger"), ...mongo("people", "people") });
    expect(apart.model.datastores.map((d) => `${d.service} ${d.identity}`)).toEqual(["ledger mongodb+srv://shop.cluster.example.net/ledger", "people mongodb+srv://shop.cluster.example.net/people"]);
    expect(apart.model.datastores[0]!.resolution).toContain("credentials from ATLAS_USER, ATLAS_SECRET");
    expect(apart.findings.filter((f) => f.ruleId === "shared-database")).toEqual([]);
    const together = lintTree({ ...mongo("ledger", "shop"), ...mongo("people", "shop") });
    expect(together.findings.filter((f) => f.ruleId === "shared-database").map((f) => f.data)).toEqual([{ services: "ledger,people", datastore: "mongodb+srv://shop.cluster.example.net/shop" }]);
  });

  it("PostgreSQL with an unknown user and no database in the URL stays unresolved: its database is named after the user", () => {
    expect(
      identities(
        service("services/billing", ["express", "pg"], {
          "src/db.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: \`postgres://\${process.env.PGUSER_NAME}:\${process.env.PGPASS}@pg.internal:5432\` });\n`,
        }),
      ),
    ).toEqual(["billing unresolved (PGUSER_NAME, PGPASS not set)"]);
  });
});
