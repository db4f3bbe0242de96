import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * Handlers that reach their code through what a factory hands back, and services that reach a broker through a member
 * typed with an interface: the call graph (model/call-graph.ts) follows both, so a write and a publish made there are
 * seen from the route.
 */

const shelfController = [
  `import { Pool } from "pg";`,
  `import { Channel } from "amqplib";`,
  `const pool = new Pool();`,
  `declare const channel: Channel;`,
  `export class ShelfController {`,
  `  async stock(req: any, res: any) {`,
  `    await pool.query("INSERT INTO shelves (label) VALUES ($1)", [req.body.label]);`,
  `    channel.publish("pantry", "shelf.stocked", Buffer.from(req.body.label));`,
  `    res.end();`,
  `  }`,
  `}`,
].join("\n");

const lintPantry = (files: Record<string, string>) => lintTree(service("services/pantry", ["express", "pg", "amqplib"], files), { only: "dual-write" });
const dualWrites = (files: Record<string, string>) => lintPantry(files).findings.map((f) => f.message.match(/while handling (\S+ [^\s:]+)/)?.[1]);

describe("[I] a local holding what a factory of the project returns", () => {
  it("a function returning new X, a method declared to return X, and one returning a local that holds new X: the route reaches X's method", () => {
    const result = lintPantry({
      "src/controller.ts": shelfController,
      "src/factories.ts": [
        `import { ShelfController } from "./controller";`,
        `export function makeShelfController() { return new ShelfController(); }`,
        `export class ControllerFactory {`,
        `  create(): ShelfController { return makeShelfController(); }`,
        `  build() { const made = new ShelfController(); return made; }`,
        `}`,
      ].join("\n"),
      "src/server.ts": [
        `import express from "express";`,
        `import { makeShelfController, ControllerFactory } from "./factories";`,
        `const app = express();`,
        `const factory = new ControllerFactory();`,
        `app.post("/v1/made", async (req, res) => { const controller = makeShelfController(); await controller.stock(req, res); });`,
        `app.post("/v1/created", async (req, res) => { const controller = factory.create(); await controller.stock(req, res); });`,
        `class ShelfRoutes {`,
        `  constructor(private readonly factory: ControllerFactory) {}`,
        `  register() { app.post("/v1/built", async (req, res) => { const controller = await this.factory.build(); await controller.stock(req, res); }); }`,
        `}`,
        `new ShelfRoutes(factory).register();`,
        `app.listen(3000);`,
      ].join("\n"),
    });
    // Each route's handler reaches the controller's method (through makeShelfController, ControllerFactory.create, this.factory.build).
    const reaching = Object.entries(result.model.edges).filter(([from, edges]) => from.startsWith("services/pantry/src/server.ts#fn@") && edges.some((edge) => edge.to.endsWith("#fn:ShelfController.stock")));
    expect(reaching.length).toBe(3);
    // One write and one publish in one method: one finding, at the first route that reaches them.
    expect(result.findings.map((f) => f.message.match(/while handling (\S+ [^\s:]+)/)?.[1])).toEqual(["POST /v1/made"]);
  });

  it("each route is its own finding when each factory hands back another class; a factory that names no class gives no edge", () => {
    const found = dualWrites({
      "src/controller.ts": shelfController,
      "src/other.ts": shelfController.replace("ShelfController", "CrateController").replace("shelves", "crates"),
      "src/server.ts": [
        `import express from "express";`,
        `import { ShelfController } from "./controller";`,
        `import { CrateController } from "./other";`,
        `const app = express();`,
        `function shelves(): ShelfController { return new ShelfController(); }`,
        `function crates() { return new CrateController(); }`,
        `function anything(kind: string) { return kind === "a" ? new ShelfController() : new CrateController(); }`,
        `app.post("/v1/shelves", async (req, res) => { const handler = shelves(); await handler.stock(req, res); });`,
        `app.post("/v1/crates", async (req, res) => { const handler = crates(); await handler.stock(req, res); });`,
        `app.post("/v1/either", async (req, res) => { const handler = anything("a"); await handler.stock(req, res); });`,
        `app.listen(3000);`,
      ].join("\n"),
    });
    expect(found).toEqual(["POST /v1/shelves", "POST /v1/crates"]);
  });
});

describe("[I] a member typed with an interface the project declares", () => {
  it("export default interface, implemented by one class: the member's method is that class's, whatever else the file imports", () => {
    const found = dualWrites({
      "src/bus/IBus.ts": `export default interface IBus {\n  send(exchange: string, key: string, body: object): void;\n}\n`,
      "src/bus/RabbitBus.ts": `import { Channel } from "amqplib";\nimport IBus from "./IBus";\nexport default class RabbitBus implements IBus {\n  constructor(private channel: Channel) {}\n  send(exchange: string, key: string, body: object) {\n    this.channel.publish(exchange, key, Buffer.from(JSON.stringify(body)));\n  }\n}\n`,
      "src/IShelfService.ts": `export default interface IShelfService {\n  stock(label: string): Promise<void>;\n}\n`,
      "src/ShelfService.ts": [
        `import { Pool } from "pg";`,
        `import IBus from "./bus/IBus";`,
        `import IShelfService from "./IShelfService";`,
        `export default class ShelfService implements IShelfService {`,
        `  constructor(private pool: Pool, private messages: IBus) {}`,
        `  async stock(label: string) {`,
        `    await this.pool.query("INSERT INTO shelves (label) VALUES ($1)", [label]);`,
        `    this.messages.send("pantry", "shelf.stocked", { label });`,
        `  }`,
        `}`,
      ].join("\n"),
      "src/server.ts": [
        `import express from "express";`,
        `import { Pool } from "pg";`,
        `import ShelfService from "./ShelfService";`,
        `import RabbitBus from "./bus/RabbitBus";`,
        `const app = express();`,
        `const service = new ShelfService(new Pool(), new RabbitBus(undefined as any));`,
        `app.post("/v1/shelves", async (req, res) => { await service.stock(req.body.label); res.end(); });`,
        `app.listen(3000);`,
      ].join("\n"),
    });
    expect(found).toEqual(["POST /v1/shelves"]);
  });
});
