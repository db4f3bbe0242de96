import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * Publisher and listener subclasses of a published course library that hand the base its subject through the
 * constructor (`super(client, Channel.SeatHeld)`, `super(client, Channel.ShowCancelled, "seats-service")`) rather than
 * through a `subject` member; the publisher overrides `publish(data) { return super.publish(data) }`, and a listener
 * keeps another publisher in a typed member (`this.released.publish(seat)`). Before: no subject, so the listener handled
 * no message and the publishes had none (their data read as the subject). (acc31b)
 */

function seats(routeBody: string, listenerBody: string): Tree {
  return {
    "docker-compose.yml": `services:\n  seats:\n    build: ./seats\n`,
    ...service("seats", ["express", "mongoose", "node-nats-streaming", "@venue/shared"], {
      "src/server.ts": `import express from "express";\nimport mongoose from "mongoose";\nimport nats from "node-nats-streaming";\nimport { Seat } from "./models/seat";\nimport { SeatHeldPublisher } from "./seat-held-publisher";\nimport { ShowCancelledListener } from "./show-cancelled-listener";\nconst stan = nats.connect("venue", "seats", { url: process.env.NATS_URL });\nnew ShowCancelledListener(stan).listen();\nconst app = express();\napp.post("/v1/seats/:id/hold", async (req, res) => {\n  const seat = await Seat.findById(req.params.id);\n  seat.set({ heldBy: req.body.user });\n  await seat.save();\n${routeBody}\n  res.status(202).end();\n});\nvoid mongoose.connect(process.env.MONGO_URI!);\napp.listen(3000);\n`,
      "src/models/seat.ts": `import mongoose from "mongoose";\nexport const Seat = mongoose.model("Seat", new mongoose.Schema({ heldBy: String, show: String }));\n`,
      "src/seat-held-publisher.ts": `import { Publisher, Channel } from "@venue/shared";\nimport { Stan } from "node-nats-streaming";\nexport class SeatHeldPublisher extends Publisher<{ id: string }> {\n  constructor(client: Stan) {\n    super(client, Channel.SeatHeld);\n  }\n  publish(data: { id: string }) {\n    return super.publish(data);\n  }\n}\n`,
      "src/seat-released-publisher.ts": `import { Publisher, Channel } from "@venue/shared";\nimport { Stan } from "node-nats-streaming";\nexport class SeatReleasedPublisher extends Publisher<{ id: string }> {\n  constructor(client: Stan) {\n    super(client, Channel.SeatReleased);\n  }\n}\n`,
      "src/show-cancelled-listener.ts": `import { Listener, Channel } from "@venue/shared";\nimport { Message, Stan } from "node-nats-streaming";\nimport { Seat } from "./models/seat";\nimport { SeatReleasedPublisher } from "./seat-released-publisher";\nexport class ShowCancelledListener extends Listener<{ show: string }> {\n  private readonly released: SeatReleasedPublisher;\n  constructor(client: Stan) {\n    super(client, Channel.ShowCancelled, "seats-service");\n    this.released = new SeatReleasedPublisher(client);\n  }\n  async onMessage(data: { show: string }, msg: Message) {\n${listenerBody}\n    msg.ack();\n  }\n}\n`,
    }),
  };
}

ruleTester("dual-write", {
  valid: [
    {
      name: "the listener only writes",
      files: seats("", `    await Seat.updateMany({ show: data.show }, { heldBy: null });`),
    },
  ],
  invalid: [
    {
      name: "the route holds the seat then publishes through the subclass; the listener frees a seat then publishes through its member",
      files: seats("  await new SeatHeldPublisher(stan).publish({ id: seat.id });", `    const seat = await Seat.findOne({ show: data.show });\n    seat.set({ heldBy: null });\n    await seat.save();\n    await this.released.publish({ id: seat.id });`),
      errors: [
        { messageId: "dualWrite", data: { service: "seats", system: "nats-streaming", topic: "{Channel.SeatHeld}" } },
        { messageId: "dualWrite", data: { service: "seats", system: "nats-streaming", topic: "{Channel.SeatReleased}" } },
      ],
    },
  ],
});

describe("[U] the subclasses' own publishes", () => {
  it("`super.publish(data)` and `this.released.publish(seat)` send the subclass's subject, not their argument as one", () => {
    const tree = seats("  await new SeatHeldPublisher(stan).publish({ id: seat.id });", `    const seat = await Seat.findOne({ show: data.show });\n    await this.released.publish({ id: seat.id });`);
    const produced = lintTree(tree, { only: "dual-write" }).model.topics.filter((t) => t.role === "produce").map((t) => t.topic);
    expect([...new Set(produced)].sort()).toEqual(["{Channel.SeatHeld}", "{Channel.SeatReleased}"]);
  });
});
