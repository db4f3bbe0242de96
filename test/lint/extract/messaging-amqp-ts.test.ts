import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";
import { describeTopic, topics } from "./messaging-facts.js";

/** Written for this test: amqp-ts's exchanges and queues, each declared by the connection and kept in a local or a constant. */
describe("[U] amqp-ts: messages sent and consumed through the exchanges and queues a connection declares", () => {
  it("an exchange's send publishes to it (with the routing key when given); a queue's send publishes to the queue", () => {
    const code = `const amqp = require("amqp-ts");
const conn = new amqp.Connection(process.env.BROKER_URL);
const ledger = conn.declareQueue("ledger.entries", { durable: true });
module.exports = {
  announce(shelf) {
    const shelves = conn.declareExchange("shelves.stocked", "fanout");
    shelves.send(new amqp.Message(JSON.stringify(shelf)));
    const keyed = conn.declareExchange("shelves", "topic");
    keyed.send(new amqp.Message("{}"), "stocked.north");
    ledger.send(new amqp.Message("{}"));
  },
};
`;
    expect(topics(code, "src/announce.js")).toEqual(["amqp produce shelves.stocked", "amqp produce shelves/stocked.north", "amqp produce ledger.entries"]);
  });

  it("a queue's consumer (activateConsumer, startConsumer) consumes it, with its handler; a bound queue consumes the exchange; a nameless queue's own consumer adds nothing", () => {
    const code = `import { Connection } from "amqp-ts-async";
const conn = new Connection("amqp://rabbit");
const restock = conn.declareQueue("restock.requests");
const listener = conn.declareQueue("", { exclusive: true });
const shelves = conn.declareExchange("shelves.stocked", "fanout");
listener.bind(shelves);
export function start() {
  restock.activateConsumer(async (message) => message.ack());
  listener.startConsumer(onStocked);
}
function onStocked() {}
`;
    const found = facts(code, "src/listen.ts").topics;
    expect(found.map(describeTopic)).toEqual(["amqp consume shelves.stocked", "amqp consume restock.requests"]);
    expect(found.find((t) => describeTopic(t) === "amqp consume restock.requests")?.inFunction).toMatch(/^fn@L8/);
  });

  it("not amqp-ts: the same method names on objects no declare call made, or in a file that does not import it", () => {
    expect(topics(`const amqp = require("amqp-ts");\nexport function f(socket, mailer) {\n  socket.send("hello");\n  mailer.send({ to: "a@b" });\n}\n`)).toEqual([]);
    expect(topics(`const conn = makeConnection();\nconst ex = conn.declareExchange("shelves", "fanout");\nex.send("x");\n`)).toEqual([]);
  });
});
