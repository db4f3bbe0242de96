import { describe, expect, it } from "vitest";
import { extractConfigJson } from "../../../src/lint/extract/datastores/json-config.js";
import { describeStore, stores } from "./datastores-helpers.js";
import { lintTree, service } from "../helpers.js";

const json = (file: string, data: unknown) => (extractConfigJson(file, JSON.stringify(data, null, 2))?.datastores ?? []).map(describeStore);

/** A LoopBack 4 datasource class as its generator lays it out, with the settings given. */
const datasourceClass = (name: string, settings: string) =>
  `import {inject, lifeCycleObserver, LifeCycleObserver} from '@loopback/core';\nimport {juggler} from '@loopback/repository';\n\nconst config = ${settings};\n\n@lifeCycleObserver('datasource')\nexport class ${name}DataSource extends juggler.DataSource implements LifeCycleObserver {\n  static dataSourceName = '${name.toLowerCase()}';\n  static readonly defaultConfig = config;\n\n  constructor(\n    @inject('datasources.config.${name.toLowerCase()}', {optional: true})\n    dsConfig: object = config,\n  ) {\n    super(dsConfig);\n  }\n}\n`;

describe("[U] LoopBack datasources (acc13e)", () => {
  describe("valid", () => {
    it("a generated juggler.DataSource class: its connector's engine, host, port, database; an empty url says nothing", () => {
      const code = datasourceClass("Ledger", `{\n  name: 'ledger',\n  connector: 'mongodb',\n  url: '',\n  host: 'ledger-db',\n  port: 27017,\n  user: '',\n  password: '',\n  database: 'ledger',\n}`);
      expect(stores(code, "src/datasources/ledger.datasource.ts")).toEqual(["mongodb/loopback host=ledger-db port=27017 db=ledger @16"]);
    });

    it("settings from the environment, handed to super directly; new juggler.DataSource; the juggler's own DataSource", () => {
      const handed = `import {juggler} from '@loopback/repository';\nexport class TillsDataSource extends juggler.DataSource {\n  constructor() {\n    super({ connector: 'postgresql', url: process.env.TILLS_DB_URL });\n  }\n}\n`;
      expect(stores(handed, "src/datasources/tills.datasource.ts")).toEqual(["postgres/loopback url=${TILLS_DB_URL} @2"]);
      const made = `import {juggler} from '@loopback/repository';\nexport const cache = new juggler.DataSource({ connector: 'kv-redis', host: 'kv', port: 6379 });\n`;
      expect(stores(made, "src/cache.ts")).toEqual(["redis/loopback host=kv port=6379 @2"]);
      const own = `const { DataSource } = require('loopback-datasource-juggler');\nmodule.exports = new DataSource({ connector: 'loopback-connector-mysql', host: 'stock-db', database: 'stock' });\n`;
      expect(stores(own, "lib/db.js")).toEqual(["mysql/loopback host=stock-db db=stock @2"]);
    });

    it("a class with its static defaultConfig alone (no constructor): those settings", () => {
      const code = `import {juggler} from '@loopback/repository';\nexport class AuditDataSource extends juggler.DataSource {\n  static dataSourceName = 'audit';\n  static readonly defaultConfig = { connector: 'postgresql', host: 'audit-db', database: 'audit' };\n}\n`;
      expect(stores(code, "src/datasources/audit.datasource.ts")).toEqual(["postgres/loopback host=audit-db db=audit @2"]);
    });

    it("settings in JSON: one datasource beside its class, and LoopBack 3's datasources.json", () => {
      expect(json("src/datasources/ledger.datasource.json", { name: "ledger", connector: "mongodb", url: "mongodb://ledger-db:27017/ledger" })).toEqual(["mongodb/loopback url=mongodb://ledger-db:27017/ledger @1"]);
      expect(json("server/datasources.json", { db: { name: "db", connector: "memory" }, orders: { name: "orders", connector: "postgresql", host: "orders-db", port: 5432, database: "orders", url: "" } })).toEqual([
        "postgres/loopback host=orders-db port=5432 db=orders @1",
      ]);
    });

    it("end to end: two LoopBack services on one MongoDB server, each its own database, share nothing; on one database they do", () => {
      const tree = (second: string) => ({
        ...service("books", ["@loopback/core", "@loopback/rest", "@loopback/repository"], {
          "src/datasources/books.datasource.ts": datasourceClass("Books", `{ name: 'books', connector: 'mongodb', host: 'store-db', port: 27017, database: 'books' }`),
        }),
        ...service("loans", ["@loopback/core", "@loopback/rest", "@loopback/repository"], {
          "src/datasources/loans.datasource.ts": datasourceClass("Loans", `{ name: 'loans', connector: 'mongodb', host: 'store-db', port: 27017, database: '${second}' }`),
        }),
      });
      const apart = lintTree(tree("loans"), { only: "shared-database" });
      expect(apart.model.datastores.map((d) => `${d.service} ${d.identity}`)).toEqual(["books mongodb://store-db:27017/books", "loans mongodb://store-db:27017/loans"]);
      expect(apart.findings).toEqual([]);
      const shared = lintTree(tree("books"), { only: "shared-database" });
      expect(shared.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^books and loans connect to the same datastore mongodb:\/\/store-db:27017\/books/)]);
    });
  });

  describe("invalid", () => {
    it("connectors that are no datastore, a class of another base, a settings object not written here", () => {
      expect(stores(`import {juggler} from '@loopback/repository';\nexport const api = new juggler.DataSource({ connector: 'rest', baseURL: 'http://books:3000' });\nexport const mem = new juggler.DataSource({ name: 'db', connector: 'memory' });\n`, "src/ds.ts")).toEqual([]);
      expect(stores(`import {juggler} from '@loopback/repository';\nclass Other extends Base { constructor() { super({ connector: 'mongodb', host: 'x' }); } }\n`, "src/other.ts")).toEqual([]);
      expect(stores(`import {juggler} from '@loopback/repository';\nimport config from './db.datasource.config.json';\nexport class DbDataSource extends juggler.DataSource {\n  static defaultConfig = config;\n}\n`, "src/datasources/db.datasource.ts")).toEqual([]);
    });
  });
});
