import { describe, expect, it } from "vitest";
import { facts, lintTree, service } from "../helpers.js";

const loaded = (code: string, file = "src/server.ts") => (facts(code, file).envFiles ?? []).map((f) => `${f.base}:${f.path} @${f.location.line}`);

describe("[U] env files the code loads", () => {
  describe("valid", () => {
    it("dotenv config({ path }) in its three spellings, with __dirname and process.cwd() paths", () => {
      expect(
        loaded(`import dotenv from "dotenv";\nimport path from "node:path";\ndotenv.config({ path: "./config/config.env" });\ndotenv.config({ path: path.resolve(__dirname, "../.env") });\ndotenv.config({ path: path.join(process.cwd(), ".env.local") });\n`),
      ).toEqual(["cwd:./config/config.env @3", "file:../.env @4", "cwd:.env.local @5"]);
      expect(loaded(`import { config } from "dotenv";\nconfig({ path: [".env.shared", ".env"] });\n`)).toEqual(["cwd:.env.shared @2", "cwd:.env @2"]);
      expect(loaded(`require("dotenv").config({ path: "config/dev.env" });\n`, "server.js")).toEqual(["cwd:config/dev.env @1"]);
    });

    it("NestJS ConfigModule.forRoot({ envFilePath })", () => {
      expect(loaded(`import { ConfigModule } from "@nestjs/config";\nexport const c = ConfigModule.forRoot({ isGlobal: true, envFilePath: "./apps/auth/.env" });\n`)).toEqual(["cwd:./apps/auth/.env @2"]);
      // ignoreEnvFile written out as false loads them all the same.
      expect(loaded(`import { ConfigModule } from "@nestjs/config";\nConfigModule.forRoot({ envFilePath: [".env.development"], ignoreEnvFile: false, isGlobal: true });\n`)).toEqual(["cwd:.env.development @2"]);
    });
  });

  describe("invalid", () => {
    it("no path, a path built from the env, ignoreEnvFile, another library's config()", () => {
      expect(loaded(`import "dotenv/config";\nimport dotenv from "dotenv";\ndotenv.config();\ndotenv.config({ path: \`.env.\${process.env.NODE_ENV}\` });\n`)).toEqual([]);
      expect(loaded(`import { ConfigModule } from "@nestjs/config";\nConfigModule.forRoot({ envFilePath: ".env", ignoreEnvFile: true });\n`)).toEqual([]);
      expect(loaded(`import convict from "convict";\nconvict.config({ path: "x.env" });\nimport { config } from "./config";\nconfig({ path: ".env" });\n`)).toEqual([]);
    });
  });
});

describe("[U] a service's env includes the env files its code loads", () => {
  const users = (files: Record<string, string>) =>
    service("services/users", ["express", "mongoose", "dotenv"], {
      "src/db.js": `const mongoose = require("mongoose");\nmongoose.connect(process.env.MONGO_URI);\n`,
      ...files,
    });

  it("a config/config.env loaded from the working directory resolves the connection", () => {
    const result = lintTree(users({ "src/server.js": `const dotenv = require("dotenv");\ndotenv.config({ path: "./config/config.env" });\nrequire("./db");\n`, "config/config.env": "MONGO_URI=mongodb://mongo:27017/users\n" }));
    expect(result.model.datastores.map((d) => [d.identity, d.resolution])).toEqual([["mongodb://mongo:27017/users", expect.stringContaining("services/users/config/config.env")]]);
  });

  it("a path from __dirname, and a working-directory path found from the repository root", () => {
    const byDirname = lintTree(users({ "src/server.js": `const path = require("path");\nrequire("dotenv").config({ path: path.resolve(__dirname, "../env/app.env") });\n`, "env/app.env": "MONGO_URI=mongodb://mongo/a\n" }));
    expect(byDirname.model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/a"]);
    const fromRoot = lintTree({ ...users({ "src/server.js": `require("dotenv").config({ path: "./services/users/.env.docker" });\n` }), "services/users/.env.docker": "MONGO_URI=mongodb://mongo/b\n" });
    expect(fromRoot.model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/b"]);
  });

  it("the deployment's env wins over a loaded file, as dotenv never overrides", () => {
    const result = lintTree({
      ...users({ "src/server.js": `require("dotenv").config({ path: "config/config.env" });\n`, "config/config.env": "MONGO_URI=mongodb://localhost/dev\n" }),
      "docker-compose.yml": "services:\n  users:\n    build: ./services/users\n    environment:\n      MONGO_URI: mongodb://mongo/prod\n",
    });
    expect(result.model.datastores.map((d) => d.identity)).toEqual(["mongodb://mongo:27017/prod"]);
  });
});
