import { describe, expect, it } from "vitest";
import { engineOfImage } from "../../../src/lint/model/datastores.js";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * Edges of model/datastores.ts that the whole-connection tests (datastore-connections.test.ts) leave open: what a
 * connection says when several of its parts come from the environment or are missing, the connections that name no
 * server (SQLite, pg reading its own env), and which compose container a host leads to when a project has several.
 */

const storesOf = (tree: Tree) => lintTree(tree, { only: "shared-database" }).model.datastores;
const one = (deps: string[], code: string, extra: Record<string, string> = {}): Tree => service("services/orders", ["express", ...deps], { "src/db.ts": code, ...extra });

describe("[U] engineOfImage: names and tags", () => {
  it("sqlserver written without a hyphen is SQL Server", () => {
    expect(engineOfImage("example/sqlserver:2019")).toBe("mssql");
  });

  it("only the tag is cut off: a registry's port stays, and a tag that names an engine says nothing", () => {
    expect(engineOfImage("registry.local:5000/cache-warmer:redis7")).toBeUndefined();
    expect(engineOfImage("registry.local:5000/redis:7")).toBe("redis");
  });
});

describe("[U] what a connection's resolution says", () => {
  it("every part read from the env is named, each once, in the order the connection is read", () => {
    const stores = storesOf(one(["pg"], `import { Pool } from "pg";\nexport const pool = new Pool({ host: process.env.DB_HOST, database: process.env.DB_NAME });\n`, { ".env": "DB_HOST=db\nDB_NAME=orders\n" }));
    expect(stores.map(({ identity, resolution }) => ({ identity, resolution }))).toEqual([
      { identity: "postgres://db:5432/orders", resolution: "DB_NAME=orders from services/orders/.env, DB_HOST=db from services/orders/.env" },
    ]);
  });

  it("two variables missing from one URL are named together; a variable missing twice is listed once", () => {
    // The host unknown too: credentials alone would leave the datastore the URL names (datastore-resolution.test.ts).
    const url = "`postgres://${process.env.DB_USER}:${process.env.DB_PASSWORD}@${process.env.DB_SERVER}/orders`";
    const [store] = storesOf(one(["pg"], `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: ${url} });\n`));
    expect(store!.resolution).toBe("DB_USER, DB_PASSWORD, DB_SERVER not set");
    expect(store!.missingEnv).toEqual(["DB_USER", "DB_PASSWORD", "DB_SERVER"]);
    const twice = storesOf(one(["pg"], "import { Pool } from \"pg\";\nexport const pool = new Pool({ connectionString: `postgres://${process.env.DB_HOST}/orders`, host: process.env.DB_HOST });\n"));
    expect(twice.map((store) => store.missingEnv)).toEqual([["DB_HOST"]]);
  });
});

describe("[U] connections that name no single server", () => {
  it("pg reading its own env with none set: no host, no identity, nothing claimed from PGHOST", () => {
    expect(storesOf(one(["pg"], `import { Pool } from "pg";\nexport const pool = new Pool();\n`))).toEqual([
      { engine: "postgres", library: "pg", port: "5432", service: "orders", resolution: "unresolved", location: { file: "services/orders/src/db.ts", line: 2, column: 21 } },
    ]);
  });

  it("a MongoDB SRV address keeps its scheme: a cluster's DNS name, not one server on the default port", () => {
    const stores = storesOf(one(["mongoose"], `import mongoose from "mongoose";\nmongoose.connect("mongodb+srv://cluster0.example.net/orders");\n`));
    expect(stores.map((store) => store.identity)).toEqual(["mongodb+srv://cluster0.example.net/orders"]);
  });
});

describe("[U] connections whose address cannot be read", () => {
  it("a connection string that is no URL: no host, no identity", () => {
    expect(storesOf(one(["pg"], `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: "orders-db" });\n`))).toEqual([
      { engine: "postgres", library: "pg", port: "5432", service: "orders", resolution: "unresolved", location: { file: "services/orders/src/db.ts", line: 2, column: 21 } },
    ]);
  });

  it("an imported options object that cannot be read is an address syntax cannot follow: the engine's conventional variable says where it leads", () => {
    const tree = one(["pg"], `import { Pool } from "pg";\nimport { poolOptions } from "./config";\nexport const pool = new Pool(poolOptions);\n`, {
      "src/config.ts": "export const poolOptions = makeOptions();\n",
      ".env": "DATABASE_URL=postgres://app:pw@db/orders\n",
    });
    expect(storesOf(tree).map(({ identity, resolution }) => ({ identity, resolution }))).toEqual([
      { identity: "postgres://db:5432/orders", resolution: "by convention DATABASE_URL=postgres://app:***@db/orders from services/orders/.env" },
    ]);
  });
});

describe("[U] a Redis connection carries messages only when its file uses Redis for nothing else", () => {
  it("a pg pool beside Redis channels is no pub/sub connection", () => {
    const stores = storesOf(
      one(["pg", "ioredis"], `import { Pool } from "pg";\nimport Redis from "ioredis";\nexport const pool = new Pool({ connectionString: "postgres://db/orders" });\nconst bus = new Redis("redis://cache:6379");\nexport const announce = (order: string) => bus.publish("orders", order);\n`),
    );
    expect(stores.map(({ engine, pubsub }) => ({ engine, pubsub }))).toEqual([
      { engine: "postgres", pubsub: undefined },
      { engine: "redis", pubsub: true },
    ]);
  });

  it("a Redis client in a file that publishes only to Kafka is a plain Redis connection", () => {
    const stores = storesOf(
      one(["ioredis", "kafkajs"], `import Redis from "ioredis";\nimport { Kafka } from "kafkajs";\nexport const cache = new Redis("redis://cache:6379");\nconst producer = new Kafka({ brokers: ["kafka:9092"] }).producer();\nexport const announce = (order: string) => producer.send({ topic: "orders", messages: [{ value: order }] });\n`),
    );
    expect(stores.map(({ engine, pubsub }) => ({ engine, pubsub }))).toEqual([{ engine: "redis", pubsub: undefined }]);
  });
});

describe("[U] which compose container a host leads to", () => {
  const pg = (name: string) => service(`services/${name}`, ["express", "pg"], { "src/db.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n` });

  it("each service's own `links` alias: one alias, two containers", () => {
    const tree: Tree = {
      ...pg("orders"),
      ...pg("users"),
      "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n    links: ["orders-db:db"]\n    environment:\n      DATABASE_URL: postgres://app:pw@db:5432/shop\n  users:\n    build: ./services/users\n    links: ["users-db:db"]\n    environment:\n      DATABASE_URL: postgres://app:pw@db:5432/shop\n  orders-db:\n    image: postgres:17\n  users-db:\n    image: postgres:17\n`,
    };
    expect(storesOf(tree).map((store) => `${store.service} ${store.identity}`)).toEqual(["orders postgres://orders-db:5432/shop", "users postgres://users-db:5432/shop"]);
  });

  it("a `links` alias in each of two compose projects: the entry that builds the service's folder, whatever the entry is named", () => {
    const project = (dir: string): Tree => ({
      ...service(`${dir}/orders`, ["express", "pg"], { "src/db.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n` }),
      [`${dir}/docker-compose.yml`]: `services:\n  orders:\n    build: ./orders\n    links: ["${dir}-db:db"]\n    environment:\n      DATABASE_URL: postgres://app:pw@db:5432/shop\n  ${dir}-db:\n    image: postgres:17\n`,
    });
    expect(storesOf({ ...project("blue"), ...project("green") }).map((store) => `${store.service} ${store.identity}`)).toEqual(["blue-orders postgres://blue-db:5432/shop", "green-orders postgres://green-db:5432/shop"]);
  });

  it("a container's own host name, with other containers listed after it in the project", () => {
    const tree: Tree = {
      ...pg("orders"),
      "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n    environment:\n      DATABASE_URL: postgres://app:pw@pg-main:5432/shop\n  postgres:\n    image: postgres:17\n    hostname: pg-main\n  cache:\n    image: redis:7\n`,
    };
    expect(storesOf(tree).map((store) => store.identity)).toEqual(["postgres://postgres:5432/shop"]);
  });

  it("one address reached from the root project and from outside every project: the project's is told apart, the outside one stays bare", () => {
    const tree: Tree = {
      ...pg("orders"),
      ...pg("audit"),
      "docker-compose.yml": `services:\n  orders:\n    build: ./services/orders\n    environment:\n      DATABASE_URL: postgres://app:pw@postgres:5432/shop\n  postgres:\n    image: postgres:17\n`,
      "services/audit/.env": "DATABASE_URL=postgres://app:pw@postgres:5432/shop\n",
    };
    expect(Object.fromEntries(storesOf(tree).map((store) => [store.service, store.identity]))).toEqual({
      audit: "postgres://postgres:5432/shop",
      orders: "postgres://postgres:5432/shop (compose project .)",
    });
  });
});
