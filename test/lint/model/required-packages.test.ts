import { describe, expect, it } from "vitest";
import { facts, lintTree, type Tree } from "../helpers.js";

/**
 * An orders saga whose broker code sits in a folder of its own with a package.json (`broker/`, its `main` an index of
 * its handlers), which each service requires by path: `require("../../broker/handlers/send")`. Nothing is deployed
 * (the services are started by hand), so discovery takes the broker's package, with a client and a `main`, for a service. The broker's producer is
 * an ES5 constructor function whose method is set on its prototype.
 */
const saga = (brokerPackage: object = { name: "broker", main: "index.js", dependencies: { "kafka-node": "*" } }): Tree => ({
  "broker/package.json": brokerPackage,
  "broker/index.js": `module.exports = { Producer: require("./handlers/Producer"), send: require("./handlers/send") };\n`,
  "broker/handlers/Producer.js": `const kafka = require("kafka-node");\n\nfunction Producer() {\n  this.client = new kafka.KafkaClient({ kafkaHost: process.env.KAFKA_HOST });\n  this.producer = new kafka.Producer(this.client);\n}\n\nProducer.prototype.produce = function produce(topic, messages) {\n  return new Promise((resolve, reject) => {\n    this.producer.send([{ topic, messages }], (err, data) => (err ? reject(err) : resolve(data)));\n  });\n};\n\nProducer.prototype.createTopics = function createTopics(topics) {\n  return topics;\n};\n\nmodule.exports = Producer;\n`,
  "broker/handlers/send.js": `const Producer = require("./Producer");\nconst producer = new Producer();\n\nmodule.exports = (event) => producer.produce(event.topic, JSON.stringify(event));\n`,
  "orders/package.json": { name: "orders", scripts: { start: "node src/app.js" }, dependencies: { express: "*", mongoose: "*" } },
  "orders/src/app.js": `const express = require("express");\nconst mongoose = require("mongoose");\nconst send = require("../../broker/handlers/send");\nconst Order = mongoose.model("Order", new mongoose.Schema({ item: String }));\nmongoose.connect(process.env.MONGO_URL);\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  const order = await new Order({ item: req.body.item }).save();\n  send({ topic: "ORDERS", order });\n  res.status(201).json(order);\n});\napp.listen(3000);\n`,
  "orders/.env": "MONGO_URL=mongodb://mongo/orders\nKAFKA_HOST=kafka:9092\n",
});

describe("[I] a package the services require by path, which nothing deploys or starts", () => {
  it("is their library, not a service, said in a diagnostic", () => {
    const result = lintTree(saga());
    expect(result.model.services.map((s) => s.name)).toEqual(["orders"]);
    expect(result.model.libraries.map((l) => [l.name, l.root])).toEqual([["broker", "broker"]]);
    expect(result.diagnostics.some((d) => d.message.startsWith("broker: nothing deploys broker and no script starts it"))).toBe(true);
  });

  it("stays a service when a script starts it", () => {
    const result = lintTree(saga({ name: "broker", main: "index.js", scripts: { start: "node index.js" }, dependencies: { "kafka-node": "*" } }));
    expect(result.model.services.map((s) => s.name).sort()).toEqual(["broker", "orders"]);
  });

  it("stays a service when a process manager runs it (a pm2 ecosystem file at the top)", () => {
    const tree = { ...saga(), "ecosystem.config.js": `module.exports = { apps: [{ name: "broker", cwd: "broker", script: "index.js" }, { name: "orders", cwd: "orders", script: "src/app.js" }] };\n` };
    expect(lintTree(tree).model.services.map((s) => s.name).sort()).toEqual(["broker", "orders"]);
  });

  it("its publish, reached through the prototype method of its producer, pairs with the route's save: reported where the service calls it", () => {
    const found = lintTree(saga(), { only: "dual-write" }).findings;
    expect(found.map((f) => [f.ruleId, f.location.file, f.location.line])).toEqual([["dual-write", "orders/src/app.js", 9]]);
  });
});

describe("[U] a constructor function's prototype methods", () => {
  it("are named after the function, as a class's methods are", () => {
    const ids = facts(`function Store() {}\nStore.prototype.put = function (key, value) {\n  return [key, value];\n};\nStore.prototype.get = async function get(key) {\n  return key;\n};\nStore.other = function () {};\n`).functions.map((fn) => fn.id);
    expect(ids).toContain("fn:Store.put");
    expect(ids).toContain("fn:Store.get");
    expect(ids).not.toContain("fn:Store.other");
  });
});
