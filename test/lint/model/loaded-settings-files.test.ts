import { describe, expect, it } from "vitest";
import { facts, lintTree, service, type Tree } from "../helpers.js";

/**
 * NestJS settings kept in a YAML (or JSON) file that a configuration factory returns (`() =>
 * yaml.load(readFileSync(join(__dirname, "config.yaml"), "utf8"))`, loaded by `ConfigModule.forRoot({ load })`), read by
 * key, whole or destructured (`const { host, port } = configService.get("db")`): the file is read as data, never run.
 */

const factory = (spec: string, reader = `yaml.load(readFileSync(join(__dirname, SETTINGS), "utf8"))`) =>
  [
    `import { readFileSync } from "fs";`,
    `import * as yaml from "js-yaml";`,
    `import { join } from "path";`,
    `const SETTINGS = "${spec}";`,
    `export default () => {`,
    `  return ${reader} as Record<string, unknown>;`,
    `};`,
  ].join("\n");

const connect = (read: string) =>
  [
    `import { ConfigService } from "@nestjs/config";`,
    `import * as mongoose from "mongoose";`,
    `export const storeProviders = [`,
    `  {`,
    `    provide: "STORE",`,
    `    useFactory: async (configService: ConfigService) => {`,
    read,
    `    },`,
    `    inject: [ConfigService],`,
    `  },`,
    `];`,
  ].join("\n");

const DESTRUCTURED = `      const { host, port, name } = configService.get<{ host: string; port: number; name: string }>("store");\n      return mongoose.connect(\`mongodb://\${host}:\${port}/\${name}\`);`;
const CHAINED = `      return mongoose.connect(\`mongodb://\${configService.get("store").host}:27017/\${configService.get("store").name}\`);`;

const shelf = (files: Record<string, string>): Tree => ({
  "docker-compose.yml": "services:\n  shelf:\n    build: ./shelf\n  shelf-db:\n    image: mongo:7\n",
  ...service("shelf", ["@nestjs/core", "@nestjs/common", "@nestjs/config", "mongoose", "js-yaml"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { ShelfModule } from "./shelf.module";\nNestFactory.create(ShelfModule).then((app) => app.listen(3000));\n`,
    "src/shelf.module.ts": `import { Module } from "@nestjs/common";\nimport { ConfigModule } from "@nestjs/config";\nimport configuration from "./config/configuration";\nimport { storeProviders } from "./store.providers";\n@Module({ imports: [ConfigModule.forRoot({ load: [configuration] })], providers: [...storeProviders] })\nexport class ShelfModule {}\n`,
    ...files,
  }),
});

describe("[U] a configuration factory that returns a settings file", () => {
  it("records the file it reads, anchored at __dirname or not, through YAML or JSON", () => {
    expect(facts(factory("./config/settings.yaml"), "src/config/configuration.ts").settingsFiles).toEqual([{ spec: "./config/settings.yaml", fromDir: true, namespace: "", location: expect.objectContaining({ line: 6 }) }]);
    expect(facts(factory("settings.json", `JSON.parse(readFileSync(SETTINGS, "utf8"))`), "src/config/configuration.ts").settingsFiles).toEqual([expect.objectContaining({ spec: "settings.json", fromDir: false })]);
  });

  it("a factory returning an object of its own reads no file", () => {
    expect(facts(`export default () => ({ store: { host: "shelf-db" } });\n`, "src/config/configuration.ts").settingsFiles).toBeUndefined();
  });
});

describe("[I] settings read from the file a factory loads", () => {
  const settings = "store:\n  host: shelf-db\n  port: 27017\n  name: books\n";

  it("destructured or read by key, the connection is to the database the YAML names (found from the build's layout: config/ beside the factory)", () => {
    for (const read of [DESTRUCTURED, CHAINED]) {
      const result = lintTree(shelf({ "src/config/configuration.ts": factory("./config/settings.yaml"), "src/config/settings.yaml": settings, "src/store.providers.ts": connect(read) }), { only: "shared-database" });
      expect(result.model.datastores.map((d) => `${d.service} ${d.identity}`)).toEqual(["shelf mongodb://shelf-db:27017/books"]);
    }
  });

  it("a settings file the scan does not hold is said, and the connection stays unresolved", () => {
    const result = lintTree(shelf({ "src/config/configuration.ts": factory("./config/settings.yaml"), "src/store.providers.ts": connect(DESTRUCTURED) }), { only: "shared-database" });
    expect(result.model.datastores.map((d) => d.identity)).toEqual([undefined]);
    expect(result.diagnostics.map((d) => d.message)).toContain(
      "shelf/src/config/configuration.ts loads its settings from ./config/settings.yaml, which the scan does not hold: the values read from them (database URLs, other services' addresses) are not known",
    );
  });
});
