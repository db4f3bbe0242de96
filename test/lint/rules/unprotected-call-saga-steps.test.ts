import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A checkout service orchestrates a booking saga over HTTP: the saga keeps its steps in a list typed with their
 * abstract class (`private readonly steps: BookingStep[]`), runs `forward` on each in turn and, when one fails, `undo`
 * on the ones done so far (a local `done: BookingStep[]`). Each step class calls another service with plain axios: the
 * route's request waits on every one of those calls. `loop` is how the saga walks its steps.
 */
const LOOP = `    const done: BookingStep[] = [];\n    for (const step of this.steps) {\n      try {\n        await step.forward(trip);\n        done.unshift(step);\n      } catch (error) {\n        for (const finished of done) await finished.undo(trip);\n        throw error;\n      }\n    }`;

const travel = (loop = LOOP, stepsType = "BookingStep[]"): Tree => ({
  "docker-compose.yml": `services:\n  checkout:\n    build: ./checkout\n  flights:\n    build: ./flights\n  hotels:\n    build: ./hotels\n`,
  ...service("checkout", ["express", "axios"], {
    "src/server.ts": `import express from "express";\nimport { BookingSaga } from "./saga";\nconst saga = new BookingSaga();\nconst app = express();\napp.use(express.json());\napp.post("/v1/trips", async (req, res) => {\n  await saga.run(req.body);\n  res.status(201).end();\n});\napp.listen(3000);\n`,
    "src/step.ts": `export abstract class BookingStep {\n  abstract forward(trip: { id: string }): Promise<void>;\n  abstract undo(trip: { id: string }): Promise<void>;\n}\n`,
    "src/flight-step.ts": `import axios from "axios";\nimport { BookingStep } from "./step";\nexport class FlightStep extends BookingStep {\n  async forward(trip: { id: string }) {\n    await axios.post("http://flights:4001/v1/seats", trip);\n  }\n  async undo(trip: { id: string }) {\n    await axios.delete(\`http://flights:4001/v1/seats/\${trip.id}\`);\n  }\n}\n`,
    "src/hotel-step.ts": `import axios from "axios";\nimport { BookingStep } from "./step";\nexport class HotelStep extends BookingStep {\n  async forward(trip: { id: string }) {\n    await axios.post("http://hotels:4002/v1/rooms", trip);\n  }\n  async undo(trip: { id: string }) {\n    await axios.delete(\`http://hotels:4002/v1/rooms/\${trip.id}\`);\n  }\n}\n`,
    "src/saga.ts": `import { BookingStep } from "./step";\nimport { FlightStep } from "./flight-step";\nimport { HotelStep } from "./hotel-step";\nexport class BookingSaga {\n  private readonly steps: ${stepsType};\n  constructor() {\n    this.steps = [new FlightStep(), new HotelStep()];\n  }\n  async run(trip: { id: string }) {\n${loop}\n  }\n}\n`,
  }),
  ...service("flights", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/seats", (req, res) => res.json({}));\napp.delete("/v1/seats/:id", (req, res) => res.json({}));\napp.listen(4001);\n`,
  }),
  ...service("hotels", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/rooms", (req, res) => res.json({}));\napp.delete("/v1/rooms/:id", (req, res) => res.json({}));\napp.listen(4002);\n`,
  }),
});

const call = (file: string, line: number, target: string) => ({ messageId: "noGuard", file: `checkout/src/${file}`, line, data: { service: "checkout", targetService: target } });

ruleTester("unprotected-call", {
  valid: [{ name: "a saga that keeps its steps but walks none of them makes none of their calls", files: travel(`    return trip.id;`) }],
  invalid: [
    {
      name: "each step's forward and undo, run through the saga's lists of the abstract step",
      files: travel(),
      errors: [call("flight-step.ts", 5, "flights"), call("flight-step.ts", 8, "flights"), call("hotel-step.ts", 5, "hotels"), call("hotel-step.ts", 8, "hotels")],
    },
    {
      name: "the list typed Array<BookingStep>, walked forward only",
      files: travel(`    for (const step of this.steps) await step.forward(trip);`, "Array<BookingStep>"),
      errors: [call("flight-step.ts", 5, "flights"), call("hotel-step.ts", 5, "hotels")],
    },
  ],
});
