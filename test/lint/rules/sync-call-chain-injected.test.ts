import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * Handlers as dependency-injected TypeScript services write them: a route's handler made by a factory
 * (`router.post("/x", submitBooking({ bookingService: planner }))`), the factory's handler calling a service object it was
 * handed, and that service calling other services through axios instances it holds, their base URLs from
 * a config object passed to its constructor.
 */

const plain = (name: string, method: string, path: string): Tree =>
  service(`services/${name}`, ["express"], { "src/server.js": `const express = require("express");\nconst app = express();\napp.${method}("${path}", (req, res) => res.json({}));\napp.listen(3000);\n` });

const compose = (plannerEnv: string): Tree => ({
  "docker-compose.yml": `services:\n  bookings:\n    build: ./services/bookings\n${plannerEnv}  rooms:\n    build: ./services/rooms\n  billing:\n    build: ./services/billing\n`,
});

const bookings = (base: { rooms: string; billing: string }): Tree =>
  service("services/bookings", ["express", "axios"], {
    "src/planner.ts": `import axios, { AxiosInstance } from "axios";\nexport interface PlannerSettings { roomsServiceUrl: string; billingServiceUrl: string }\nexport class BookingPlanner {\n  private rooms: AxiosInstance;\n  private billing: AxiosInstance;\n  constructor(settings: PlannerSettings) {\n    this.rooms = axios.create({ baseURL: ${base.rooms} });\n    this.billing = axios.create({ baseURL: ${base.billing}, timeout: 2000 });\n  }\n  async book(guest: string, night: string) {\n    const room = await this.holdRoom(night);\n    await this.billing.post("/v1/invoices", { guest, room });\n    return room;\n  }\n  private async holdRoom(night: string) {\n    return (await this.rooms.post(\`/v1/holds/\${night}\`)).data;\n  }\n}\n`,
    "src/handlers.ts": `import type { Request, Response } from "express";\nimport { BookingPlanner } from "./planner";\nexport function submitBooking(deps: { bookingService: BookingPlanner }) {\n  return async (req: Request, res: Response) => {\n    res.status(201).json(await deps.bookingService.book(req.body.guest, req.body.night));\n  };\n}\n`,
    "src/server.ts": `import express from "express";\nimport { BookingPlanner } from "./planner";\nimport { submitBooking } from "./handlers";\nconst settings = { roomsServiceUrl: process.env.ROOMS_SERVICE_URL ?? "", billingServiceUrl: process.env.BILLING_SERVICE_URL ?? "" };\nconst planner = new BookingPlanner(settings);\nconst app = express();\napp.post("/v1/bookings", submitBooking({ bookingService: planner }));\napp.listen(3000);\n`,
  });

const backends: Tree = { ...plain("rooms", "post", "/v1/holds/:night"), ...plain("billing", "post", "/v1/invoices") };

ruleTester("sync-call-chain", {
  valid: [
    {
      name: "an injected object whose name says nothing of a service is not followed (deps.planner.book): no finding, nothing guessed",
      files: {
        ...bookings({ rooms: "process.env.ROOMS_URL", billing: "process.env.BILLING_URL" }),
        "services/bookings/src/handlers.ts": `import type { Request, Response } from "express";\nimport { BookingPlanner } from "./planner";\nexport function submitBooking(deps: { planner: BookingPlanner }) {\n  return async (req: Request, res: Response) => res.json(await deps.planner.book(req.body.guest, req.body.night));\n}\n`,
        ...backends,
        ...compose("    environment:\n      ROOMS_URL: http://rooms:3000\n      BILLING_URL: http://billing:3000\n"),
      },
    },
  ],
  invalid: [
    {
      name: "a factory-made handler calls an injected planner whose class-held axios instances call rooms, then billing",
      files: { ...bookings({ rooms: "process.env.ROOMS_URL", billing: "process.env.BILLING_URL" }), ...backends, ...compose("    environment:\n      ROOMS_URL: http://rooms:3000\n      BILLING_URL: http://billing:3000\n") },
      errors: [{ messageId: "sequential", file: "services/bookings/src/server.ts", line: 7, data: { targets: "rooms,billing" } }],
    },
    {
      name: "the same with base URLs from a settings object handed to the constructor: their names say which services",
      files: { ...bookings({ rooms: "settings.roomsServiceUrl", billing: "settings.billingServiceUrl" }), ...backends, ...compose("") },
      errors: [{ messageId: "sequential", file: "services/bookings/src/server.ts", line: 7, data: { targets: "rooms,billing" } }],
    },
  ],
});

describe("a base URL set at run time resolves by its name only when the name names a service", () => {
  it("settings.roomsServiceUrl reaches rooms' route; a base named after no service stays unresolved and says so", () => {
    const files = { ...bookings({ rooms: "settings.roomsServiceUrl", billing: "settings.paymentsBaseUrl" }), ...backends, ...compose("") };
    const { model } = lintTree(files);
    expect(model.calls.filter((c) => c.service === "bookings").map((c) => `${c.method} ${c.url} → ${c.targetRoute ?? c.resolution}`)).toEqual([
      "POST {settings.paymentsBaseUrl}/v1/invoices → the URL did not resolve to a host",
      "POST {settings.roomsServiceUrl}/v1/holds/{night} → rooms POST /v1/holds/:night",
    ]);
  });
});

/** Clients injected under an interface type the client's module exports beside the class implementing it. */
const typedClients = (roomsMethods: string, made = "new BookingController(new RoomsClient(), new BillingClient())"): Tree => ({
  ...service("services/bookings", ["express", "axios", "tsyringe"], {
    "src/clients/rooms.client.ts": `import axios, { AxiosInstance } from "axios";\nexport interface IRoomsClient { hold(night: string): Promise<void> }\nexport class RoomsClient implements IRoomsClient {\n  private http: AxiosInstance = axios.create({ baseURL: process.env.ROOMS_URL });\n${roomsMethods}}\n`,
    "src/clients/billing.client.ts": `import axios from "axios";\nexport interface IBillingClient { invoice(guest: string): Promise<void> }\nexport class BillingClient implements IBillingClient {\n  async invoice(guest: string) { await axios.post(\`\${process.env.BILLING_URL}/v1/invoices\`, { guest }); }\n}\n`,
    "src/booking.controller.ts": `import { inject, injectable } from "tsyringe";\nimport { IRoomsClient } from "./clients/rooms.client";\nimport { IBillingClient } from "./clients/billing.client";\n@injectable()\nexport class BookingController {\n  constructor(@inject("IRoomsClient") private rooms: IRoomsClient, @inject("IBillingClient") private billing: IBillingClient) {}\n  async create(req: any, res: any) {\n    await this.rooms.hold(req.body.night);\n    await this.billing.invoice(req.body.guest);\n    res.status(201).end();\n  }\n}\n`,
    "src/server.ts": `import express from "express";\nimport { container } from "tsyringe";\nimport { BookingController } from "./booking.controller";\nimport { RoomsClient } from "./clients/rooms.client";\nimport { BillingClient } from "./clients/billing.client";\nconst app = express();\nconst controller = ${made};\napp.post("/v1/bookings", (req, res) => controller.create(req, res));\napp.listen(3000);\n`,
  }),
  ...backends,
  ...compose("    environment:\n      ROOMS_URL: http://rooms:3000\n      BILLING_URL: http://billing:3000\n"),
});

ruleTester("sync-call-chain", {
  valid: [
    {
      // Made by the container (no `new` says which class it is handed), so nothing tells the two apart.
      name: "two methods of that name in the interface's module: which one runs is not guessed",
      files: typedClients(`  async hold(night: string) { await this.http.post(\`/v1/holds/\${night}\`); }\n}\nexport class CachedRoomsClient {\n  async hold(night: string) { return night;\n  }\n`, "container.resolve(BookingController)"),
    },
  ],
  invalid: [
    {
      name: "two methods of that name in the interface's module, but the controller is made with `new RoomsClient()`: that one runs",
      files: typedClients(`  async hold(night: string) { await this.http.post(\`/v1/holds/\${night}\`); }\n}\nexport class CachedRoomsClient {\n  async hold(night: string) { return night;\n  }\n`),
      errors: [{ messageId: "sequential", file: "services/bookings/src/server.ts", line: 8, data: { targets: "rooms,billing" } }],
    },
    {
      name: "clients injected under interface types (this.rooms: IRoomsClient) reach the class implementing each in its module",
      files: typedClients(`  async hold(night: string) { await this.http.post(\`/v1/holds/\${night}\`); }\n`),
      errors: [{ messageId: "sequential", file: "services/bookings/src/server.ts", line: 8, data: { targets: "rooms,billing" } }],
    },
  ],
});
