import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * Which function a call reaches in the call graph (model/call-graph.ts), for the behaviours issue 15's mutation run
 * found untested: the handler a command runs when several services handle its class, members of an object a module
 * exports, members injected under their class's name, a type whose module alone implements the method.
 * Each edge is written `file#function → file#function`, the files relative to the repository.
 */

const edgesOf = (files: Tree): string[] =>
  Object.values(lintTree(files, { only: "sync-call-chain" }).model.edges)
    .flat()
    .map((edge) => `${edge.from} → ${edge.to}`);

/** Edges leaving one function. */
const edgesFrom = (files: Tree, from: string): string[] => edgesOf(files).filter((edge) => edge.startsWith(`${from} → `));

describe("[U] a command sent through a bus runs the handler of its class", () => {
  const handler = (from: string) =>
    `import { CommandHandler } from "@nestjs/cqrs";\nimport { PlaceOrder } from "${from}";\n@CommandHandler(PlaceOrder)\nexport class PlaceOrderHandler {\n  async execute(command: PlaceOrder) {\n    return command;\n  }\n}\n`;
  const sender = (from: string, port: number) =>
    `import express from "express";\nimport { CommandBus } from "@nestjs/cqrs";\nimport { PlaceOrder } from "${from}";\nconst bus = new CommandBus();\nexport async function place(req, res) {\n  res.json(await bus.execute(new PlaceOrder()));\n}\nconst app = express();\napp.post("/v1/orders", place);\napp.listen(${port});\n`;
  const idle = (port: number) => `import express from "express";\nimport "./place-order.handler";\nconst app = express();\napp.listen(${port});\n`;
  /** A service that declares PlaceOrder and handles it. */
  const handling = (name: string, port: number, server = idle(port)): Tree =>
    service(`services/${name}`, ["express", "@nestjs/cqrs"], { "src/server.ts": server, "src/place-order.ts": "export class PlaceOrder {}\n", "src/place-order.handler.ts": handler("./place-order") });
  /** A service that only sends PlaceOrder, declared in its own file. */
  const sending = (name: string, port: number): Tree =>
    service(`services/${name}`, ["express", "@nestjs/cqrs"], { "src/server.ts": sender("./place-order", port), "src/place-order.ts": "export class PlaceOrder {}\n" });
  const ORDERS_PLACE = "services/orders/src/server.ts#fn:place";

  it("two services handle a command class of the same name: the sender's own service's handler, not the other's", () => {
    const files = { ...handling("orders", 3000, sender("./place-order", 3000)), ...handling("billing", 3001) };
    expect(edgesFrom(files, ORDERS_PLACE)).toEqual([`${ORDERS_PLACE} → services/orders/src/place-order.handler.ts#fn:PlaceOrderHandler.execute`]);
  });

  it("a library's handler and another service's: the library's, which runs in the sender's process", () => {
    const files: Tree = {
      ...sending("orders", 3000),
      "services/orders/src/server.ts": sender("../../../packages/commands/src/place-order", 3000),
      "packages/commands/package.json": { name: "@acme/commands", main: "src/place-order.ts", dependencies: { "@nestjs/cqrs": "*" } },
      "packages/commands/src/place-order.ts": "export class PlaceOrder {}\n",
      "packages/commands/src/place-order.handler.ts": handler("./place-order"),
      ...handling("billing", 3001),
    };
    expect(edgesFrom(files, ORDERS_PLACE)).toEqual([`${ORDERS_PLACE} → packages/commands/src/place-order.handler.ts#fn:PlaceOrderHandler.execute`]);
  });

  it("only other services handle it: none, one or two (their handler runs in their process, reached by a message)", () => {
    const one = { ...sending("orders", 3000), ...handling("billing", 3001) };
    expect(edgesFrom(one, ORDERS_PLACE)).toEqual([]);
    const two = { ...one, ...handling("shipping", 3002) };
    expect(edgesFrom(two, ORDERS_PLACE)).toEqual([]);
  });
});

describe("[U] a member of what a module exports", () => {
  const HOST_CALL = `axios.get("http://stock:3001/v1/stock")`;
  /** The orders service: its server's `show` makes the calls given; other files as given. */
  const orders = (calls: string, head: string, files: Record<string, string>, server = "src/server.ts"): Tree =>
    service("services/orders", ["express", "axios"], {
      [server]: `${head}\nconst app = express();\napp.get("/v1/orders/:id", show);\nasync function show(req, res) {\n${calls}\n}\napp.listen(3000);\n`,
      ...files,
    });
  const SHOW = "services/orders/src/server.ts#fn:show";
  const SHOW_JS = "services/orders/src/server.js#fn:show";

  it("`module.exports = { getOrder: async (req, res) => … }` required as controller: controller.getOrder is the function under that key", () => {
    const files = orders("  await controller.getOrder(req, res);", `const express = require("express");\nconst controller = require("./controller");`, {
      "src/controller.js": `const axios = require("axios");\nmodule.exports = {\n  getOrder: async (req, res) => res.json(await ${HOST_CALL}),\n};\n`,
    }, "src/server.js");
    expect(edgesFrom(files, SHOW_JS)).toEqual([`${SHOW_JS} → services/orders/src/controller.js#fn@L3C13`]);
  });

  it("that object re-exported by name from a barrel (`export { default as orders } from \"./orders\"`): orders.getOrder is still that function", () => {
    const files = orders("  await controllers.getOrder(req, res);", `import express from "express";\nimport { orders as controllers } from "./controllers";`, {
      "src/controllers/index.ts": `export { default as orders } from "./orders";\n`,
      "src/controllers/orders.js": `const axios = require("axios");\nmodule.exports = {\n  getOrder: async (req, res) => res.json(await ${HOST_CALL}),\n};\n`,
    });
    expect(edgesFrom(files, SHOW)).toEqual([`${SHOW} → services/orders/src/controllers/orders.js#fn@L3C13`]);
  });

  it("an instance exported as the default: repo.find() is its class's method, not the module's exported function of that name", () => {
    const files = orders("  await repo.find();", `import express from "express";\nimport repo from "./repo";`, {
      "src/repo.ts": `import axios from "axios";\nclass Repo {\n  find() {\n    return ${HOST_CALL};\n  }\n}\nconst repo = new Repo();\nexport default repo;\nexport function find() {\n  return ${HOST_CALL};\n}\n`,
    });
    expect(edgesFrom(files, SHOW)).toEqual([`${SHOW} → services/orders/src/repo.ts#fn:Repo.find`]);
  });

  it("two objects of one module with a method of the same name: the imported object's own", () => {
    const files = orders("  await orders.find();", `import express from "express";\nimport { orders } from "./stores";`, {
      "src/stores.ts": `import axios from "axios";\nexport const users = {\n  find() {\n    return ${HOST_CALL};\n  },\n};\nexport const orders = {\n  find() {\n    return ${HOST_CALL};\n  },\n};\n`,
    });
    expect(edgesFrom(files, SHOW)).toEqual([`${SHOW} → services/orders/src/stores.ts#fn:orders.find`]);
  });

  it("a name the module does not export reaches nothing, not the module's function named like the member", () => {
    const files = orders("  await missing.find();", `import express from "express";\nimport { missing } from "./repo";`, {
      "src/repo.ts": `import axios from "axios";\nexport function find() {\n  return ${HOST_CALL};\n}\n`,
    });
    expect(edgesFrom(files, SHOW)).toEqual([]);
  });

  it("an exported constant that a factory made is no function of the code: calling it, by name or through a namespace, is no edge", () => {
    const files = orders("  await limiter();\n  await limits.limiter();\n  await limits.check();", `import express from "express";\nimport { limiter } from "./limits";\nimport * as limits from "./limits";`, {
      "src/limits.ts": `import axios from "axios";\nimport { makeLimiter } from "rate-limits";\nexport const limiter = makeLimiter(10);\nexport function check() {\n  return ${HOST_CALL};\n}\n`,
    });
    expect(edgesFrom(files, SHOW)).toEqual([`${SHOW} → services/orders/src/limits.ts#fn:check`]);
  });

  it("an anonymous function a module exports (`exports.auth = function () {}`) is reached by its position", () => {
    const files = orders("  await guard.auth(req);", `const express = require("express");\nconst guard = require("./guard");`, {
      "src/guard.js": `const axios = require("axios");\nexports.auth = async function (req) {\n  return ${HOST_CALL};\n};\n`,
    }, "src/server.js");
    expect(edgesFrom(files, SHOW_JS)).toEqual([`${SHOW_JS} → services/orders/src/guard.js#fn@L2C16`]);
  });
});

describe("[U] a call outside every function", () => {
  it("is no edge: nothing calls it, so no chain of calls starts there", () => {
    const files = service("services/orders", ["express", "axios"], {
      "src/server.ts": `import express from "express";\nimport axios from "axios";\nasync function warm() {\n  return axios.get("http://stock:3001/v1/stock");\n}\nwarm();\nconst app = express();\napp.get("/v1/orders", async function list(req, res) {\n  res.json(await warm());\n});\napp.listen(3000);\n`,
    });
    expect(edgesOf(files)).toEqual(["services/orders/src/server.ts#fn@L8C23 → services/orders/src/server.ts#fn:warm"]);
  });
});

describe("[U] a method of a member the class was given (dependency injection)", () => {
  const base = (name: string) => `import axios from "axios";\nexport class ${name} {\n  async save(row: object) {\n    return axios.post("http://store:3009/v1/rows", row);\n  }\n}\n`;
  const repository = (name: string, baseName: string, baseFile: string) => `import { ${baseName} } from "${baseFile}";\nexport class ${name} extends ${baseName} {}\n`;
  const controller = (members: string, calls: string) =>
    `import { OrdersRepository } from "./orders.repository";\nimport { UsersRepository } from "./users.repository";\nimport { StockRepository } from "./stock.repository";\nexport class OrdersController {\n  constructor(${members}) {}\n  async create(body: object) {\n${calls}\n  }\n}\n`;
  const files = (members: string, calls: string): Tree =>
    service("services/orders", ["express", "axios"], {
      "src/server.ts": `import express from "express";\nimport { OrdersController } from "./orders.controller";\nconst app = express();\napp.listen(3000);\n`,
      "src/orders.controller.ts": controller(members, calls),
      "src/orm.ts": base("OrmRepository"),
      "src/cache.ts": base("CacheRepository"),
      "src/ledger.ts": base("LedgerRepository"),
      "src/orders.repository.ts": repository("OrdersRepository", "OrmRepository", "./orm"),
      "src/users.repository.ts": repository("UsersRepository", "CacheRepository", "./cache"),
      "src/stock.repository.ts": repository("StockRepository", "LedgerRepository", "./ledger"),
    });
  const CREATE = "services/orders/src/orders.controller.ts#fn:OrdersController.create";

  it("a member named after its class but for case, plurals and leading underscores reaches the method the class inherits", () => {
    const tree = files(
      "private readonly orderRepository: OrdersRepository, private readonly _usersRepository: UsersRepository, private readonly __stockRepository: StockRepository",
      "    await this.orderRepository.save(body);\n    await this._usersRepository.save(body);\n    await this.__stockRepository.save(body);",
    );
    expect(edgesFrom(tree, CREATE)).toEqual([
      `${CREATE} → services/orders/src/orm.ts#fn:OrmRepository.save`,
      `${CREATE} → services/orders/src/cache.ts#fn:CacheRepository.save`,
      `${CREATE} → services/orders/src/ledger.ts#fn:LedgerRepository.save`,
    ]);
  });

  it("a member named after none of the imported classes reaches the method of the class its type names (not the first imported class's)", () => {
    const tree = files("private readonly store: UsersRepository", "    await this.store.save(body);");
    expect(edgesFrom(tree, CREATE)).toEqual([`${CREATE} → services/orders/src/cache.ts#fn:CacheRepository.save`]);
  });

  it("a member with no type, named after none of the imported classes, reaches nothing", () => {
    const tree = files("private readonly store", "    await this.store.save(body);");
    expect(edgesFrom(tree, CREATE)).toEqual([]);
  });
});

describe("[U] a member typed by an interface (`@inject(\"IFlightClient\") private flights: IFlightClient`)", () => {
  const client = (classes: string[]) =>
    `import axios from "axios";\nexport interface IFlightClient {\n  search(): Promise<unknown>;\n}\nexport interface FlightQuery {\n  from: string;\n}\n${classes.map((name) => `export class ${name} implements IFlightClient {\n  async search() {\n    return axios.get("http://flights:3005/v1/flights");\n  }\n}\n`).join("")}`;
  const booking = (imports: string) =>
    `import { inject, injectable } from "tsyringe";\n${imports}\n@injectable()\nexport class BookingService {\n  constructor(@inject("IFlightClient") private flights: IFlightClient) {}\n  async book() {\n    return this.flights.search();\n  }\n}\n`;
  const files = (imports: string, extra: Record<string, string> = {}, classes = ["FlightClient"]): Tree =>
    service("services/bookings", ["express", "axios", "tsyringe"], {
      "src/server.ts": `import express from "express";\nimport { BookingService } from "./booking.service";\nconst app = express();\napp.listen(3000);\n`,
      "src/booking.service.ts": booking(imports),
      "src/flight-client.ts": client(classes),
      ...extra,
    });
  const BOOK = "services/bookings/src/booking.service.ts#fn:BookingService.book";
  const SEARCH = `${BOOK} → services/bookings/src/flight-client.ts#fn:FlightClient.search`;

  it("the method of that name in the one module the type is imported from, which implements it", () => {
    expect(edgesFrom(files(`import { IFlightClient } from "./flight-client";`), BOOK)).toEqual([SEARCH]);
  });

  it("a module the file imports a value from (a constant) is no implementation of the type, though a class there has the method", () => {
    const hotels = `import axios from "axios";\nexport const HOTEL_PAGE_SIZE = 20;\nexport class HotelClient {\n  async search() {\n    return axios.get("http://hotels:3006/v1/hotels");\n  }\n}\n`;
    expect(edgesFrom(files(`import { IFlightClient } from "./flight-client";\nimport { HOTEL_PAGE_SIZE } from "./hotel-client";`, { "src/hotel-client.ts": hotels }), BOOK)).toEqual([SEARCH]);
  });

  it("two types imported from that one module: still its method", () => {
    expect(edgesFrom(files(`import { IFlightClient } from "./flight-client";\nimport { FlightQuery } from "./flight-client";`), BOOK)).toEqual([SEARCH]);
  });

  it("two modules with a method of that name, or two classes of the module with it: none (which one is injected is not known)", () => {
    const hotels = `import axios from "axios";\nexport interface IHotelClient {\n  search(): Promise<unknown>;\n}\nexport class HotelClient implements IHotelClient {\n  async search() {\n    return axios.get("http://hotels:3006/v1/hotels");\n  }\n}\n`;
    expect(edgesFrom(files(`import { IFlightClient } from "./flight-client";\nimport { IHotelClient } from "./hotel-client";`, { "src/hotel-client.ts": hotels }), BOOK)).toEqual([]);
    expect(edgesFrom(files(`import { IFlightClient } from "./flight-client";`, {}, ["FlightClient", "CachedFlightClient"]), BOOK)).toEqual([]);
  });
});

describe("[U] a client class of the project that times its requests (create-service's ServiceClient)", () => {
  it("guards the calls of a class that makes its requests through it, also when it is imported through a folder's index", () => {
    const files = service("services/orders", ["express"], {
      "src/server.ts": `import express from "express";\nimport { InventoryClient } from "./clients/inventory-client";\nconst inventory = new InventoryClient(process.env.INVENTORY_URL ?? "");\nconst app = express();\napp.post("/v1/orders", async (req, res) => res.json(await inventory.reserve(req.body.sku)));\napp.listen(3000);\n`,
      "src/clients/http-client.ts": `export class ServiceClient {\n  constructor(private readonly baseUrl: string) {}\n  request(init: { method: string; path: string }) {\n    return this.fetch(this.baseUrl + init.path, { method: init.method, signal: AbortSignal.timeout(2000) });\n  }\n  private fetch(url: string, init: RequestInit) {\n    return fetch(url, init);\n  }\n}\n`,
      "src/clients/index.ts": `export { ServiceClient } from "./http-client";\n`,
      "src/clients/inventory-client.ts": `import { ServiceClient } from "./index";\nexport class InventoryClient {\n  private readonly http: ServiceClient;\n  constructor(baseUrl: string) {\n    this.http = new ServiceClient(baseUrl);\n  }\n  reserve(sku: string) {\n    return this.http.request({ method: "POST", path: \`/v1/reservations/\${sku}\` });\n  }\n}\n`,
    });
    const calls = lintTree(files, { only: "unprotected-call" }).model.calls;
    expect(calls.filter((call) => call.method === "POST").map((call) => `${call.url} ${call.guards?.timeout}`)).toEqual([
      "${INVENTORY_URL}/v1/reservations/{sku} the timeout of ServiceClient (services/orders/src/clients/http-client.ts)",
    ]);
  });
});

describe("[U] a class passed on by a CommonJS barrel (`module.exports = { Repo: require(\"./repo\") }`)", () => {
  // Our own shape: a ledger service whose service class keeps a repository it got from the folder's index.
  const files = (barrel: string, importLine: string): Tree =>
    service("services/ledger", ["express", "axios"], {
      "src/server.js": `const express = require("express");\nconst { EntryService } = require("./entry-service");\nconst app = express();\nconst entries = new EntryService();\napp.post("/v1/entries", async (req, res) => res.json(await entries.book(req.body)));\napp.listen(3000);\n`,
      "src/entry-service.js": `${importLine}\nclass EntryService {\n  constructor() {\n    this.store = new EntryStore();\n  }\n  async book(entry) {\n    return this.store.append(entry);\n  }\n}\nmodule.exports = { EntryService };\n`,
      "src/storage/entry-store.js": `const axios = require("axios");\nclass EntryStore {\n  async append(entry) {\n    return axios.post("http://archive:3009/v1/rows", entry);\n  }\n}\nmodule.exports = EntryStore;\n`,
      "src/storage/index.js": barrel,
    });
  const BOOK = "services/ledger/src/entry-service.js#fn:EntryService.book";
  const APPEND = `${BOOK} → services/ledger/src/storage/entry-store.js#fn:EntryStore.append`;

  it("the member's method is the class's in the module the barrel requires", () => {
    const tree = files(`module.exports = {\n  EntryStore: require("./entry-store"),\n};\n`, `const { EntryStore } = require("./storage");`);
    expect(edgesFrom(tree, BOOK)).toEqual([APPEND]);
  });

  it("also one export of that module (`require(\"./entry-store\").EntryStore`)", () => {
    const tree = files(`module.exports = { EntryStore: require("./entry-store").EntryStore };\n`, `const { EntryStore } = require("./storage");`);
    tree["services/ledger/src/storage/entry-store.js"] = (tree["services/ledger/src/storage/entry-store.js"] as string).replace("module.exports = EntryStore;", "module.exports = { EntryStore };");
    expect(edgesFrom(tree, BOOK)).toEqual([APPEND]);
  });

  it("a barrel key the file does not import reaches nothing", () => {
    const tree = files(`module.exports = { OtherStore: require("./entry-store") };\n`, `const { EntryStore } = require("./storage");`);
    expect(edgesFrom(tree, BOOK)).toEqual([]);
  });
});

describe("[U] a member named after a package's class is that package's object", () => {
  // Written for this test: a NestJS service holding ConfigService (from @nestjs/config) beside a project helper class
  // that also has a `get` method (each makes a request, so the call graph keeps the edges to them); `this.configService.get(...)`
  // reads a setting and calls no helper.
  const files = (configImport: string): Tree =>
    service("services/desk", ["@nestjs/core", "@nestjs/common", "@nestjs/config"], {
      "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { DeskModule } from "./desk.module";\nNestFactory.create(DeskModule).then((app) => app.listen(3000));\n`,
      "src/desk.module.ts": `import { Module } from "@nestjs/common";\nimport { DeskService } from "./desk.service";\n@Module({ providers: [DeskService] })\nexport class DeskModule {}\n`,
      "src/fetcher.ts": `export class Fetcher {\n  async get(url: string) {\n    return fetch(url);\n  }\n}\n`,
      "src/settings.ts": `export class ConfigService {\n  get(key: string) {\n    return fetch(\`http://vault:8200/v1/\${key}\`);\n  }\n}\n`,
      "src/desk.service.ts": `import { Injectable } from "@nestjs/common";\n${configImport}\nimport { Fetcher } from "./fetcher";\n@Injectable()\nexport class DeskService {\n  constructor(private readonly configService: ConfigService, private readonly fetcher: Fetcher) {}\n  async open() {\n    const base = this.configService.get("desk.base");\n    return this.fetcher.get(base);\n  }\n}\n`,
    });
  const OPEN = "services/desk/src/desk.service.ts#fn:DeskService.open";

  it("this.configService.get() of @nestjs/config's ConfigService reaches no function of the project; this.fetcher.get() reaches Fetcher.get", () => {
    expect(edgesFrom(files(`import { ConfigService } from "@nestjs/config";`), OPEN)).toEqual([`${OPEN} → services/desk/src/fetcher.ts#fn:Fetcher.get`]);
  });

  it("a ConfigService class of the project is followed, named after its member before any other class with the method", () => {
    expect(edgesFrom(files(`import { ConfigService } from "./settings";`), OPEN).sort()).toEqual([`${OPEN} → services/desk/src/fetcher.ts#fn:Fetcher.get`, `${OPEN} → services/desk/src/settings.ts#fn:ConfigService.get`]);
  });
});

describe("[U] an object other than `this` is not the class the call is made in", () => {
  // Written for this test: a client class with a private `get` helper of its own reads its settings in the constructor
  // through the injected parameter (`config.get(…)`, not `this.config`): those reads reach no method of the class.
  const tree: Tree = service("services/shelf", ["@nestjs/core", "@nestjs/common", "@nestjs/config"], {
    "src/main.ts": `import { NestFactory } from "@nestjs/core";\nimport { ShelfModule } from "./shelf.module";\nNestFactory.create(ShelfModule).then((app) => app.listen(3000));\n`,
    "src/shelf.module.ts": `import { Module } from "@nestjs/common";\nimport { ShelfClient } from "./shelf.client";\n@Module({ providers: [ShelfClient] })\nexport class ShelfModule {}\n`,
    "src/shelf.client.ts": [
      `import { ConfigService } from "@nestjs/config";`,
      `export class ShelfClient {`,
      `  private readonly base: string;`,
      `  constructor(private readonly config: ConfigService) {`,
      `    this.base = config.get("shelf.url", "http://books:3009");`,
      `  }`,
      `  books() {`,
      `    return this.get(\`\${this.base}/v1/books\`);`,
      `  }`,
      `  private async get(url: string) {`,
      `    return fetch(url);`,
      `  }`,
      `}`,
    ].join("\n"),
  });
  const CLIENT = "services/shelf/src/shelf.client.ts";

  it("config.get() in the constructor reaches nothing; this.get() in books() reaches the helper", () => {
    expect(edgesFrom(tree, `${CLIENT}#fn:ShelfClient.constructor`)).toEqual([]);
    expect(edgesFrom(tree, `${CLIENT}#fn:ShelfClient.books`)).toEqual([`${CLIENT}#fn:ShelfClient.books → ${CLIENT}#fn:ShelfClient.get`]);
  });
});

describe("[U] a parameter typed with an interface runs the member of the one object its module builds with it", () => {
  /** `store` is the repository module; the use case takes its store as a parameter typed `Ledger`. */
  const shop = (store: string, importLine = `import type { Ledger } from "./ledger";`): Tree =>
    service("orders", ["express", "pg"], {
      // The store writes through the pool (a module with nothing to extract is not even parsed).
      "src/db.ts": `import { Pool } from "pg";\nexport const pool = new Pool();\n`,
      "src/ledger.ts": `import { pool } from "./db";\n${store}`,
      "src/place.ts": `${importLine}\nexport async function place(order: { sku: string }, store: Ledger) {\n  return store.record(order);\n}\n`,
      "src/server.ts": `import express from "express";\nimport { ledger } from "./ledger";\nimport { place } from "./place";\nconst app = express();\napp.post("/v1/orders", async (req, res) => res.json(await place(req.body, ledger)));\napp.listen(3000);\n`,
    });
  const PLACE = "orders/src/place.ts#fn:place";
  const LEDGER = `export interface Ledger {\n  record(order: { sku: string }): Promise<number>;\n}\nconst record = async (order: { sku: string }) => pool.query("INSERT INTO orders (sku) VALUES ($1)", [order.sku]);\nexport const ledger: Ledger = { record };\n`;

  it("the object's member, imported as a type only or by name", () => {
    expect(edgesFrom(shop(LEDGER), PLACE)).toEqual([`${PLACE} → orders/src/ledger.ts#fn:record`]);
    expect(edgesFrom(shop(LEDGER, `import { Ledger } from "./ledger";`), PLACE)).toEqual([`${PLACE} → orders/src/ledger.ts#fn:record`]);
  });

  it("a method written in the object itself", () => {
    const store = `export interface Ledger {\n  record(order: { sku: string }): Promise<number>;\n}\nexport const ledger: Ledger = {\n  async record(order) {\n    return pool.query("INSERT INTO orders (sku) VALUES ($1)", [order.sku]);\n  },\n};\n`;
    expect(edgesFrom(shop(store), PLACE)).toEqual([`${PLACE} → orders/src/ledger.ts#fn:ledger.record`]);
  });

  it("no edge when two exported objects have the member (either could be handed over)", () => {
    const store = `${LEDGER}export const archive: Ledger = { record: async () => 2 };\n`;
    expect(edgesFrom(shop(store), PLACE)).toEqual([]);
  });

  it("a package's type is no object of the project", () => {
    expect(edgesFrom(shop(LEDGER, `import type { Ledger } from "ledger-kit";`), PLACE)).toEqual([]);
  });
});
