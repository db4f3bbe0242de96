import { describe, expect, it } from "vitest";
import { notUnderstood, packageOf, serviceSummaries } from "../../src/lint/model/understood.js";
import type { ArchModel, Diagnostic } from "../../src/lint/types.js";
import { lintTree, service, type Tree } from "./helpers.js";

/** Every "not-understood" diagnostic of a scan, as `file:line message`. */
function understood(files: Tree): string[] {
  return lintTree(files)
    .diagnostics.filter((d) => d.kind === "not-understood")
    .map((d) => `${d.file ?? ""}:${d.line ?? ""} ${d.message}`);
}

const SERVER = `import express from "express";\nconst app = express();\napp.get("/v1/orders", (req, res) => res.json([]));\napp.listen(3000);\n`;

describe("[U] what the scan could not understand", () => {
  it("a driver imported with no datastore found names the import and its line", () => {
    const files = service("services/orders", ["express", "pg"], {
      "src/server.ts": SERVER,
      "src/db.ts": `// the pool's class is picked at run time\nimport * as pg from "pg";\nconst Kind = pg[process.env.POOL_KIND as "Pool"];\nexport const pool = new Kind(options());\n`,
    });
    expect(understood(files)).toEqual(["services/orders/src/db.ts:2 orders imports pg at services/orders/src/db.ts:2, but no connection URL could be resolved (no connection it opens was found: one made in a way arch-lint does not follow, or none at all)"]);
  });

  it("calls that go through an nginx in front of the services are said: its routing is not read, so the service behind it is not known", () => {
    const files = {
      ...service("services/billing", ["express"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/invoices", async (req, res) => {\n  await fetch("http://edge/api/ledger/entries", { method: "POST" });\n  res.json({});\n});\napp.listen(3000);\n`,
      }),
      "edge/Dockerfile": "FROM nginx:1.27-alpine\nCOPY default.conf /etc/nginx/conf.d/default.conf\n",
      "edge/default.conf": "server {\n  location /api/ledger/ { proxy_pass http://ledger:3000/; }\n}\n",
      "docker-compose.yml": "services:\n  billing:\n    build: ./services/billing\n  edge:\n    build: ./edge\n",
    };
    expect(understood(files).filter((line) => line.includes("through edge"))).toEqual([
      "services/billing/src/server.ts:4 billing: a call goes through edge (POST http://edge/api/ledger/entries at services/billing/src/server.ts:4), whose routing (its nginx configuration) is not read: the service behind it, and the chains through it, are not known",
    ]);
  });

  it("routes whose path could not be read where a version would go (a constant of a package not in the repository) are said, not judged in silence", () => {
    const files = service("services/orders", ["express", "@shop/paths"], {
      "src/server.ts": `import express from "express";\nimport { ORDERS_PATH, ORDER_PATH } from "@shop/paths";\nconst app = express();\napp.get(ORDERS_PATH, (req, res) => res.json([]));\napp.get(ORDER_PATH, (req, res) => res.json({}));\napp.get("/api/orders/{?}", (req, res) => res.json({}));\napp.get(\`/api/\${process.argv[2]}/totals\`, (req, res) => res.json({}));\napp.listen(3000);\n`,
    });
    expect(understood(files).filter((line) => line.includes("where a version would go"))).toEqual([
      "services/orders/src/server.ts:4 orders: the path of 3 routes could not be read where a version would go (GET /{?} at services/orders/src/server.ts:4 and 2 more): whether they are versioned is not known, so unversioned-route does not judge them",
    ]);
  });

  it("a datastore arch-lint does not model (DynamoDB, Neo4j, aws-sdk v2's DynamoDB) is said once per engine, for a service and for a library (acc13c)", () => {
    const files: Tree = {
      ...service("services/carts", ["express", "@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb", "@shop/archive"], {
        "src/server.ts": SERVER,
        "src/old.ts": `import { archive } from "@shop/archive";\nexport const old = () => archive.scan({ TableName: "carts-2019" }).promise();\n`,
        "src/table.ts": `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";\nimport { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";\nexport const carts = DynamoDBDocumentClient.from(new DynamoDBClient({ region: "eu-west-1" }));\n`,
      }),
      ...service("services/graph", ["express", "neo4j-driver", "aws-sdk"], {
        "src/server.ts": SERVER,
        "src/graph.ts": `import neo4j from "neo4j-driver";\nimport { S3 } from "aws-sdk";\nexport const driver = neo4j.driver(process.env.NEO4J_URI!);\nexport const files = new S3();\n`,
      }),
      "package.json": { name: "shop", private: true, workspaces: ["services/*", "packages/*"] },
      "packages/archive/package.json": { name: "@shop/archive", main: "src/index.ts", types: "src/index.ts", dependencies: { "aws-sdk": "*" } },
      "packages/archive/src/index.ts": `import { DynamoDB } from "aws-sdk";\nexport const archive = new DynamoDB.DocumentClient();\n`,
    };
    expect(understood(files).filter((line) => /does not model/.test(line))).toEqual([
      "packages/archive/src/index.ts:1 archive (a library) uses DynamoDB through aws-sdk at packages/archive/src/index.ts:1, which arch-lint does not model as a datastore: whether services share it is not checked",
      "services/carts/src/table.ts:1 carts uses DynamoDB through @aws-sdk/client-dynamodb at services/carts/src/table.ts:1, which arch-lint does not model as a datastore: whether services share it is not checked",
      "services/graph/src/graph.ts:1 graph uses Neo4j through neo4j-driver at services/graph/src/graph.ts:1, which arch-lint does not model as a datastore: whether services share it is not checked",
    ]);
  });

  it("a service in which nothing at all was found says so, once, at the place it was discovered", () => {
    const files = service("services/currency", ["@grpc/grpc-js"], {
      "src/server.js": `const grpc = require("@grpc/grpc-js");\nconst server = new grpc.Server();\nserver.addService(currencyDefinition(), handlers);\nserver.bindAsync("0.0.0.0:7000", grpc.ServerCredentials.createInsecure(), () => {});\n`,
    });
    expect(lintTree(files).model.services.map((s) => s.name)).toEqual(["currency"]);
    expect(understood(files)).toEqual([
      "services/currency/package.json:1 currency: no route, call, datastore or topic was found in its code, so nothing about it is checked (a framework or client arch-lint does not read, such as gRPC, or code it could not follow)",
    ]);
  });

  it("a shared library's publish helper told its record by each caller does not make a service that only uses the library understood", () => {
    const files: Tree = {
      "package.json": { name: "shop", private: true, workspaces: ["services/*", "packages/*"] },
      "packages/bus/package.json": { name: "@shop/bus", main: "src/index.ts", types: "src/index.ts", dependencies: { kafkajs: "*" } },
      "packages/bus/src/index.ts": `import { Kafka, type ProducerRecord } from "kafkajs";\nexport const TOPICS = { mailSent: "mail-sent" };\nexport class Bus {\n  private producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\n  publish(record: ProducerRecord) {\n    return this.producer.send(record);\n  }\n}\n`,
      ...service("services/orders", ["express", "@shop/bus"], { "src/server.ts": SERVER }),
      ...service("services/mailer", ["@grpc/grpc-js", "@shop/bus"], {
        "src/server.js": `const grpc = require("@grpc/grpc-js");\nconst { TOPICS } = require("@shop/bus");\nconst server = new grpc.Server();\nserver.addService(mailerDefinition(), { send: () => TOPICS.mailSent });\nserver.bindAsync("0.0.0.0:7000", grpc.ServerCredentials.createInsecure(), () => {});\n`,
      }),
    };
    expect(understood(files).filter((line) => /nothing about it is checked/.test(line))).toEqual([
      "services/mailer/package.json:1 mailer: no route, call, datastore or topic was found in its code, so nothing about it is checked (a framework or client arch-lint does not read, such as gRPC, or code it could not follow)",
    ]);
  });

  it("message patterns whose transport could not be found: one line per service and reason", () => {
    const files = service("services/billing", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices"], {
      "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { AppModule } from "./app.module";\nasync function bootstrap() {\n  const app = await NestFactory.create(AppModule);\n  app.connectMicroservice(buildOptions());\n  await app.startAllMicroservices();\n  await app.listen(3000);\n}\nbootstrap();\n`,
      "src/billing.controller.ts": `import { Controller, Get } from "@nestjs/common";\nimport { EventPattern, MessagePattern } from "@nestjs/microservices";\n@Controller("v1/billing")\nexport class BillingController {\n  @Get() list() { return []; }\n  @EventPattern("order_created") onOrder() {}\n  @MessagePattern("get_invoice") invoice() {}\n}\n`,
    });
    expect(understood(files)).toEqual([
      "services/billing/src/billing.controller.ts:6 billing uses 2 message patterns order_created, get_invoice over a transport that could not be found (the microservice options at services/billing/src/main.ts:5 are not spelled out)",
    ]);
  });

  it("a queue on Redis is a Redis connection: said when it is not followed, quiet when it is", () => {
    const files: Tree = {
      ...service("services/mailer", ["bullmq"], {
        "src/server.ts": `import { Worker } from "bullmq";\nimport { settings } from "./settings";\nnew Worker("mail", async () => {}, settings.queue);\n`,
        "src/settings.ts": `import { readSettings } from "@acme/settings";\nexport const settings = readSettings();\n`,
      }),
      ...service("services/billing", ["bullmq"], {
        "src/server.ts": `import { Worker } from "bullmq";\nnew Worker("invoices", async () => {}, { connection: { host: "redis", port: 6379 } });\n`,
      }),
    };
    expect(understood(files)).toEqual(["services/mailer/src/server.ts:1 mailer imports bullmq at services/mailer/src/server.ts:1, but no connection URL could be resolved (no connection it opens was found: one made in a way arch-lint does not follow, or none at all)"]);
  });

  it("an ORM and the driver under it are one line, naming the ORM; a require counts as an import", () => {
    const files = service("services/orders", ["express", "pg", "knex"], {
      "src/server.ts": SERVER,
      "src/driver.ts": `const pg = require("pg");\nmodule.exports = pg;\n`,
      "src/db.ts": `import makeKnex from "knex";\nconst settings = require("./settings");\nexport const db = settings.build(makeKnex);\n`,
      "src/settings.js": `module.exports = require("@acme/settings").load();\n`,
    });
    expect(understood(files)).toEqual(["services/orders/src/db.ts:1 orders imports knex at services/orders/src/db.ts:1, but no connection URL could be resolved (no connection it opens was found: one made in a way arch-lint does not follow, or none at all)"]);
  });

  it("a datastore whose URL did not resolve says which variable is missing and where to set it", () => {
    const files = service("services/orders", ["express", "pg"], {
      "src/server.ts": SERVER,
      "src/db.ts": `import { Pool } from "pg";\n\nexport const pool = new Pool({ connectionString: process.env.ORDERS_DB_URL });\n`,
    });
    expect(understood(files)).toEqual([
      "services/orders/src/db.ts:3 orders connects to postgres through pg at services/orders/src/db.ts:3, but its URL did not resolve (ORDERS_DB_URL is not set for orders; set it in its compose environment, a .env file, or services.orders.env in arch-lint.config.yaml)",
    ]);
  });

  it("a service with an HTTP framework and no route found gets one line", () => {
    const files = service("services/orders", ["express"], {
      "src/server.ts": `import express from "express";\nconst app = express();\nconst method = process.env.METHOD as "get";\napp[method]("/v1/orders", (req, res) => res.json([]));\napp.listen(3000);\n`,
    });
    expect(understood(files)).toEqual([
      "services/orders/src/server.ts:1 orders imports express at services/orders/src/server.ts:1, but no route was found (routes registered in a way arch-lint does not follow are not checked)",
    ]);
  });

  it("two compose services running one folder's code: the second is said to be counted with the first, not as a service without routes", () => {
    const compose = (cronStarts: string) =>
      `services:\n  web:\n    build: ./app\n    command: node dist/web.js\n    environment:\n      DATABASE_URL: postgres://db:5432/shop\n  cron:\n    build: ./app\n    command: node ${cronStarts}\n    environment:\n      DATABASE_URL: postgres://db:5432/shop\n  db:\n    image: postgres:16\n`;
    const app = {
      "app/package.json": JSON.stringify({ name: "shop", dependencies: { express: "4.21.0", pg: "8.13.0" } }),
      "app/src/db.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`,
      "app/src/web.ts": `import express from "express";\nimport { pool } from "./db";\nconst app = express();\napp.get("/v1/carts", async (req, res) => res.json((await pool.query("select id from carts")).rows));\napp.listen(3000);\n`,
    };
    // One program started in another mode: the same file, so no entry tells them apart.
    const sideBySide = { "docker-compose.yml": compose("dist/web.js --jobs"), ...app };
    expect(understood(sideBySide)).toEqual([
      "docker-compose.yml:7 cron runs the code of app, which web runs too: its files are counted for web only, so cron's own routes, calls and datastores are not checked (give its entry a folder of its own, such as src/cron/main.ts, or set services.cron.exclude in arch-lint.config.yaml if it is the same service)",
    ]);
    // With an entry file of its own, in the same folder (each owns the file it starts: model/deployed-entries.ts) or in a
    // folder of its own (a service of that folder), nothing needs saying.
    const ownFile = { "docker-compose.yml": compose("dist/cron.js"), ...app, "app/src/cron.ts": `import { pool } from "./db";\nsetInterval(() => pool.query("delete from carts where stale"), 60000);\n` };
    expect(understood(ownFile)).toEqual([]);
    const ownFolder = { "docker-compose.yml": compose("dist/cron/main.js"), ...app, "app/src/cron/main.ts": `import { pool } from "../db";\nsetInterval(() => pool.query("delete from carts where stale"), 60000);\n` };
    expect(understood(ownFolder)).toEqual([]);
  });

  it("names the import that builds the app, and says it also for a service that consumes events but imports express", () => {
    const files = service("services/orders", ["express", "kafkajs"], {
      "src/errors.ts": `import { Request, Response } from "express";\nexport function onError(req: Request, res: Response) { res.status(500).end(); }\n`,
      "src/server.ts": `import { Kafka } from "kafkajs";\nimport express from "express";\nimport routes from "./routes";\nconst app = express();\napp.use(routes);\nconst consumer = new Kafka({ brokers: ["kafka:9092"] }).consumer({ groupId: "o" });\nawait consumer.subscribe({ topic: "payments.settled.v1" });\n`,
      "src/routes.ts": `const r = require("express").Router();\nmodule.exports = r;\n`,
    });
    expect(understood(files)).toEqual([
      "services/orders/src/server.ts:2 orders imports express at services/orders/src/server.ts:2, but no route was found (routes registered in a way arch-lint does not follow are not checked)",
    ]);
  });

  it("nothing to say about a service whose datastore resolved, whose routes were found, that only uses a driver's ObjectId, or that consumes events instead of serving HTTP", () => {
    const resolved: Tree = {
      ...service("services/orders", ["express", "pg"], {
        "src/server.ts": SERVER,
        "src/db.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`,
        ".env": "DATABASE_URL=postgres://app:secret@db:5432/orders\n",
      }),
      // A gateway that only checks ids opens no database.
      ...service("services/gateway", ["express", "mongodb"], {
        "src/server.ts": `import express from "express";\nimport { ObjectId } from "mongodb";\nconst app = express();\napp.get("/v1/orders/:id", (req, res) => res.status(ObjectId.isValid(req.params.id) ? 200 : 400).end());\napp.listen(3000);\n`,
      }),
      ...service("services/worker", ["express", "kafkajs"], {
        "src/server.ts": `import { Kafka } from "kafkajs";\nconst consumer = new Kafka({ brokers: ["kafka:9092"] }).consumer({ groupId: "w" });\nawait consumer.subscribe({ topic: "orders.created.v1" });\n`,
      }),
      // A gateway that types its request bodies with Prisma's generated types (and enums) makes no client (acc21a).
      ...service("services/edge", ["express", "@prisma/client"], {
        "src/server.ts": `import express from "express";\nimport { Prisma, Role } from "@prisma/client";\nconst app = express();\napp.post("/v1/members", (req, res) => res.json({ ...(req.body as Prisma.MemberCreateInput), role: Role.USER }));\napp.listen(3000);\n`,
      }),
      // A shared library's exception filter catches the ORM's errors: it opens nothing (acc13e).
      "packages/errors/package.json": { name: "@shop/errors", main: "src/index.ts", dependencies: { typeorm: "*", mongoose: "*" } },
      "packages/errors/src/index.ts": `import { EntityNotFoundError, QueryFailedError } from "typeorm";\nimport { MongooseError } from "mongoose";\nexport const notFound = (e: unknown) => e instanceof EntityNotFoundError || e instanceof QueryFailedError || e instanceof MongooseError;\n`,
    };
    expect(understood(resolved)).toEqual([]);
  });

  it("a LoopBack service whose datastore was read says its controllers' routes were not (acc13e)", () => {
    const files: Tree = service("services/loans", ["@loopback/core", "@loopback/rest", "@loopback/repository"], {
      "src/application.ts": `import {RestApplication} from '@loopback/rest';\nexport class LoansApplication extends RestApplication {}\n`,
      "src/controllers/loan.controller.ts": `import {get} from '@loopback/rest';\nexport class LoanController {\n  @get('/v1/loans')\n  find() { return []; }\n}\n`,
      "src/datasources/loans.datasource.ts": `import {juggler} from '@loopback/repository';\nexport class LoansDataSource extends juggler.DataSource {\n  constructor() { super({ connector: 'mongodb', url: 'mongodb://loans-db:27017/loans' }); }\n}\n`,
    });
    expect(understood(files)).toEqual([
      "services/loans/src/application.ts:1 loans imports @loopback/rest at services/loans/src/application.ts:1, but no route was found (routes registered in a way arch-lint does not follow are not checked)",
    ]);
  });

  it("a connection in a library: unresolved for a service that imports it (naming that import), or not followed at all (naming the library's import)", () => {
    const files: Tree = {
      "package.json": { name: "shop", private: true, workspaces: ["services/*", "packages/*"] },
      "packages/database/package.json": { name: "@shop/database", main: "src/index.js", dependencies: { pg: "*" } },
      "packages/database/src/index.js": `const { Pool } = require("pg");\nmodule.exports = new Pool({ connectionString: process.env.DATABASE_URL });\n`,
      "packages/cache/package.json": { name: "@shop/cache", main: "src/index.js", dependencies: { ioredis: "*" } },
      "packages/cache/src/index.js": `const Redis = require("ioredis");\nconst settings = require("./settings");\nmodule.exports = settings.open(Redis);\n`,
      "packages/cache/src/settings.js": `module.exports = require("@acme/settings").load();\n`,
      ...service("services/orders", ["express", "@shop/database", "@shop/cache"], {
        "src/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/orders", (req, res) => res.json([]));\napp.listen(3000);\n`,
        "src/db.js": `const pool = require("@shop/database");\nconst cache = require("@shop/cache");\nmodule.exports = { pool, cache };\n`,
      }),
    };
    const result = lintTree(files);
    expect(result.model.libraries.map((l) => l.name).sort()).toEqual(["cache", "database"]);
    expect(result.diagnostics.filter((d) => d.kind === "not-understood").map((d) => `${d.service ?? "-"} ${d.message}`)).toEqual([
      "- cache (a library) imports ioredis at packages/cache/src/index.js:1, but no connection URL could be resolved (no connection it opens was found: one made in a way arch-lint does not follow, or none at all)",
      "orders orders connects to postgres through pg at packages/database/src/index.js:2 (imported at services/orders/src/db.js:1), but its URL did not resolve (DATABASE_URL is not set for orders; set it in its compose environment, a .env file, or services.orders.env in arch-lint.config.yaml)",
    ]);
  });

  it("a library that only describes data (entity decorators, schema classes) opens nothing: nothing to say about it (acc18a)", () => {
    const files: Tree = {
      "package.json": { name: "shop", private: true, workspaces: ["services/*", "packages/*"] },
      "packages/models/package.json": { name: "@shop/models", main: "src/index.ts", dependencies: { typeorm: "*", "@nestjs/mongoose": "*" } },
      "packages/models/src/index.ts": `export * from "./order.entity";\nexport * from "./note.schema";\n`,
      "packages/models/src/order.entity.ts": `import { Entity, Column, PrimaryGeneratedColumn } from "typeorm";\n@Entity()\nexport class Order {\n  @PrimaryGeneratedColumn() id!: number;\n  @Column() total!: number;\n}\n`,
      "packages/models/src/note.schema.ts": `import { Prop, Schema, SchemaFactory } from "@nestjs/mongoose";\n@Schema()\nexport class Note {\n  @Prop() text!: string;\n}\nexport const NoteSchema = SchemaFactory.createForClass(Note);\n`,
      ...service("services/orders", ["express", "pg", "@shop/models"], {
        "src/server.ts": SERVER,
        "src/db.ts": `import { Pool } from "pg";\nimport { Order } from "@shop/models";\nexport const pool = new Pool({ connectionString: "postgres://db:5432/orders" });\nexport type Row = Order;\n`,
      }),
    };
    expect(understood(files)).toEqual([]);
  });

  it("a diagnostic is no finding, and the summary counts it", () => {
    const result = lintTree(
      service("services/orders", ["express", "pg"], {
        "src/server.ts": SERVER,
        "src/db.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.ORDERS_DB_URL });\n`,
      }),
    );
    expect(result.findings).toEqual([]);
    expect(result.diagnostics.map((d) => d.kind)).toEqual(["not-understood"]);
    expect(result.summary).toMatch(/, 1 diagnostic \(1 not understood\)$/);
  });
});

describe("[U] per-service counts and a service in another language", () => {
  const model: ArchModel = {
    services: [
      { name: "orders", root: "services/orders", sources: ["compose"], hosts: ["orders"], ports: [], env: {}, envSources: {}, location: { file: "docker-compose.yml", line: 2, column: 3 } },
      { name: "ledger", root: "services/ledger", sources: ["compose"], hosts: ["ledger"], ports: [], env: { SPRING_DATASOURCE_URL: "jdbc:postgresql://db/ledger" }, envSources: {}, language: "java", location: { file: "docker-compose.yml", line: 9, column: 3 } },
    ],
    libraries: [],
    routes: [
      { id: "orders GET /v1/a", service: "orders", framework: "express", method: "GET", path: "/v1/a", location: { file: "services/orders/src/a.ts", line: 1, column: 1 }, mountChain: [] },
      { id: "orders GET /v1/b", service: "orders", framework: "express", method: "GET", path: "/v1/b", location: { file: "services/orders/src/a.ts", line: 2, column: 1 }, mountChain: [] },
    ],
    calls: [
      { id: "c1", service: "orders", client: "fetch", method: "GET", url: "http://ledger/x", targetService: "ledger", awaited: true, parallel: false, location: { file: "services/orders/src/a.ts", line: 3, column: 1 } },
      { id: "c2", service: "orders", client: "fetch", method: "GET", url: "${X}/y", awaited: true, parallel: false, location: { file: "services/orders/src/a.ts", line: 4, column: 1 } },
    ],
    datastores: [
      { identity: "postgres://db:5432/orders", engine: "postgres", library: "pg", service: "orders", resolution: "literal", location: { file: "services/orders/src/db.ts", line: 1, column: 1 } },
      { identity: "postgres://db:5432/orders", engine: "postgres", library: "pg", service: "orders", resolution: "literal", location: { file: "services/orders/src/db2.ts", line: 1, column: 1 } },
      { engine: "redis", library: "ioredis", service: "orders", resolution: "unresolved", location: { file: "services/orders/src/cache.ts", line: 5, column: 1 } },
    ],
    tables: [],
    topics: [
      { service: "orders", system: "kafka", topic: "orders.created", role: "produce", location: { file: "services/orders/src/a.ts", line: 9, column: 1 } },
      { service: "orders", system: "kafka", topic: "orders.created", role: "produce", location: { file: "services/orders/src/b.ts", line: 9, column: 1 } },
    ],
    imports: [],
    edges: {},
    fileService: { "services/orders/src/cache.ts": "orders", "services/ledger/Main.java": "ledger" },
    stats: { filesParsed: 4, filesSkipped: 0 },
  };

  it("counts routes, calls, distinct datastores and topics per service; a service in another language is marked", () => {
    const diagnostics: Diagnostic[] = [
      { kind: "not-understood", service: "orders", message: "orders imports ioredis …" },
      { kind: "parse-error", file: "services/orders/src/x.ts", message: "syntax error" },
    ];
    expect(serviceSummaries(model, diagnostics)).toEqual([
      { name: "orders", routes: 2, calls: 2, unresolvedCalls: 1, datastores: 2, unresolvedDatastores: 1, topics: 1, notUnderstood: 1 },
      { name: "ledger", language: "java", routes: 0, calls: 0, unresolvedCalls: 0, datastores: 0, unresolvedDatastores: 0, topics: 0, notUnderstood: 0 },
    ]);
  });

  it("a service in another language gets no diagnostic, whatever it imports or declares", () => {
    const diagnostics: Diagnostic[] = notUnderstood({
      model,
      imports: [{ file: "services/ledger/Main.java", imports: [{ local: "pg", imported: "default", specifier: "pg" }] }],
      dependencies: { ledger: ["express"] },
    });
    expect(diagnostics.map((d) => d.message)).toEqual([
      "orders connects to redis through ioredis at services/orders/src/cache.ts:5, but its URL did not resolve (it comes from code arch-lint does not follow, such as a parameter or a call's result)",
    ]);
  });

  it("package names of import specifiers", () => {
    expect(["pg", "@prisma/client", "drizzle-orm/node-postgres", "@mikro-orm/postgresql/x", "./db", "node:fs", "@/db", "#db"].map(packageOf)).toEqual([
      "pg",
      "@prisma/client",
      "drizzle-orm",
      "@mikro-orm/postgresql",
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe("[U] an HTTP client imported and no call found", () => {
  it("a request function injected through options and kept in a context object is followed (no diagnostic); one behind a call's result is said, the import not named twice; a type-only or error-class import is not", () => {
    const files: Tree = {
      ...service("services/gateway", ["fastify", "undici"], {
        "src/server.ts": `import Fastify from "fastify";\nimport { request } from "undici";\nimport { proxy, type Deps } from "./proxy.js";\nexport function build(options: { requestFn?: typeof request } = {}) {\n  const deps: Deps = { send: options.requestFn ?? request, ordersBase: process.env.ORDERS_URL ?? "http://orders:4000" };\n  const app = Fastify();\n  app.get("/v1/orders", async (req, reply) => proxy(deps, "/v1/orders", reply));\n  return app;\n}\nbuild().listen({ port: 3000 });\n`,
        "src/proxy.ts": `import type { request } from "undici";\nexport type Deps = { send: typeof request; ordersBase: string };\nexport async function proxy(deps: Deps, path: string, reply: { send(body: unknown): void }) {\n  const answer = await deps.send(deps.ordersBase + path);\n  reply.send(await answer.body.json());\n}\n`,
      }),
      ...service("services/orders", ["fastify", "axios"], {
        "src/server.ts": `import Fastify from "fastify";\nimport { AxiosError } from "axios";\nconst app = Fastify();\napp.get("/v1/orders", async () => { try { return []; } catch (error) { if (error instanceof AxiosError) throw error; throw error; } });\napp.listen({ port: 4000 });\n`,
      }),
    };
    expect(understood(files)).toEqual([]);
    const server = files["services/gateway/src/server.ts"] as string;
    files["services/gateway/src/server.ts"] = server.replace("const deps: Deps = {", "const deps: Deps = wrap({").replace('"http://orders:4000" };', '"http://orders:4000" });');
    expect(understood(files)).toEqual([
      "services/gateway/src/proxy.ts:4 gateway: deps.send(…) at services/gateway/src/proxy.ts:4 calls what proxy() is given, but what its callers pass could not be followed to an HTTP client (a call may be missed)",
    ]);
  });

  it("a broker's client imported and no message found: the import is named, for a service and for a library its users load out of sight", () => {
    const files: Tree = {
      ...service("services/orders", ["express", "kafkajs"], {
        "src/server.ts": `import express from "express";\nimport { Kafka } from "kafkajs";\nimport { outlets } from "./outlets.js";\noutlets.set("orders", new Kafka({ brokers: ["kafka:9092"] }).producer());\nconst app = express();\napp.post("/v1/orders", async (req, res) => { await outlets.get("orders")?.send(req.body); res.end(); });\napp.listen(3000);\n`,
        "src/outlets.ts": `export const outlets = new Map<string, { send(record: unknown): Promise<unknown> }>();\n`,
      }),
      ...service("services/billing", ["express", "@shop/bus"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/invoices", async (req, res) => {\n  const { publish } = require(["@shop", "bus"].join("/"));\n  await publish("invoices", req.body);\n  res.end();\n});\napp.listen(3001);\n`,
      }),
      "packages/bus/package.json": JSON.stringify({ name: "@shop/bus", main: "index.js", dependencies: { amqplib: "*" } }),
      "packages/bus/index.js": `const amqp = require("amqplib");\nexports.publish = async (queue, body) => {\n  const channel = await (await amqp.connect(process.env.AMQP_URL)).createChannel();\n  channel.sendToQueue(queue, Buffer.from(JSON.stringify(body)));\n};\n`,
    };
    expect(understood(files).filter((line) => /kafkajs|amqplib/.test(line))).toEqual([
      "packages/bus/index.js:1 bus (a library) imports amqplib at packages/bus/index.js:1, but no service was found sending or receiving messages through it (one that loads it in a way arch-lint does not follow, such as a path built at run time, is not seen): its messages and the dual writes around them are not checked",
      "services/orders/src/server.ts:2 orders imports kafkajs at services/orders/src/server.ts:2, but no message it sends or receives was found (through a client or topic arch-lint could not follow): its messages and the dual writes around them are not checked",
    ]);
    // Loaded by an import() with its name, it is followed: the library is that service's.
    const dynamic = { ...files, "services/billing/src/server.ts": (files["services/billing/src/server.ts"] as string).replace('require(["@shop", "bus"].join("/"))', 'await import("@shop/bus")') };
    expect(understood(dynamic).filter((line) => line.includes("(a library) imports"))).toEqual([]);
    // A service that imports the library by name is followed: what it sends through it is its own to find, here in
    // the subclass that names the subject.
    files["packages/bus/package.json"] = JSON.stringify({ name: "@shop/bus", main: "index.ts", dependencies: { "node-nats-streaming": "*" } });
    delete files["packages/bus/index.js"];
    files["packages/bus/index.ts"] = `import { Stan } from "node-nats-streaming";\nexport abstract class Publisher<T> {\n  abstract subject: string;\n  constructor(private client: Stan) {}\n  publish(data: T) {\n    this.client.publish(this.subject, JSON.stringify(data));\n  }\n}\n`;
    files["services/billing/src/server.ts"] = `import express from "express";\nimport nats from "node-nats-streaming";\nimport { Publisher } from "@shop/bus";\nclass InvoiceIssued extends Publisher<{ id: string }> {\n  subject = "invoice:issued";\n}\nconst stan = nats.connect("shop", "billing", { url: "http://nats:4222" });\nconst app = express();\napp.post("/v1/invoices", async (req, res) => {\n  new InvoiceIssued(stan).publish(req.body);\n  res.end();\n});\napp.listen(3001);\n`;
    expect(understood(files).filter((line) => line.includes("(a library) imports"))).toEqual([]);
  });

  it("code imported from a file the repository lacks (a generated client) is named once per owner, for a service and a library; stylesheets and files that are there are not", () => {
    const files: Tree = {
      ...service("services/orders", ["express"], {
        "src/server.ts": `import express from "express";\nimport "./styles.css";\nimport { BillingApi } from "./generated/billing-api";\nimport { StockApi } from "./generated/stock-api.js";\nimport { prices } from "./prices";\nimport type { Order } from "./types/order";\nimport { Shapes } from "./types";\nimport { db } from "./db";\nconst billing = new BillingApi();\nconst stock = new StockApi();\nconst app = express();\napp.post("/v1/orders", async (req, res) => res.json([await billing.charge(prices.base), await stock.reserve()]));\napp.listen(3000);\n`,
        "src/prices.ts": `export const prices = { base: 10 };\n`,
        // Declaration files: types only, never read, yet there.
        "src/types/order.d.ts": `export interface Order { id: string }\n`,
        "src/types/index.d.ts": `export declare const Shapes: string[];\n`,
        // Prisma's client generated into the service (git-ignored): its database is read from the schema.
        "prisma/schema.prisma": `generator client {\n  provider = "prisma-client"\n  output   = "../generated/prisma"\n}\n\ndatasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n`,
        "src/db.ts": `import { PrismaClient } from "../generated/prisma/client";\nimport { Prisma } from "../generated/prisma";\nexport const db = new PrismaClient();\nexport type Input = Prisma.OrderCreateInput;\n`,
      }),
      ...service("services/shipping", ["express", "@shop/clients"], {
        "src/server.ts": `import express from "express";\nimport { trackingApi } from "@shop/clients";\nconst app = express();\napp.get("/v1/parcels/:id", async (req, res) => res.json(await trackingApi.find(req.params.id)));\napp.listen(3001);\n`,
      }),
      "packages/clients/package.json": JSON.stringify({ name: "@shop/clients", main: "src/index.ts" }),
      "packages/clients/src/index.ts": `import { TrackingApi } from "./tracking";\nexport const trackingApi = new TrackingApi();\n`,
    };
    expect(understood(files).filter((line) => line.includes("not in the repository"))).toEqual([
      "packages/clients/src/index.ts:1 clients (a library) imports ./tracking at packages/clients/src/index.ts:1, which is not in the repository (generated at build time, git-ignored or deleted): the calls, routes and messages in it are not checked",
      "services/orders/src/server.ts:3 orders imports ./generated/billing-api at services/orders/src/server.ts:3 (and 1 more), which is not in the repository (generated at build time, git-ignored or deleted): the calls, routes and messages in it are not checked",
    ]);
  });

  it("an HTTP client imported and no call at all: the import is named", () => {
    const files: Tree = {
      ...service("services/gateway", ["fastify", "undici"], {
        "src/server.ts": `import Fastify from "fastify";\nimport { request } from "undici";\nimport { makeClient } from "./client.js";\nconst client = makeClient(request);\nconst app = Fastify();\napp.get("/v1/orders", async () => client.list());\napp.listen({ port: 3000 });\n`,
      }),
    };
    expect(understood(files)).toEqual([
      "services/gateway/src/server.ts:2 gateway imports undici at services/gateway/src/server.ts:2, but no HTTP call was found (calls through a client arch-lint could not follow to where it is used, such as one a function makes, are not seen)",
    ]);
  });
});

describe("[U] publishing through a base class of a package the scan does not have", () => {
  it("a service whose producer subclass extends a package's base and whose code names no broker is told its messages are not checked; one with a broker client is not", () => {
    const producer = `import { BaseOutboundProducer } from "@acme-shop/events";\nexport class ParcelShipped extends BaseOutboundProducer<{ id: string }> {}\nexport const parcelShipped = new ParcelShipped();\n`;
    const route = `import express from "express";\nimport { parcelShipped } from "./parcel-shipped";\nconst app = express();\napp.post("/v1/parcels/:id/ship", async (req, res) => {\n  await parcelShipped.send("parcel.shipped", { id: req.params.id });\n  res.end();\n});\napp.listen(3000);\n`;
    const files: Tree = {
      ...service("services/parcels", ["express", "@acme-shop/events"], { "src/server.ts": route, "src/parcel-shipped.ts": producer }),
      ...service("services/labels", ["express", "@acme-shop/events", "kafkajs"], {
        "src/server.ts": route,
        "src/parcel-shipped.ts": producer,
        "src/bus.ts": `import { Kafka } from "kafkajs";\nexport const kafka = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] });\n`,
      }),
    };
    expect(understood(files).filter((line) => line.includes("publishes through"))).toEqual([
      "services/parcels/src/parcel-shipped.ts:1 parcels publishes through BaseOutboundProducer of @acme-shop/events (services/parcels/src/parcel-shipped.ts:1), on a broker its own code does not name: its sends are taken as events (the dual writes around them are checked), but which broker carries them, and who receives them, is not known",
    ]);
  });
});

describe("[U] request-reply toolkits arch-lint does not read", () => {
  it("a service that loads seneca (also as require(\"seneca\")({ tag })) or cote is said to make calls that are not checked; one that does not, is not", () => {
    const files: Tree = {
      ...service("services/front", ["express", "seneca"], {
        "src/server.ts": `import express from "express";\nconst mesh = require("seneca")({ tag: "front" }).use("mesh");\nconst app = express();\napp.get("/v1/parcels", (req, res) => mesh.act("role:parcels,cmd:list", (err, out) => res.json(out)));\napp.listen(3000);\n`,
      }),
      ...service("services/parcels", ["express", "cote"], {
        "src/server.ts": `import express from "express";\nimport cote from "cote";\nconst answers = new cote.Responder({ name: "parcels" });\nanswers.on("list", async () => []);\nconst app = express();\napp.get("/v1/health", (req, res) => res.end());\napp.listen(3001);\n`,
      }),
      ...service("services/plain", ["express"], { "src/server.ts": SERVER }),
    };
    expect(understood(files)).toEqual([
      "services/front/src/server.ts:2 front uses seneca at services/front/src/server.ts:2, whose requests and handlers arch-lint does not read: calls between services through it are not checked (nor chains through them)",
      "services/parcels/src/server.ts:2 parcels uses cote at services/parcels/src/server.ts:2, whose requests and handlers arch-lint does not read: calls between services through it are not checked (nor chains through them)",
    ]);
  });
});

describe("[U] routes an OpenAPI document declares", () => {
  it("a service dispatching through openapi-backend is said not to be fully read, even with a health route found", () => {
    const files = service("services/cart", ["express", "openapi-backend"], {
      "src/app.js": `const express = require("express");\nconst OpenAPIBackend = require("openapi-backend").default;\nconst app = express();\nconst api = new OpenAPIBackend({ definition: "./openapi.yaml", handlers: { getCart: (c, req, res) => res.json({}) } });\napp.use("/api", (req, res) => api.handleRequest(req, req, res));\napp.get("/health", (req, res) => res.json({ ok: true }));\napp.listen(3000);\n`,
    });
    // The document it names is not in the repository: said too (openapi-routes.ts), with the name the code gives it.
    expect(understood(files)).toEqual([
      "services/cart/src/app.js:2 cart routes requests through openapi-backend at services/cart/src/app.js:2, but the routes its OpenAPI document declares are not read (they are not checked)",
      "services/cart/src/app.js:4 routes requests through openapi-backend by the OpenAPI document ./openapi.yaml, which the scan does not hold: the routes it declares are not checked",
    ]);
  });

  it("a gateway that proxies by a route table of its own is said not to be read when its table is not written out, or its library's tables are never read", () => {
    const files: Tree = {
      "edge/package.json": { name: "edge", main: "index.js", dependencies: { fastify: "*", "k-fastify-gateway": "*" } },
      "edge/index.js": `const fastify = require("fastify")();\nfastify.register(require("fastify-reply-from"));\nfastify.register(require("k-fastify-gateway"), { routes: [{ prefix: "/v1/shop", target: process.env.SHOP_URL ?? "http://shop:3000" }] });\nfastify.get("/v1/token", (req, reply) => reply.send("t"));\nfastify.listen(8080);\n`,
      "relay/package.json": { name: "relay", main: "index.js", dependencies: { "fast-gateway": "*" } },
      "relay/index.js": `const gateway = require("fast-gateway");\nconst settings = require("./settings");\ngateway({ routes: settings.routes }).start(8081);\n`,
      "relay/settings.js": `module.exports = { routes: [] };\n`,
      "hub/package.json": { name: "hub", main: "server.js", dependencies: { "express-gateway": "*" } },
      "hub/server.js": `require("express-gateway")().load(__dirname + "/config").run();\n`,
    };
    expect(understood(files)).toEqual([
      "hub/package.json:5 hub forwards requests through express-gateway (hub/package.json:5), whose routes and upstreams are not read (they are not checked)",
      "relay/index.js:3 relay: a proxy (fast-gateway) at relay/index.js:3 forwards requests, but neither the routes it serves nor its upstream could be read: its routes (settings.routes) are not a list written out (they are not checked)",
    ]);
  });
});

describe("[U] gRPC imported and nothing of it read", () => {
  const proto = `syntax = "proto3";\npackage bank;\nservice VaultService {\n  rpc Open(Req) returns (Res);\n}\nmessage Req { string id = 1; }\nmessage Res { string id = 1; }\n`;
  const loadProto = `const grpc = require("@grpc/grpc-js");\nconst loader = require("@grpc/proto-loader");\nconst bank = grpc.loadPackageDefinition(loader.loadSync(__dirname + "/../proto/bank.proto")).bank;\n`;
  const vault: Tree = {
    "vault/package.json": { name: "vault", main: "server.js", dependencies: { "@grpc/grpc-js": "*", "@grpc/proto-loader": "*" } },
    "vault/server.js": `${loadProto}const server = new grpc.Server();\nserver.addService(bank.VaultService.service, { open: (call, cb) => cb(null, { id: "1" }) });\nserver.bindAsync("0.0.0.0:6000", grpc.ServerCredentials.createInsecure(), () => server.start());\n`,
    "proto/bank.proto": proto,
  };
  const teller = (client: string): Tree => ({
    "teller/package.json": { name: "teller", main: "server.js", dependencies: { express: "*", "@grpc/grpc-js": "*", "@grpc/proto-loader": "*" } },
    "teller/server.js": `${loadProto.replace("/../proto/", "/../proto/")}${client}const app = require("express")();\napp.post("/v1/accounts", (req, res) => vault.open({ id: "a" }, { deadline: Date.now() + 300 }, (err, r) => res.json(r)));\napp.listen(3000);\n`,
  });

  it("a client a project function builds from a service class it is given is said not to be followed", () => {
    const files = { ...vault, ...teller(`const make = (Service, address) => new Service(address, grpc.credentials.createInsecure());\nconst vault = make(bank.VaultService, "vault:6000");\n`) };
    expect(understood(files)).toEqual([
      "teller/server.js:1 teller imports @grpc/grpc-js at teller/server.js:1, but no gRPC call or served gRPC service was found (a client or server made in a way arch-lint does not follow, such as a factory of the project given its service class, or called with values not written at the call)",
    ]);
  });

  it("nothing to say when the client's calls and the server's service were read", () => {
    expect(understood({ ...vault, ...teller(`const vault = new bank.VaultService("vault:6000", grpc.credentials.createInsecure());\n`) })).toEqual([]);
  });
});

describe("[U] NestJS apps that serve no HTTP, and work run through a workflow engine", () => {
  const main = (make: string) => `import { NestFactory } from "@nestjs/core";\nimport { Transport } from "@nestjs/microservices";\nimport { LedgerModule } from "./ledger.module";\nasync function boot() {\n  const app = await ${make};\n  await app.listen();\n}\nboot();\n`;
  const ledger = (make: string, extra: Record<string, string> = {}): Tree =>
    service("services/ledger", ["@nestjs/core", "@nestjs/common", "@nestjs/microservices"], {
      "src/main.ts": main(make),
      "src/ledger.module.ts": `import { Module } from "@nestjs/common";\n@Module({})\nexport class LedgerModule {}\n`,
      ...extra,
    });

  it("an app made with createMicroservice is not said to have no route; one made with create is", () => {
    const micro = understood(ledger(`NestFactory.createMicroservice(LedgerModule, { transport: Transport.TCP, options: { port: 4001 } })`));
    expect(micro.filter((line) => line.includes("but no route was found"))).toEqual([]);
    const http = understood(ledger(`NestFactory.create(LedgerModule)`));
    expect(http.filter((line) => line.includes("but no route was found"))).toEqual([
      "services/ledger/src/main.ts:1 ledger imports @nestjs/core at services/ledger/src/main.ts:1, but no route was found (routes registered in a way arch-lint does not follow are not checked)",
    ]);
  });

  it("a type imported from express (@Req() req: Request) is no sign of serving HTTP with it; a value is", () => {
    const logging = (what: string) => ({ "src/logging.ts": `import { ${what} } from "express";\nexport function requestId(req: Request) {\n  return ${what === "Request" ? "req" : what}.name;\n}\n` });
    const micro = `NestFactory.createMicroservice(LedgerModule, { transport: Transport.TCP })`;
    expect(understood(ledger(micro, logging("Request"))).filter((line) => line.includes("but no route was found"))).toEqual([]);
    expect(understood(ledger(micro, logging("Router"))).filter((line) => line.includes("but no route was found"))).toEqual([
      "services/ledger/src/logging.ts:1 ledger imports express at services/ledger/src/logging.ts:1, but no route was found (routes registered in a way arch-lint does not follow are not checked)",
    ]);
  });

  it("a service whose activities a Temporal worker runs is said not to be read there", () => {
    const activity = `import { Activity, ActivityMethod } from "nestjs-temporal-core";\n@Activity()\nexport class PostingActivity {\n  @ActivityMethod()\n  async post(entry: unknown) {\n    return entry;\n  }\n}\n`;
    const lines = understood(ledger(`NestFactory.createMicroservice(LedgerModule, { transport: Transport.TCP })`, { "src/posting.activity.ts": activity }));
    expect(lines.filter((line) => line.includes("Temporal"))).toEqual([
      "services/ledger/src/posting.activity.ts:1 ledger runs work through Temporal (nestjs-temporal-core at services/ledger/src/posting.activity.ts:1), whose workflows and activities arch-lint does not read: what services ask of each other through it, and the writes and publishes its activities make, are not checked",
    ]);
  });
});

describe("[U] NATS JetStream pull consumers (acc31b)", () => {
  it("a service taking messages through `js.consumers.get(stream, durable)` whose subjects the scan does not declare is told its subjects, handlers and the dual writes in them are not checked; `cache.get(key)` elsewhere says nothing", () => {
    const files: Tree = {
      ...service("services/rooms", ["express", "nats"], {
        "src/server.ts": `import express from "express";\nimport { connect } from "nats";\nasync function listen() {\n  const nc = await connect({ servers: process.env.NATS_URL });\n  const js = nc.jetstream();\n  const consumer = await js.consumers.get("BOOKINGS", "rooms");\n  for await (const msg of await consumer.consume()) msg.ack();\n}\nvoid listen();\nconst app = express();\napp.get("/v1/rooms", (req, res) => res.json([]));\napp.listen(3000);\n`,
      }),
      ...service("services/plain", ["express"], { "src/server.ts": `import express from "express";\nconst cache = new Map();\nconst app = express();\napp.get("/v1/plain", (req, res) => res.json(cache.get("x") ?? []));\napp.listen(3001);\n` }),
    };
    expect(understood(files).filter((line) => line.includes("JetStream"))).toEqual([
      "services/rooms/src/server.ts:6 rooms takes messages through NATS JetStream pull consumers (`consumers.get(stream, durable)` at services/rooms/src/server.ts:6) whose subjects no stream or consumer configuration of the scan names (`jsm.streams.add`, `jsm.consumers.add`): the subjects received there, their handlers, and the dual writes in those handlers are not checked",
    ]);
  });
});
