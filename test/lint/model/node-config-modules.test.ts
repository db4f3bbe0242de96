import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

const identities = (tree: Parameters<typeof lintTree>[0]) => lintTree(tree).model.datastores.map((d) => `${d.service} ${d.identity ?? `unresolved (${d.resolution})`}`);

describe("[U] node-config settings read by a key in capitals", () => {
  const ledger = (settings: Record<string, string>, reader: string) =>
    service("ledger", ["express", "config", "pg"], {
      ...settings,
      "src/db.ts": `${reader}\nimport { Pool } from "pg";\nexport const pool = new Pool({ connectionString: settings.get("LEDGER_DB_URL") as string });\n`,
    });

  it("config.get(\"LEDGER_DB_URL\") is the key of config/default.ts's named exports, not an environment variable", () => {
    expect(identities(ledger({ "config/default.ts": `export const LEDGER_DB_URL = "postgres://app:pw@ledger-db:5432/ledger";\nexport const PAGE_SIZE = 20;\n` }, `import settings from "config";`))).toEqual([
      "ledger postgres://ledger-db:5432/ledger",
    ]);
  });

  it("production's module wins over default's, and a key written in default.json is read the same way", () => {
    expect(
      identities(
        ledger(
          {
            "config/default.js": `exports.LEDGER_DB_URL = "postgres://localhost:5432/ledger";\n`,
            "config/production.js": `exports.LEDGER_DB_URL = "postgres://ledger-db:5432/ledger";\n`,
          },
          `const settings = require("config");`,
        ),
      ),
    ).toEqual(["ledger postgres://ledger-db:5432/ledger"]);
    expect(identities(ledger({ "config/default.json": JSON.stringify({ LEDGER_DB_URL: "postgres://ledger-db:5432/books" }) }, `import settings from "config";`))).toEqual([
      "ledger postgres://ledger-db:5432/books",
    ]);
  });

  it("a host written in node-config's settings module is configuration, not an address written into the code", () => {
    const hardcoded = (tree: Parameters<typeof lintTree>[0]) => lintTree(tree).findings.filter((f) => f.ruleId === "hardcoded-endpoint").map((f) => f.data.service);
    expect(hardcoded(ledger({ "config/default.ts": `export const LEDGER_DB_URL = "postgres://app:pw@ledger-db:5432/ledger";\n` }, `import settings from "config";`))).toEqual([]);
    // The same literal in a module of the service's own code is written into the code.
    const own = service("ledger", ["express", "pg"], {
      "src/settings.ts": `export const LEDGER_DB_URL = "postgres://app:pw@ledger-db:5432/ledger";\n`,
      "src/db.ts": `import { Pool } from "pg";\nimport { LEDGER_DB_URL } from "./settings";\nexport const pool = new Pool({ connectionString: LEDGER_DB_URL });\n`,
    });
    expect(hardcoded(own)).toEqual(["ledger"]);
  });

  it("another object's get of a key in capitals still reads the environment", () => {
    const tree = service("ledger", ["express", "pg"], {
      ".env": "LEDGER_DB_URL=postgres://env-db:5432/ledger\n",
      "src/db.ts": `import { Pool } from "pg";\nimport { appConfig } from "./app-config";\nexport const pool = new Pool({ connectionString: appConfig.get("LEDGER_DB_URL") });\n`,
      "src/app-config.ts": `export const appConfig = { get: (key: string) => process.env[key] };\n`,
    });
    expect(identities(tree)).toEqual(["ledger postgres://env-db:5432/ledger"]);
  });
});
