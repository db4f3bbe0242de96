import { describe, expect, it } from "vitest";
import { lintTree, ruleTester, service, type Tree } from "../helpers.js";

/**
 * A bookings service whose RabbitMQ channel is opened once in a module of its own (`src/broker.ts` imports amqplib,
 * keeps the channel and exports a getter) and handed out to the route files, which import no broker client at all:
 * `const channel = getBrokerChannel(); channel.publish("bookings", "booking.made", Buffer.from(...))`.
 */
const BROKER = `import amqp from "amqplib";\nlet channel: amqp.Channel | undefined;\nexport async function openBroker() {\n  const connection = await amqp.connect(process.env.AMQP_URL!);\n  channel = await connection.createChannel();\n  await channel.assertExchange("bookings", "topic", { durable: true });\n}\nexport function getBrokerChannel() {\n  return channel!;\n}\n`;

const bookings = (route: string, extra: Record<string, string> = {}): Tree => ({
  "docker-compose.yml": `services:\n  bookings:\n    build: ./bookings\n`,
  ...service("bookings", ["express", "amqplib", "pg"], {
    "src/broker.ts": BROKER,
    "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\nimport { getBrokerChannel, openBroker } from "./broker";\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL });\nconst app = express();\napp.use(express.json());\n${route}\nopenBroker().then(() => app.listen(3000));\n`,
    ...extra,
  }),
});

const MADE = `app.post("/v1/bookings", async (req, res) => {\n  await pool.query("INSERT INTO bookings (id, room) VALUES ($1, $2)", [req.body.id, req.body.room]);\n  const channel = getBrokerChannel();\n  const body = Buffer.from(JSON.stringify(req.body));\n  channel.publish("bookings", "booking.made", body, { persistent: true });\n  res.status(201).json(req.body);\n});`;

ruleTester("dual-write", {
  valid: [
    {
      name: "a route that only publishes on the channel the getter hands out",
      files: bookings(`${MADE.replace(`  await pool.query("INSERT INTO bookings (id, room) VALUES ($1, $2)", [req.body.id, req.body.room]);\n`, "")}\napp.delete("/v1/bookings/:id", async (req, res) => {\n  await pool.query("DELETE FROM bookings WHERE id = $1", [req.params.id]);\n  res.status(204).end();\n});`),
    },
  ],
  invalid: [
    {
      name: "a route that inserts, then publishes a Buffer on the channel a project getter hands out",
      files: bookings(MADE),
      errors: [{ messageId: "dualWrite", file: "bookings/src/server.ts", line: 11, data: { service: "bookings", system: "amqp", topic: "bookings/booking.made" } }],
    },
  ],
});

describe("[I] an AMQP channel handed out by a getter of the project", () => {
  it("publishes where its content is a Buffer; a getter's `publish(a, b, c)` of text (a Redis-like client's) is none", () => {
    const produced = (tree: Tree) => lintTree(tree).model.topics.filter((t) => t.role === "produce").map((t) => `${t.system} ${t.topic}`);
    expect(produced(bookings(MADE))).toEqual(["amqp bookings/booking.made"]);
    expect(produced(bookings(MADE.replace("const body = Buffer.from(JSON.stringify(req.body));", "const body = JSON.stringify(req.body);")))).toEqual([]);
  });
});
