import { describe, expect, it } from "vitest";
import { stores } from "./datastores-helpers.js";

/** Each connection form: `valid` code opens exactly the listed connections, `invalid` code (look-alikes) opens none. */
function cases(list: { name: string; code: string; file?: string; expected: string[] }[]): void {
  for (const c of list) it(c.name, () => expect(stores(c.code, c.file ?? "src/app.module.ts")).toEqual(c.expected));
}

describe("[U] NestJS datastore modules", () => {
  describe("valid", () => {
    cases([
      {
        name: "MongooseModule.forRoot(url, { dbName })",
        code: `import { MongooseModule } from "@nestjs/mongoose";\n@Module({ imports: [MongooseModule.forRoot(process.env.MONGO_URI ?? "mongodb://mongo/app", { dbName: "users" })] })\nexport class AppModule {}\n`,
        expected: ["mongodb/mongoose url=${MONGO_URI:-mongodb://mongo/app} db=users @2"],
      },
      {
        name: "MongooseModule.forRootAsync with a ConfigService factory",
        code: `import { MongooseModule } from "@nestjs/mongoose";\nimport { ConfigService } from "@nestjs/config";\nexport const db = MongooseModule.forRootAsync({\n  inject: [ConfigService],\n  useFactory: (config: ConfigService) => ({ uri: config.get<string>("MONGO_URI") }),\n});\n`,
        expected: ["mongodb/mongoose url=${MONGO_URI} @3"],
      },
      {
        name: "a factory with a block body and locals of its own",
        code: `import { MongooseModule } from "@nestjs/mongoose";\nexport const db = MongooseModule.forRootAsync({\n  useFactory: async (configService) => {\n    const uri = configService.getOrThrow("DATABASE_URI");\n    return { uri };\n  },\n});\n`,
        expected: ["mongodb/mongoose url=${DATABASE_URI} @2"],
      },
      {
        name: "TypeOrmModule.forRoot and forRootAsync with host, port (+string) and database",
        code: `import { TypeOrmModule } from "@nestjs/typeorm";\nexport const a = TypeOrmModule.forRoot({ type: "postgres", url: process.env.DATABASE_URL, autoLoadEntities: true });\nexport const b = TypeOrmModule.forRootAsync({\n  useFactory: (cs: ConfigService) => ({ type: "mysql", host: cs.get("DB_HOST"), port: +cs.get("DB_PORT"), database: cs.get("DB_NAME", "shop") }),\n});\n`,
        expected: ["postgres/typeorm url=${DATABASE_URL} @2", "mysql/typeorm host=${DB_HOST} port=${DB_PORT} db=${DB_NAME:-shop} @3"],
      },
      {
        name: "ConfigService.get defaults as written: a number, a constant, a template",
        code: `import { TypeOrmModule } from "@nestjs/typeorm";\nconst DEFAULT_DB = "ledger";\nexport const m = TypeOrmModule.forRootAsync({\n  useFactory: (cs: ConfigService) => ({ type: "postgres", host: cs.get("PG_HOST", \`pg-\${"main"}\`), port: cs.get<number>("PG_PORT", 6543), database: cs.get("PG_DB", DEFAULT_DB) }),\n});\n`,
        expected: ["postgres/typeorm host=${PG_HOST:-pg-main} port=${PG_PORT:-6543} db=${PG_DB:-ledger} @3"],
      },
      {
        name: "an options factory class (useClass) returns the options",
        code: `import { Injectable } from "@nestjs/common";\nimport { TypeOrmOptionsFactory, TypeOrmModuleOptions } from "@nestjs/typeorm";\n@Injectable()\nexport class TypeOrmConfigService implements TypeOrmOptionsFactory {\n  constructor(private readonly config: ConfigService) {}\n  createTypeOrmOptions(): TypeOrmModuleOptions {\n    return { type: "postgres", host: this.config.get("POSTGRES_HOST"), database: this.config.get("POSTGRES_DB") };\n  }\n}\nexport const m = TypeOrmModule.forRootAsync({ useClass: TypeOrmConfigService });\n`,
        file: "src/config/typeorm.config.ts",
        expected: ["postgres/typeorm host=${POSTGRES_HOST} db=${POSTGRES_DB} @6"],
      },
      {
        // The primary takes the writes; its replicas copy it: the primary is the service's database.
        name: "a replicated connection: TypeORM's replication.master and Sequelize's replication.write",
        code: `import { TypeOrmModule } from "@nestjs/typeorm";\nimport { SequelizeModule } from "@nestjs/sequelize";\nexport const a = TypeOrmModule.forRootAsync({\n  useFactory: () => ({ type: "postgres", replication: { master: { host: process.env.PRIMARY_HOST, database: "shop" }, slaves: [{ host: "replica-1" }] } }),\n});\nexport const b = SequelizeModule.forRoot({ dialect: "mysql", database: "ledger", replication: { read: [{ host: "ro-1" }], write: { host: "rw" } } });\n`,
        expected: ["postgres/typeorm host=${PRIMARY_HOST} db=shop @3", "mysql/sequelize host=rw db=ledger @6"],
      },
      {
        name: "SequelizeModule and MikroOrmModule",
        code: `import { SequelizeModule } from "@nestjs/sequelize";\nimport { MikroOrmModule } from "@mikro-orm/nestjs";\nexport const a = SequelizeModule.forRoot({ dialect: "mysql", host: "mysql", database: "app" });\nexport const b = MikroOrmModule.forRoot({ driver: PostgreSqlDriver, dbName: "catalog", host: "pg" });\n`,
        expected: ["mysql/sequelize host=mysql db=app @3", "postgres/mikro-orm host=pg db=catalog @4"],
      },
      {
        name: "BullModule (bull and bullmq), RedisModule and a Redis CacheModule",
        code: `import { BullModule } from "@nestjs/bullmq";\nimport { RedisModule } from "@nestjs-modules/ioredis";\nimport { CacheModule } from "@nestjs/cache-manager";\nimport { redisStore } from "cache-manager-redis-yet";\nexport const a = BullModule.forRoot({ connection: { host: process.env.REDIS_HOST, port: 6379 } });\nexport const b = RedisModule.forRoot({ type: "single", url: "redis://cache:6379" });\nexport const c = CacheModule.registerAsync({ useFactory: async () => ({ store: await redisStore({ socket: { host: "cache", port: 6379 } }) }) });\n`,
        expected: ["redis/bull host=${REDIS_HOST} port=6379 queue @5", "redis/ioredis url=redis://cache:6379 @6", "redis/cache-manager host=cache port=6379 @7"],
      },
      {
        name: "ElasticsearchModule.registerAsync",
        code: `import { ElasticsearchModule } from "@nestjs/elasticsearch";\nexport const es = ElasticsearchModule.registerAsync({ useFactory: (config: ConfigService) => ({ node: config.get("ELASTICSEARCH_NODE") }) });\n`,
        expected: ["elasticsearch/@nestjs/elasticsearch url=${ELASTICSEARCH_NODE} @2"],
      },
      {
        name: "TypeOrmModule.forRoot with options another file exports",
        code: `import { TypeOrmModule } from "@nestjs/typeorm";\nimport { dataSourceOptions } from "../db/data-source";\nexport const m = TypeOrmModule.forRoot(dataSourceOptions);\n`,
        expected: ["unknown/typeorm options={../db/data-source#dataSourceOptions} @3"],
      },
      {
        name: "a factory whose options spread an imported object and add no connection of their own (acc13c)",
        code: `import { MikroOrmModule } from "@mikro-orm/nestjs";\nimport ormOptions from "../orm-options";\nimport { base } from "./base";\nexport const m = MikroOrmModule.forRootAsync({ useFactory: () => ({ debug: true, ...ormOptions }) });\nexport const n = MikroOrmModule.forRoot({ ...base, dbName: "roster" });\n`,
        expected: ["unknown/mikro-orm options={../orm-options#default} @4", "unknown/mikro-orm db=roster options={./base#base} @5"],
      },
      {
        name: "a factory returning a whole configuration namespace",
        code: `import { TypeOrmModule } from "@nestjs/typeorm";\nexport const m = TypeOrmModule.forRootAsync({ useFactory: (config: ConfigService) => config.get("typeorm") });\n`,
        expected: ["unknown/typeorm options={config:#typeorm} @2"],
      },
      {
        name: "a factory another file exports: the options it returns, recorded there",
        code: `import { MongooseModule } from "@nestjs/mongoose";\nimport { TypeOrmModule } from "@nestjs/typeorm";\nimport { mongoFactory } from "./mongo.factory";\nimport { getTypeOrmConfig } from "./typeorm.config";\nexport const db = MongooseModule.forRootAsync({ useFactory: mongoFactory });\nexport const sql = TypeOrmModule.forRootAsync({ useFactory: (config: ConfigService) => getTypeOrmConfig(config) });\n`,
        expected: ["mongodb/mongoose options={./mongo.factory#mongoFactory.returns} @5", "unknown/typeorm options={./typeorm.config#getTypeOrmConfig.returns} @6"],
      },
      {
        name: "another package's module told a MongoDB address by an option of that name (an event store's mongoUrl)",
        code: `import { LedgerStoreModule } from "ledger-store";\nexport const a = LedgerStoreModule.forRoot({ mongoUri: "mongodb://events-db/ledger" });\nexport const b = LedgerStoreModule.forRootAsync({\n  useFactory: (cs: ConfigService) => ({ mongoUrl: cs.get("LEDGER_EVENTS_URL") }),\n});\n`,
        expected: ["mongodb/ledger-store url=mongodb://events-db/ledger @2", "mongodb/ledger-store url=${LEDGER_EVENTS_URL} @3"],
      },
      {
        name: "a factory arch-lint cannot read is still a connection, unresolved",
        code: `import { MongooseModule } from "@nestjs/mongoose";\nexport const db = MongooseModule.forRootAsync({ useFactory: factories[process.env.MODE] });\n`,
        expected: ["mongodb/mongoose url=? @2"],
      },
    ]);
  });
  describe("invalid", () => {
    cases([
      { name: "an in-memory CacheModule is no datastore", code: `import { CacheModule } from "@nestjs/cache-manager";\nexport const c = CacheModule.register({ ttl: 5 });\n`, expected: [] },
      { name: "a module of the same name from the project itself", code: `import { TypeOrmModule } from "./typeorm";\nexport const a = TypeOrmModule.forRoot({ type: "postgres", host: "x", database: "y" });\n`, expected: [] },
      { name: "useClass forRootAsync adds nothing of its own (the class does)", code: `import { TypeOrmModule } from "@nestjs/typeorm";\nimport { DbConfig } from "./db.config";\nexport const a = TypeOrmModule.forRootAsync({ useClass: DbConfig });\n`, expected: [] },
      { name: "another package's module with no MongoDB address option, or an unreadable factory, opens nothing known", code: `import { LedgerStoreModule } from "ledger-store";\nexport const a = LedgerStoreModule.forRoot({ retention: 30, mongoose: true });\nexport const b = LedgerStoreModule.forRootAsync({ useFactory: factories[process.env.MODE] });\n`, expected: [] },
      { name: "forFeature registers models, not connections", code: `import { MongooseModule } from "@nestjs/mongoose";\nexport const f = MongooseModule.forFeature([{ name: "User", schema: {} }]);\n`, expected: [] },
    ]);
  });
});
