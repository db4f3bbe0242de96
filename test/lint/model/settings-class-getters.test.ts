import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * A NestJS settings class of the project, injected into a datastore module's factory (`inject: [StoreSettings]`), whose
 * getter reads a configuration namespace named by a field holding an enum member (`this.config.get(this.scope).uri`):
 * the connection is the namespace's leaf, here an env variable compose sets (acc23a).
 */
const depot = (getter: string, inject = "StoreSettings") =>
  lintTree({
    "docker-compose.yml": "services:\n  depot:\n    build: ./depot\n    environment:\n      DEPOT_STORE_URI: mongodb://depot-mongo:27017/depot\n",
    ...service("depot", ["@nestjs/core", "@nestjs/common", "@nestjs/config", "@nestjs/mongoose", "mongoose"], {
      "src/settings/scopes.ts": `export enum Scopes {\n  STORE = "store",\n  MAIL = "mail",\n}\nexport enum Variables {\n  STORE_URI = "DEPOT_STORE_URI",\n}\n`,
      "src/settings/store.config.ts": `import { registerAs } from "@nestjs/config";\nexport default registerAs("store", () => ({ uri: process.env.DEPOT_STORE_URI }));\n`,
      "src/settings/store-settings.ts": `import { Injectable } from "@nestjs/common";\nimport { ConfigService } from "@nestjs/config";\nimport { Scopes, Variables } from "./scopes";\n@Injectable()\nexport class StoreSettings {\n  private readonly scope = Scopes.STORE;\n  constructor(private readonly config: ConfigService) {}\n  ${getter}\n}\n`,
      "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { ConfigModule } from "@nestjs/config";\nimport { MongooseModule } from "@nestjs/mongoose";\nimport storeConfig from "./settings/store.config";\nimport { StoreSettings } from "./settings/store-settings";\n@Module({\n  imports: [\n    ConfigModule.forRoot({ load: [storeConfig] }),\n    MongooseModule.forRootAsync({ useFactory: (settings: StoreSettings) => ({ uri: settings.uri }), inject: [${inject}] }),\n  ],\n})\nexport class AppModule {}\n`,
    }),
  }).model.datastores.map((store) => store.identity ?? store.resolution);

describe("[U] a settings class's getter, injected into a datastore module's factory", () => {
  it("reads the namespace a field names through an enum member, and a dotted key written out", () => {
    expect(depot("get uri(): string {\n    return this.config.get(this.scope).uri;\n  }")).toEqual(["mongodb://depot-mongo:27017/depot"]);
    expect(depot(`get uri(): string {\n    return this.config.get("store.uri");\n  }`)).toEqual(["mongodb://depot-mongo:27017/depot"]);
    // An enum member holding a variable's name: read from the environment, as config.get("DEPOT_STORE_URI") is.
    expect(depot("get uri(): string {\n    return this.config.get<string>(Variables.STORE_URI);\n  }")).toEqual(["mongodb://depot-mongo:27017/depot"]);
  });

  it("a class that is not injected there, or a getter doing more than returning, is not guessed", () => {
    expect(depot("get uri(): string {\n    return this.config.get(this.scope).uri;\n  }", "ConfigService")).not.toEqual(["mongodb://depot-mongo:27017/depot"]);
    expect(depot("get uri(): string {\n    const found = this.config.get(this.scope);\n    if (!found) throw new Error();\n    return found.uri;\n  }")).not.toEqual(["mongodb://depot-mongo:27017/depot"]);
  });
});
