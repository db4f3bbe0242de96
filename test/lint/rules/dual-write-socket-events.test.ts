import { describe, expect, it } from "vitest";
import { facts, ruleTester, service, type Tree } from "../helpers.js";

/**
 * A chat service (express, socket.io, pg, kafkajs): each message a client sends over its socket is stored, then
 * announced on Kafka. `server` is src/server.ts after its imports; `files` more of its files.
 */
const chat = (server: string, files: Record<string, string> = {}): Tree => ({
  "docker-compose.yml": `services:\n  chat:\n    build: ./services/chat\n`,
  ...service("services/chat", ["express", "socket.io", "pg", "kafkajs"], {
    "src/store.ts": `import { Pool } from "pg";\nexport const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n`,
    "src/bus.ts": `import { Kafka } from "kafkajs";\nexport const producer = new Kafka({ brokers: [process.env.KAFKA_BROKERS!] }).producer();\n`,
    "src/server.ts": `import express from "express";\nimport { createServer } from "node:http";\nimport { Server } from "socket.io";\nimport { pool } from "./store";\nimport { producer } from "./bus";\nconst app = express();\nconst http = createServer(app);\nconst io = new Server(http);\napp.get("/v1/rooms", async (_req, res) => res.json((await pool.query("SELECT id FROM rooms")).rows));\n${server}\nhttp.listen(3000);\n`,
    ...files,
  }),
});

const STORE = `await pool.query("INSERT INTO messages (room, body) VALUES ($1, $2)", [data.room, data.body]);`;
const ANNOUNCE = `await producer.send({ topic: "chat.message-posted", messages: [{ value: JSON.stringify(data) }] });`;

const CHAT_MODULE = `import type { Socket } from "socket.io";\nimport { pool } from "./store";\nimport { producer } from "./bus";\n\nexport const ChatEvents = { POST: "message:post", TYPING: "typing" } as const;\n\nasync function onPost(data: { room: string; body: string }) {\n  ${STORE}\n  ${ANNOUNCE}\n}\n\nexport function registerChat(socket: Socket) {\n  socket.on(ChatEvents.POST, onPost);\n}\n`;

ruleTester("dual-write", {
  valid: [
    {
      name: "a message handler that only stores, and a socket's own disconnect event that stores and announces",
      files: chat(`io.on("connection", (socket) => {\n  socket.on("message:post", async (data) => {\n    ${STORE}\n  });\n  socket.on("disconnect", async () => {\n    const data = { room: "lobby", body: "left" };\n    ${STORE}\n    ${ANNOUNCE}\n  });\n});`),
    },
  ],
  invalid: [
    {
      name: "a message a client sends over its socket is stored, then announced",
      files: chat(`io.on("connection", (socket) => {\n  socket.on("message:post", async (data) => {\n    ${STORE}\n    ${ANNOUNCE}\n  });\n});`),
      errors: [{ messageId: "dualWrite", file: "services/chat/src/server.ts", line: 13, data: { service: "chat", target: "messages", topic: "chat.message-posted", system: "kafka" } }],
    },
    {
      name: "a handler named in a module of its own, on a parameter typed with socket.io's Socket, the event a constant",
      files: chat(`import { registerChat } from "./chat";\nio.on("connection", (socket) => registerChat(socket));`, { "src/chat.ts": CHAT_MODULE }),
      errors: [{ messageId: "dualWrite", file: "services/chat/src/chat.ts", line: 9, data: { service: "chat", target: "messages", topic: "chat.message-posted", system: "kafka" } }],
    },
  ],
});

describe("[U] socket message handlers", () => {
  it("records the connection callback's socket events and a typed socket's, not lifecycle events or other emitters", () => {
    const found = facts(
      `import { Server, Socket } from "socket.io";\nimport { EventEmitter } from "node:events";\nconst io = new Server();\nconst bus = new EventEmitter();\nbus.on("order", (o) => o);\nio.on("connection", (socket) => {\n  socket.on("join", (room) => socket.join(room));\n  socket.on("error", () => undefined);\n});\nexport function wire(client: Socket, emitter: EventEmitter) {\n  client.on("leave", handleLeave);\n  emitter.on("other", handleLeave);\n}\nfunction handleLeave() {}\n`,
    ).socketEvents;
    expect(found?.map((e) => [e.event, e.handler ?? e.handlerRef?.name])).toEqual([
      ["join", "fn@L7C21"],
      ["leave", "handleLeave"],
    ]);
  });

  it("records the events of a connection handler handed over by name, not of another function's first parameter", () => {
    const found = facts(
      `import { Server } from "socket.io";\nconst io = new Server();\nconst onConnection = async (socket) => {\n  socket.on("send_message", async (payload) => payload);\n};\nfunction wireEmitter(emitter) {\n  emitter.on("tick", () => undefined);\n}\nio.on("connection", onConnection);\n`,
    ).socketEvents;
    expect(found?.map((e) => e.event)).toEqual(["send_message"]);
  });

  it("records a NestJS gateway's @SubscribeMessage methods", () => {
    const found = facts(
      `import { WebSocketGateway, SubscribeMessage, MessageBody } from "@nestjs/websockets";\n@WebSocketGateway()\nexport class ChatGateway {\n  @SubscribeMessage("message:post")\n  async post(@MessageBody() body: string) {\n    return body;\n  }\n  helper() {}\n}\n`,
    ).socketEvents;
    expect(found?.map((e) => [e.event, e.handler])).toEqual([["message:post", "fn:ChatGateway.post"]]);
  });
});
