import { describe, expect, it } from "vitest";
import { stores } from "./datastores-helpers.js";

/** Each connection form: `valid` code opens exactly the listed connections, `invalid` code (look-alikes) opens none. */
function cases(list: { name: string; code: string; file?: string; expected: string[] }[]): void {
  for (const c of list) it(c.name, () => expect(stores(c.code, c.file)).toEqual(c.expected));
}

describe("[U] MongoDB datastores", () => {
  describe("valid", () => {
    cases([
      {
        name: "a connecting helper named for MongoDB imported from a package the scan does not have (a course's shared library) (acc31b)",
        code: `import { connectMongo, Server } from "@kit/shared";\nimport { initMongoose } from "@kit/db";\nconst start = () => connectMongo("mongodb+srv://app:pw@cluster0.abcde.mongodb.net/orders");\nvoid initMongoose(process.env.MONGO_URI);\nnew Server(3000, start);\n`,
        expected: ["mongodb/@kit/shared url=mongodb+srv://app:pw@cluster0.abcde.mongodb.net/orders @3", "mongodb/@kit/db url=${MONGO_URI} @4"],
      },
      {
        name: "mongoose.connect and createConnection, with a default in the code",
        code: `import mongoose from "mongoose";\nawait mongoose.connect(process.env.MONGO_URI || "mongodb://mongo:27017/users");\nexport const other = mongoose.createConnection(\`mongodb://\${process.env.MONGO_HOST}/orders\`);\n`,
        expected: ["mongodb/mongoose url=${MONGO_URI:-mongodb://mongo:27017/users} @2", "mongodb/mongoose url=mongodb://${MONGO_HOST}/orders @3"],
      },
      {
        name: "connect imported by name, and destructured from the default import",
        code: `import mongoose, { createConnection } from "mongoose";\nconst { connect } = mongoose;\nconnect("mongodb://m/a");\ncreateConnection("mongodb://m/b");\n`,
        expected: ["mongodb/mongoose url=mongodb://m/a @3", "mongodb/mongoose url=mongodb://m/b @4"],
      },
      {
        name: "CommonJS mongoose with the URL from a required keys file and dbName in the options",
        code: `const mongoose = require("mongoose");\nconst db = require("./config/keys").mongoURI;\nmongoose.connect(db, { dbName: "shop" }).then(() => console.log("ok"));\n`,
        file: "server.js",
        expected: ["mongodb/mongoose url={./config/keys#default.mongoURI} db=shop @3"],
      },
      {
        name: "mongoose and redis required in place",
        code: `require("mongoose").connect(process.env.MONGO_URI);\nconst cache = require("redis").createClient({ url: "redis://cache:6379" });\n`,
        file: "app.js",
        expected: ["mongodb/mongoose url=${MONGO_URI} @1", "redis/redis url=redis://cache:6379 @2"],
      },
      {
        name: "Typegoose's re-exported mongoose",
        code: `import { mongoose } from "@typegoose/typegoose";\nawait mongoose.connect(process.env.MONGODB_URL!);\n`,
        expected: ["mongodb/mongoose url=${MONGODB_URL} @2"],
      },
      {
        name: "MongoClient: new, static connect, and the database client.db() picks",
        code: `import { MongoClient } from "mongodb";\nconst client = new MongoClient(process.env.MONGO_URL);\nexport const users = client.db("users");\nexport async function open() {\n  const c = await MongoClient.connect("mongodb://mongo:27017");\n  return c.db("orders");\n}\n`,
        expected: ["mongodb/mongodb url=${MONGO_URL} db=users @2", "mongodb/mongodb url=mongodb://mongo:27017 db=orders @5"],
      },
      {
        name: "one client, two databases: each is used",
        code: `const { MongoClient } = require("mongodb");\nconst client = new MongoClient("mongodb://mongo");\nconst a = client.db("a");\nconst b = client.db("b");\n`,
        file: "db.js",
        expected: ["mongodb/mongodb url=mongodb://mongo db=a @2", "mongodb/mongodb url=mongodb://mongo db=b @4"],
      },
      {
        name: "the database a callback's or a class's client picks, when the file opens one client",
        code: `const { MongoClient } = require("mongodb");\nMongoClient.connect(process.env.MONGO_URL, (err, client) => {\n  const db = client.db("orders");\n});\n`,
        file: "db.js",
        expected: ["mongodb/mongodb url=${MONGO_URL} db=orders @2"],
      },
      {
        name: "the old driver's module-level connect: a default import, a namespace, a require among others, and in place",
        code: `const express = require("express"),\n  mongo = require("mongodb");\nimport driver from "mongodb";\nimport * as ns from "mongodb";\nmongo.connect(config.get("database.url"));\ndriver.connect("mongodb://mongo:27017/a");\nns.connect("mongodb://mongo:27017/b");\nrequire("mongodb").connect("mongodb://mongo:27017/c");\n`,
        file: "db.js",
        expected: ["mongodb/mongodb url={config:#database.url} @5", "mongodb/mongodb url=mongodb://mongo:27017/a @6", "mongodb/mongodb url=mongodb://mongo:27017/b @7", "mongodb/mongodb url=mongodb://mongo:27017/c @8"],
      },
      {
        name: "a client kept on this",
        code: `import { MongoClient } from "mongodb";\nexport class Store {\n  client = new MongoClient("mongodb://mongo:27017");\n  users() { return this.client.db("users").collection("u"); }\n}\n`,
        expected: ["mongodb/mongodb url=mongodb://mongo:27017 db=users @3"],
      },
    ]);
  });
  describe("invalid", () => {
    cases([
      { name: "a db() of an unknown receiver with two clients in the file names neither", code: `import { MongoClient } from "mongodb";\nconst a = new MongoClient("mongodb://a");\nconst b = new MongoClient("mongodb://b");\nexport const f = (c) => c.db("x");\n`, expected: ["mongodb/mongodb url=mongodb://a @2", "mongodb/mongodb url=mongodb://b @3"] },
      { name: "connect from another library", code: `import { connect } from "nats";\nconnect({ servers: "nats://n" });\n`, expected: [] },
      { name: "connect of another module's default export", code: `import mongo from "./mongo";\nmongo.connect("mongodb://x/y");\nconst amqp = require("amqplib");\namqp.connect("amqp://q");\n`, expected: [] },
      { name: "a db() call on something that is not a client", code: `import { MongoClient } from "mongodb";\nconst store = makeStore();\nstore.db("x");\n`, expected: [] },
      { name: "mongoose shadowed by a parameter", code: `import mongoose from "mongoose";\nexport function f(mongoose: any) { mongoose.connect("mongodb://x/y"); }\n`, expected: [] },
      {
        name: "a helper named for MongoDB of the project's own code (read where it is), one given another store's URL, one named otherwise (acc31b)",
        code: `import { connectMongo } from "./db";\nimport { connectDatabase, connectToMongoDB } from "@kit/shared";\nconnectMongo("mongodb://x/y");\nconnectToMongoDB("postgres://pg/y");\nconnectDatabase("mongodb://x/z");\n`,
        expected: [],
      },
    ]);
  });
});

describe("[U] Redis datastores", () => {
  describe("valid", () => {
    cases([
      {
        name: "node-redis createClient: url, socket host and port, database index, nothing",
        code: `import { createClient } from "redis";\nexport const a = createClient({ url: process.env.REDIS_URL });\nexport const b = createClient({ socket: { host: "cache", port: 6380 }, database: 2 });\nexport const c = createClient();\n`,
        expected: ["redis/redis url=${REDIS_URL} @2", "redis/redis host=cache port=6380 db=2 @3", "redis/redis @4"],
      },
      {
        name: "ioredis: url, port and host, options with db",
        code: `import Redis from "ioredis";\nexport const a = new Redis(process.env.REDIS_URL);\nexport const b = new Redis(6379, "cache");\nexport const c = new Redis({ host: process.env.REDIS_HOST, port: 6379, db: 1 });\n`,
        expected: ["redis/ioredis url=${REDIS_URL} @2", "redis/ioredis host=cache port=6379 @3", "redis/ioredis host=${REDIS_HOST} port=6379 db=1 @4"],
      },
      {
        name: "ioredis's old static createClient, on a default import or required in place",
        code: `import redis from "ioredis";\nexport const a = redis.createClient(process.env.CACHE_URL);\nexport const b = require("ioredis").createClient(6380, "cache");\n`,
        expected: ["redis/ioredis url=${CACHE_URL} @2", "redis/ioredis host=cache port=6380 @3"],
      },
      {
        name: "ioredis clusters: the first node",
        code: `import Redis, { Cluster } from "ioredis";\nexport const a = new Redis.Cluster([{ host: "redis-1", port: 7000 }, { host: "redis-2", port: 7000 }]);\nexport const b = new Cluster(["redis://cache-1:6379"]);\n`,
        expected: ["redis/ioredis host=redis-1 port=7000 @2", "redis/ioredis url=redis://cache-1:6379 @3"],
      },
      {
        name: "Bull queues: URL, redis options, and without new",
        code: `import Bull from "bull";\nexport const a = new Bull("emails", "redis://queue:6379");\nexport const b = new Bull("jobs", { redis: { host: process.env.REDIS_HOST, port: 6379 } });\nexport const c = Bull("x", process.env.REDIS_URL);\n`,
        expected: ["redis/bull url=redis://queue:6379 queue @2", "redis/bull host=${REDIS_HOST} port=6379 queue @3", "redis/bull url=${REDIS_URL} queue @4"],
      },
      {
        name: "ioredis required inside the provider factory that uses it (acc13f)",
        code: `export const providers = [\n  {\n    provide: "CACHE",\n    useFactory: () => {\n      const Redis = require("ioredis");\n      return new Redis({ host: process.env.CACHE_HOST || "cache", port: 6379 });\n    },\n  },\n];\n`,
        expected: ["redis/ioredis host=${CACHE_HOST:-cache} port=6379 @6"],
      },
      {
        name: "ioredis's default export taken across the ES-module/CommonJS boundary (X.default || X, ?? too)",
        code: `import IORedisModule from "ioredis";\nconst IORedis = (IORedisModule as any).default || IORedisModule;\nconst Sessions = IORedisModule.default ?? IORedisModule;\nexport const cache = new IORedis(process.env.CACHE_URL || "redis://cache:6379");\nexport const sessions = new Sessions({ host: "sessions", port: 6380 });\n`,
        expected: ["redis/ioredis url=${CACHE_URL:-redis://cache:6379} @4", "redis/ioredis host=sessions port=6380 @5"],
      },
      {
        name: "BullMQ Queue and Worker connections",
        code: `import { Queue, Worker } from "bullmq";\nconst connection = { host: "redis", port: 6379 };\nexport const q = new Queue("mail", { connection });\nexport const w = new Worker("mail", async () => {}, { connection: { host: "redis2" } });\n`,
        expected: ["redis/bullmq host=redis port=6379 queue @3", "redis/bullmq host=redis2 queue @4"],
      },
    ]);
  });
  describe("invalid", () => {
    cases([
      { name: "a BullMQ queue given a client the code opened (that client is the datastore)", code: `import { Queue } from "bullmq";\nimport IORedis from "ioredis";\nconst connection = new IORedis(process.env.REDIS_URL);\nexport const q = new Queue("mail", { connection });\n`, expected: ["redis/ioredis url=${REDIS_URL} @3"] },
      { name: "a Bull queue with no connection settings says nothing to compare", code: `import Queue from "bull";\nexport const q = new Queue("mail");\n`, expected: [] },
      { name: "a Queue class of another library", code: `import { Queue } from "./queue";\nnew Queue("x", { connection: { host: "h" } });\n`, expected: [] },
      {
        name: "a local required from another module, or a parameter of the same name, in the function that uses it (acc13f)",
        code: `import Redis from "ioredis";\nexport function a() {\n  const Redis = require("./fake-redis");\n  return new Redis({ host: "x" });\n}\nexport function b(Redis: any) {\n  return new Redis({ host: "y" });\n}\n`,
        expected: [],
      },
      {
        name: "a name set to another import's default, or shadowed by a parameter, is not ioredis",
        code: `import IORedisModule from "ioredis";\nimport Fake from "./fake";\nconst Other = (Fake as any).default || Fake;\nconst IORedis = (IORedisModule as any).default || IORedisModule;\nexport const a = new Other({ host: "x" });\nexport function b(IORedis: any) {\n  return new IORedis({ host: "y" });\n}\n`,
        expected: [],
      },
      { name: "createClient of another library", code: `import { createClient } from "@supabase/supabase-js";\ncreateClient("https://x.supabase.co", "key");\n`, expected: [] },
    ]);
  });
});

describe("[U] search datastores", () => {
  describe("valid", () => {
    cases([
      {
        name: "Elasticsearch and OpenSearch clients",
        code: `import { Client } from "@elastic/elasticsearch";\nimport { Client as OsClient } from "@opensearch-project/opensearch";\nexport const es = new Client({ node: process.env.ELASTICSEARCH_URL || "http://elasticsearch:9200" });\nexport const os = new OsClient({ nodes: ["https://search:9200"] });\n`,
        expected: ["elasticsearch/@elastic/elasticsearch url=${ELASTICSEARCH_URL:-http://elasticsearch:9200} @3", "opensearch/@opensearch-project/opensearch url=https://search:9200 @4"],
      },
      {
        name: "the legacy elasticsearch package",
        code: `const elasticsearch = require("elasticsearch");\nmodule.exports = new elasticsearch.Client({ host: "es:9200" });\n`,
        file: "es.js",
        expected: ["elasticsearch/elasticsearch url=es:9200 @2"],
      },
    ]);
  });
  describe("invalid", () => {
    cases([{ name: "a Client of another library", code: `import { Client } from "pg";\nimport { Client as Es } from "undici";\nnew Es("http://es:9200");\n`, expected: [] }]);
  });
});
