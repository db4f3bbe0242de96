import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * One handler registered under several paths at one place (a NestJS controller given an array of paths, the old
 * unversioned one kept beside the versioned one): the model has a route per path, but a reader sees one handler that
 * awaits two services one after another, so it is reported once.
 */

const compose: Tree = {
  "docker-compose.yml": "services:\n  tariffs:\n    build: ./tariffs\n  fleet:\n    build: ./fleet\n  trips:\n    build: ./trips\n",
};

const backend = (name: string, path: string): Tree =>
  service(name, ["express"], { "index.js": `const express = require("express");\nconst app = express();\napp.get("${path}", (req, res) => res.json({}));\napp.listen(8080);\n` });

const trips: Tree = service("trips", ["@nestjs/core", "@nestjs/common", "axios"], {
  "src/trips.controller.ts": `import { Body, Controller, Post } from "@nestjs/common";
import axios from "axios";

@Controller(["trips", "v1/trips"])
export class TripsController {
  @Post()
  async book(@Body() body: { from: string }) {
    const price = await axios.get("http://tariffs:8080/v1/quotes", { params: body, timeout: 2000 });
    const cars = await axios.get("http://fleet:8080/v1/cars/near", { params: body, timeout: 2000 });
    return { price: price.data, cars: cars.data };
  }
}
`,
  "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { Module } from "@nestjs/common";\nimport { TripsController } from "./trips.controller";\n@Module({ controllers: [TripsController] })\nclass AppModule {}\nNestFactory.create(AppModule).then((app) => app.listen(8080));\n`,
});

describe("sync-call-chain: a handler served under several paths", () => {
  it("has a route per path, and one sequential report", () => {
    const { model, findings } = lintTree({ ...compose, ...backend("tariffs", "/v1/quotes"), ...backend("fleet", "/v1/cars/near"), ...trips });
    expect(model.routes.filter((r) => r.service === "trips").map((r) => `${r.method} ${r.path}`)).toEqual(["POST /trips", "POST /v1/trips"]);
    const sequential = findings.filter((f) => f.ruleId === "sync-call-chain");
    expect(sequential.map((f) => `${f.messageId} ${f.location.file}:${f.location.line}`)).toEqual(["sequential trips/src/trips.controller.ts:6"]);
  });
});
