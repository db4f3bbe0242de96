import { describe, expect, it } from "vitest";
import { facts, lintTree, service, type Tree } from "../helpers.js";

// A settings class that copies the environment into fields in its constructor, used through an instance: made with
// `new`, handed out by a DI container, or injected as a typed constructor parameter.
const SETTINGS = `export class Settings {\n  public LEDGER_URL: string;\n  public STORE_URL: string;\n  public region = "eu";\n  constructor(private readonly prefix: string = "") {\n    this.LEDGER_URL = process.env.LEDGER_URL || "";\n    this.STORE_URL = process.env.STORE_URL || "";\n  }\n}\n`;

const ledger = service("services/ledger", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/entries", (req, res) => res.json({}));\napp.listen(4000);\n` });

function billing(server: string, extra: Record<string, string> = {}) {
  return {
    ...service("services/billing", ["express", "axios", "mongoose"], { "src/settings.ts": SETTINGS, "src/server.ts": server, ...extra }),
    ...ledger,
    "docker-compose.yml": `services:\n  billing:\n    build: ./services/billing\n    environment:\n      LEDGER_URL: http://ledger:4000\n      STORE_URL: mongodb://mongo:27017/billing\n  ledger:\n    build: ./services/ledger\n  mongo:\n    image: mongo:7\n`,
  };
}

const calls = (result: ReturnType<typeof lintTree>) => result.model.calls.map((c) => `${c.service} ${c.method} ${c.targetService ?? "?"} ${c.url}`);
const stores = (result: ReturnType<typeof lintTree>) => result.model.datastores.map((d) => `${d.service} ${d.identity ?? `unresolved: ${d.resolution}`}`);

describe("[U] instance fields of an exported settings class", () => {
  it("are recorded as `Class.prototype.field`, from initialisers and constructor assignments that read a setting; a literal (an entity's default) or a constructor parameter is not", () => {
    const f = facts(SETTINGS.replace('this.STORE_URL = process.env.STORE_URL || "";', "this.STORE_URL = prefix;"), "src/settings.ts");
    expect(Object.keys(f.constants).sort()).toEqual(["Settings.prototype.LEDGER_URL"]);
    expect(f.constants["Settings.prototype.LEDGER_URL"]).toEqual({ parts: [{ kind: "env", name: "LEDGER_URL", fallback: { parts: [{ kind: "text", text: "" }] } }] });
  });
});

describe("[I] a URL read from an instance of a settings class of another file", () => {
  it("`const settings = new Settings()` at module level: the call and the connection resolve through the fields' variables", () => {
    const result = lintTree(
      billing(
        `import express from "express";\nimport axios from "axios";\nimport mongoose from "mongoose";\nimport { Settings } from "./settings";\nconst settings = new Settings();\nmongoose.connect(settings.STORE_URL);\nconst app = express();\napp.post("/v1/invoices", async (req, res) => {\n  const r = await axios.post(\`\${settings.LEDGER_URL}/v1/entries\`, req.body, { timeout: 2000 });\n  res.json(r.data);\n});\napp.listen(3000);\n`,
      ),
    );
    expect(calls(result)).toEqual(["billing POST ledger http://ledger:4000/v1/entries"]);
    expect(stores(result)).toEqual(["billing mongodb://mongo:27017/billing"]);
  });

  it("a field of an injected instance (`constructor(private readonly settings: Settings)`), read as `this.settings.X` and as the parameter itself", () => {
    const result = lintTree(
      billing(
        `import express from "express";\nimport { Ledger } from "./ledger";\nimport { Store } from "./store";\nconst ledger = new Ledger(new (require("./settings").Settings)());\nnew Store(undefined as never).open();\nconst app = express();\napp.post("/v1/invoices", async (req, res) => res.json(await ledger.post(req.body)));\napp.listen(3000);\n`,
        {
          "src/ledger.ts": `import axios from "axios";\nimport { Settings } from "./settings";\nexport class Ledger {\n  constructor(private readonly settings: Settings) {}\n  async post(body: unknown) {\n    return (await axios.post(\`\${this.settings.LEDGER_URL}/v1/entries\`, body, { timeout: 2000 })).data;\n  }\n}\n`,
          "src/store.ts": `import mongoose from "mongoose";\nimport { Settings } from "./settings";\nexport class Store {\n  private url: string;\n  constructor(settings: Settings) {\n    this.url = settings.STORE_URL;\n  }\n  open() {\n    return mongoose.connect(this.url);\n  }\n}\n`,
        },
      ),
    );
    expect(calls(result)).toEqual(["billing POST ledger http://ledger:4000/v1/entries"]);
  });

  it("a parameter typed with a class that sets no such setting (an entity) keeps the name the reader wrote", () => {
    const result = lintTree(
      billing(`import express from "express";\nimport { post } from "./ledger";\nconst app = express();\napp.post("/v1/invoices", async (req, res) => res.json(await post(req.body)));\napp.listen(3000);\n`, {
        "src/entry.ts": `export class Entry {\n  id = "";\n  owner: string = process.env.OWNER as string;\n}\n`,
        "src/ledger.ts": `import axios from "axios";\nimport { Entry } from "./entry";\nexport async function post(entry: Entry) {\n  return (await axios.post(\`http://ledger:4000/v1/entries/\${entry.id}\`, entry, { timeout: 2000 })).data;\n}\n`,
      }),
    );
    expect(calls(result)).toEqual(["billing POST ledger http://ledger:4000/v1/entries/{entry.id}"]);
  });

  it("a constructor parameter typed with the class, read inside the constructor (what a DI container passes)", () => {
    const result = lintTree(
      billing(`import express from "express";\nimport "./store";\nconst app = express();\napp.get("/v1/invoices", (req, res) => res.json([]));\napp.listen(3000);\n`, {
        "src/store.ts": `import mongoose from "mongoose";\nimport { Settings } from "./settings";\nexport class Store {\n  constructor(settings: Settings) {\n    mongoose.connect(settings.STORE_URL);\n  }\n}\n`,
      }),
    );
    expect(stores(result)).toEqual(["billing mongodb://mongo:27017/billing"]);
  });

  it("an instance a DI container hands out (`container.resolve(Settings)`)", () => {
    const result = lintTree(
      billing(`import express from "express";\nimport mongoose from "mongoose";\nimport { container } from "tsyringe";\nimport { Settings } from "./settings";\nconst settings = container.resolve(Settings);\nmongoose.connect(settings.STORE_URL);\nconst app = express();\napp.get("/v1/invoices", (req, res) => res.json([]));\napp.listen(3000);\n`),
    );
    expect(stores(result)).toEqual(["billing mongodb://mongo:27017/billing"]);
  });

  it("an instance exported by the class's own module (`export const settings = new Settings()`), read in another file", () => {
    const result = lintTree(
      billing(`import express from "express";\nimport mongoose from "mongoose";\nimport { settings } from "./settings";\nmongoose.connect(settings.STORE_URL);\nconst app = express();\napp.get("/v1/invoices", (req, res) => res.json([]));\napp.listen(3000);\n`, {
        "src/settings.ts": `${SETTINGS}export const settings = new Settings();\n`,
      }),
    );
    expect(stores(result)).toEqual(["billing mongodb://mongo:27017/billing"]);
  });

  it("a class of the same file, and a field the class does not set (no value is made up)", () => {
    const result = lintTree(
      billing(`import express from "express";\nimport mongoose from "mongoose";\n${SETTINGS.replace("export class", "class")}const settings = new Settings();\nmongoose.connect(settings.STORE_URL);\nmongoose.createConnection(settings.AUDIT_URL);\nconst app = express();\napp.get("/v1/invoices", (req, res) => res.json([]));\napp.listen(3000);\n`),
    );
    expect(stores(result).sort()).toEqual(["billing mongodb://mongo:27017/billing", "billing unresolved: unresolved"]);
  });
});

describe("[I] shared-database: a search cluster that a service only checks the health of", () => {
  const searching = (name: string, body: string) =>
    service(`services/${name}`, ["express", "@elastic/elasticsearch"], {
      "src/search.ts": `import { Client } from "@elastic/elasticsearch";\nexport const client = new Client({ node: process.env.SEARCH_URL });\n${body}`,
      "src/server.ts": `import express from "express";\nimport "./search";\nconst app = express();\napp.get("/v1/${name}", (req, res) => res.json([]));\napp.listen(3000);\n`,
    });
  const tree = (gatewayBody: string) => ({
    ...searching("catalog", `export async function find(q: string) {\n  return client.search({ index: "products", q });\n}\n`),
    ...searching("gateway", gatewayBody),
    "docker-compose.yml": `services:\n  catalog:\n    build: ./services/catalog\n    environment:\n      SEARCH_URL: http://search:9200\n  gateway:\n    build: ./services/gateway\n    environment:\n      SEARCH_URL: http://search:9200\n  search:\n    image: elasticsearch:8.17.0\n`,
  });

  it("is not a user of its data: waiting for the cluster (`cluster.health()`, `ping()`) is no finding", () => {
    const result = lintTree(tree(`export async function ready() {\n  await client.cluster.health({});\n  await client.ping();\n}\n`), { only: "shared-database" });
    expect(result.findings).toEqual([]);
    expect(result.model.datastores.filter((d) => d.healthCheck).map((d) => d.service)).toEqual(["gateway"]);
  });

  it("is one when another file of the service asks the exported client for data (the client file only pings)", () => {
    const withSearch: Tree = tree(`export async function ready() {\n  await client.ping();\n}\n`);
    withSearch["services/gateway/src/find.ts"] = `import { client } from "./search";\nexport const find = (q: string) => client.search({ index: "products", q });\n`;
    const result = lintTree(withSearch, { only: "shared-database" });
    expect(result.findings.map((f) => f.data?.services)).toEqual(["catalog,gateway"]);
  });

  it("is one when the same file also asks the cluster for data", () => {
    const result = lintTree(tree(`export async function ready() {\n  await client.cluster.health({});\n  return client.count({ index: "products" });\n}\n`), { only: "shared-database" });
    expect(result.findings.map((f) => f.data?.services)).toEqual(["catalog,gateway"]);
  });
});
