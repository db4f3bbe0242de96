import { ruleTester, service, type Tree } from "../helpers.js";

/** What a reader of a hardcoded-endpoint finding sees: the message, the variable it suggests, each hop of the evidence. */

const catalogue = service("services/catalogue", ["express"], {
  "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/items", (req, res) => res.json([]));\napp.get("/v1/prices", (req, res) => res.json([]));\napp.listen(8080);\n`,
});
/** orders' compose entry sets one variable already (LOG_LEVEL, line 7): the finding says to add its own there. */
const COMPOSE = "services:\n  catalogue:\n    build: ./services/catalogue\n  orders:\n    build: ./services/orders\n    environment:\n      LOG_LEVEL: info\n";
/** The orders service: src/server.ts is `code`. */
const orders = (code: string, deps: string[], files: Record<string, string> = {}): Tree => service("services/orders", ["express", ...deps], { "src/server.ts": code, ...files });

const READ_ADDRESS = (variable: string) => `read the address from the environment (${variable}) or configuration`;
const READ_CONNECTION = (variable: string) => `read the connection from the environment (${variable}) or configuration`;

ruleTester("hardcoded-endpoint", {
  valid: [
    {
      name: "hosts allowHosts names, whatever their case, an IPv6 address written in brackets among them",
      files: { ...catalogue, ...orders(`import axios from "axios";\nexport const items = () => axios.get("http://catalogue:8080/v1/items");\nexport const prices = () => axios.get("http://[fd00::7]:8080/v1/prices");\n`, ["axios"]) },
      options: { allowHosts: ["Catalogue", "fd00::7"] },
    },
  ],
  invalid: [
    {
      name: "three calls through one literal base URL: one finding, the others counted, the service it reaches, where to set the variable",
      files: {
        ...catalogue,
        ...orders(`import axios from "axios";\nconst base = "http://catalogue:8080";\nexport const items = () => axios.get(\`\${base}/v1/items\`);\nexport const prices = () => axios.get(\`\${base}/v1/prices\`);\nexport const add = () => axios.post(\`\${base}/v1/items\`, {});\n`, ["axios"]),
        "docker-compose.yml": COMPOSE,
      },
      errors: [
        {
          messageId: "call",
          file: "services/orders/src/server.ts",
          line: 3,
          data: { service: "orders", host: "catalogue", url: "http://catalogue:8080/v1/items", target: "catalogue", calls: 3, variable: "CATALOGUE_URL" },
          message: `orders calls GET http://catalogue:8080/v1/items (catalogue) (and 2 more calls with this host) with the host name catalogue written into the code; ${READ_ADDRESS("CATALOGUE_URL")}`,
          evidence: [
            "orders calls GET http://catalogue:8080/v1/items through axios, which reaches catalogue",
            "orders calls GET http://catalogue:8080/v1/prices through axios, which reaches catalogue",
            "orders calls POST http://catalogue:8080/v1/items through axios, which reaches catalogue",
            "the environment of orders is set here: add CATALOGUE_URL",
          ],
        },
      ],
    },
    {
      name: "one file calling two services at the same loopback host on their own ports: a finding for each service, each its variable",
      files: {
        ...catalogue,
        ...service("services/stock", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/levels", (req, res) => res.json([]));\napp.listen(8081);\n` }),
        ...orders(`import axios from "axios";\nexport const items = () => axios.get("http://localhost:8080/v1/items");\nexport const prices = () => axios.get("http://localhost:8080/v1/prices");\nexport const levels = () => axios.get("http://localhost:8081/v1/levels");\n`, ["axios"]),
      },
      errors: [
        { messageId: "call", line: 2, data: { service: "orders", host: "localhost", target: "catalogue", calls: 2, variable: "CATALOGUE_URL" } },
        { messageId: "call", line: 4, data: { service: "orders", host: "localhost", target: "stock", calls: 1, variable: "STOCK_URL" } },
      ],
    },
    {
      name: "two calls to an IP address: and 1 more call; no environment set anywhere, so no place to add it",
      files: { ...catalogue, ...orders(`import axios from "axios";\nexport const items = () => axios.get("http://10.0.0.7:8080/v1/items");\nexport const prices = () => axios.get("http://10.0.0.7:8080/v1/prices");\n`, ["axios"]) },
      errors: [
        {
          messageId: "call",
          message: `orders calls GET http://10.0.0.7:8080/v1/items (catalogue) (and 1 more call with this host) with the IP address 10.0.0.7 written into the code; ${READ_ADDRESS("CATALOGUE_URL")}`,
          evidence: ["orders calls GET http://10.0.0.7:8080/v1/items through axios, which reaches catalogue", "orders calls GET http://10.0.0.7:8080/v1/prices through axios, which reaches catalogue"],
        },
      ],
    },
    {
      name: "with allowFallbacks off, a literal fallback of an environment lookup is said as such",
      files: {
        ...catalogue,
        ...orders(`import axios from "axios";\nconst base = process.env.CATALOGUE_URL ?? "http://catalogue:8080";\nexport const items = () => axios.get(\`\${base}/v1/items\`);\n`, ["axios"]),
        "docker-compose.yml": COMPOSE,
      },
      options: { allowFallbacks: false },
      errors: [
        {
          messageId: "callFallback",
          line: 3,
          message: `orders calls GET http://catalogue:8080/v1/items (catalogue) with the host name catalogue written as the fallback of CATALOGUE_URL; ${READ_ADDRESS("CATALOGUE_URL")}`,
          evidence: ["orders calls GET http://catalogue:8080/v1/items through axios, which reaches catalogue", "the environment of orders is set here: add CATALOGUE_URL"],
        },
      ],
    },
    {
      name: "no service reached: the variable is named after an internal host's first label, or after the file (its words split)",
      files: {
        ...catalogue,
        ...orders(`import axios from "axios";\nexport const rate = () => axios.get("http://rates.internal/v1/rates");\n`, ["axios"], {
          "src/clients/flightClient.ts": `import axios from "axios";\nexport const flights = () => axios.get("http://10.1.1.1/v1/flights");\n`,
        }),
      },
      errors: [
        {
          messageId: "call",
          file: "services/orders/src/clients/flightClient.ts",
          data: { variable: "FLIGHT_CLIENT_URL", calls: 1 },
          message: `orders calls GET http://10.1.1.1/v1/flights with the IP address 10.1.1.1 written into the code; ${READ_ADDRESS("FLIGHT_CLIENT_URL")}`,
          evidence: ["orders calls GET http://10.1.1.1/v1/flights through axios"],
        },
        {
          messageId: "call",
          file: "services/orders/src/server.ts",
          data: { variable: "RATES_URL" },
          message: `orders calls GET http://rates.internal/v1/rates with the host name rates.internal written into the code; ${READ_ADDRESS("RATES_URL")}`,
        },
      ],
    },
    {
      name: "datastores: the engine's usual variable, the kind of address, the library and URL",
      files: {
        ...catalogue,
        ...orders(`import mongoose from "mongoose";\nimport Redis from "ioredis";\nmongoose.connect("mongodb://mongo.internal:27017/orders");\nexport const cache = new Redis("redis://10.0.0.9:6379");\n`, ["mongoose", "ioredis"]),
      },
      errors: [
        {
          messageId: "datastore",
          line: 3,
          data: { service: "orders", host: "mongo.internal", engine: "mongodb" },
          message: `orders connects to mongodb at the host name mongo.internal written into the code; ${READ_CONNECTION("MONGODB_URI")}`,
          evidence: ["orders opens mongodb through mongoose at mongodb://mongo.internal:27017/orders"],
        },
        {
          messageId: "datastore",
          line: 4,
          message: `orders connects to redis at the IP address 10.0.0.9 written into the code; ${READ_CONNECTION("REDIS_URL")}`,
          evidence: ["orders opens redis through ioredis at redis://10.0.0.9:6379"],
        },
      ],
    },
    {
      name: "a Kafka broker list: its hosts named together, each address in the evidence",
      files: { ...catalogue, ...orders(`import { Kafka } from "kafkajs";\nexport const kafka = new Kafka({ brokers: ["kafka-1:9092", "kafka-2:9092", "kafka-3:9092"] });\n`, ["kafkajs"]), "docker-compose.yml": COMPOSE },
      errors: [
        {
          messageId: "broker",
          data: { service: "orders", host: "kafka-1", hosts: "kafka-1,kafka-2,kafka-3", system: "kafka" },
          message: `orders connects to Kafka at kafka-1, kafka-2 and kafka-3 written into the code; ${READ_ADDRESS("KAFKA_BROKERS")}`,
          evidence: ["orders connects to Kafka through kafkajs at kafka-1:9092, kafka-2:9092, kafka-3:9092", "the environment of orders is set here: add KAFKA_BROKERS"],
        },
      ],
    },
    {
      name: "one RabbitMQ address: the kind of address and the broker's name",
      files: { ...catalogue, ...orders(`import amqp from "amqplib";\nexport const connection = amqp.connect("amqp://rabbit:5672");\n`, ["amqplib"]) },
      errors: [
        {
          messageId: "broker",
          message: `orders connects to RabbitMQ at the host name rabbit written into the code; ${READ_ADDRESS("AMQP_URL")}`,
          evidence: ["orders connects to RabbitMQ through amqplib at amqp://rabbit:5672"],
        },
      ],
    },
  ],
});
