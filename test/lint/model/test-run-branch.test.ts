import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * A connection string chosen for the test runner (`config.get("NODE_ENV") === "test" ? testUri : uri`) is the other
 * branch: the database the service runs with. Any other choice between two addresses stays unknown (acc23a).
 */

const ward = (uri: string) =>
  lintTree({
    "docker-compose.yml": "services:\n  wards:\n    build: ./wards\n    environment:\n      WARD_DB_HOST: ward-mongo:27017\n",
    ...service("wards", ["@nestjs/core", "@nestjs/common", "@nestjs/config", "@nestjs/mongoose", "mongoose"], {
      "src/app.module.ts": `import { Module } from "@nestjs/common";\nimport { ConfigService } from "@nestjs/config";\nimport { MongooseModule } from "@nestjs/mongoose";\n@Module({\n  imports: [\n    MongooseModule.forRootAsync({ inject: [ConfigService], useFactory: (config: ConfigService) => ({ uri: ${uri} }) }),\n  ],\n})\nexport class AppModule {}\n`,
    }),
  }).model.datastores.map((store) => store.identity ?? store.resolution);

describe("[U] a connection chosen for the test runner", () => {
  it("the branch that is not the test run's, whichever side the comparison puts it on", () => {
    const byConfig = "config.get<string>(\"NODE_ENV\") === \"test\" ? `mongodb://${process.env.WARD_DB_HOST}/wards_test` : `mongodb://${process.env.WARD_DB_HOST}/wards`";
    expect(ward(byConfig)).toEqual(["mongodb://ward-mongo:27017/wards"]);
    const byEnv = "(\"test\" !== process.env.NODE_ENV) ? `mongodb://${process.env.WARD_DB_HOST}/wards` : `mongodb://${process.env.WARD_DB_HOST}/wards_test`";
    expect(ward(byEnv)).toEqual(["mongodb://ward-mongo:27017/wards"]);
  });

  it("a choice on anything else stays unknown", () => {
    const other = "process.env.NODE_ENV === \"staging\" ? `mongodb://${process.env.WARD_DB_HOST}/wards_staging` : `mongodb://${process.env.WARD_DB_HOST}/wards`";
    expect(ward(other)).not.toEqual(["mongodb://ward-mongo:27017/wards"]);
  });
});
