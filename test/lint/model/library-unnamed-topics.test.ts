import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * A shared package's publisher factory: `makeSender({ event })` returns a function that sends to `${event}.v1`. The
 * library's code cannot name that topic, and no service is given it: each service that uses the package is told so,
 * rather than reading as one that publishes nothing.
 */

/** A workspace with the `@parcel/bus` package (its `send.ts` is `sendFile`) and a `depot` service that uses it. */
const workspace = (sendFile: string, useFile: string): Tree => ({
  "package.json": { name: "parcels", private: true, workspaces: ["services/*", "packages/*"] },
  "packages/bus/package.json": { name: "@parcel/bus", main: "src/send.ts", dependencies: { kafkajs: "*" } },
  "packages/bus/src/send.ts": sendFile,
  ...service("services/depot", ["express", "@parcel/bus", "pg"], {
    "src/server.ts": `import express from "express";\nimport { Pool } from "pg";\n${useFile}\nconst db = new Pool();\nconst app = express();\napp.post("/v1/parcels", async (req, res) => {\n  await db.query("INSERT INTO parcels (label) VALUES ($1)", [req.body.label]);\n  await announce(req.body);\n  res.sendStatus(201);\n});\napp.listen(3000);\n`,
  }),
  ...service("services/desk", ["express"], { "src/server.ts": `import express from "express";\nexpress().listen(3000);\n` }),
});

const unnamed = (tree: Tree) =>
  lintTree(tree)
    .diagnostics.filter((d) => d.kind === "not-understood" && /names its topic/.test(d.message))
    .map((d) => `${d.service} ${d.file}:${d.line}`);

describe("[U] a library's publishes whose topic its code cannot name", () => {
  const factory = `import { Kafka } from "kafkajs";\nconst producer = new Kafka({ brokers: [process.env.KAFKA!] }).producer();\nexport function makeSender(options: { event: string }) {\n  const { event } = options;\n  return async (body: object) => {\n    await producer.send({ topic: \`\${event}.v1\`, messages: [{ value: JSON.stringify(body) }] });\n  };\n}\n`;

  it("a factory that returns the sender, its sender kept where no handler's call is followed: each service that uses the library is told, at the library's publish", () => {
    const kept = `import { makeSender } from "@parcel/bus";\nclass Events {\n  registered = makeSender({ event: "parcel-registered" });\n}\nconst events = new Events();\nconst announce = (body: object) => events.registered(body);`;
    expect(unnamed(workspace(factory, kept))).toEqual(["depot packages/bus/src/send.ts:6"]);
  });

  it("a factory whose sender a module constant holds: its calls publish (model/factory-topics.ts), and nothing is said", () => {
    const tree = workspace(factory, `import { makeSender } from "@parcel/bus";\nconst announce = makeSender({ event: "parcel-registered" });`);
    expect(unnamed(tree)).toEqual([]);
    expect(lintTree(tree, { only: "dual-write" }).findings.map((f) => `${f.location.file}:${f.location.line} ${f.data?.topic}`)).toEqual(["services/depot/src/server.ts:9 parcel-registered.v1"]);
  });

  it("a helper whose callers pass the topic is followed to them, and says nothing", () => {
    const helper = `import { Kafka } from "kafkajs";\nconst producer = new Kafka({ brokers: [process.env.KAFKA!] }).producer();\nexport async function sendEvent(topic: string, body: object) {\n  await producer.send({ topic, messages: [{ value: JSON.stringify(body) }] });\n}\n`;
    expect(unnamed(workspace(helper, `import { sendEvent } from "@parcel/bus";\nconst announce = (body: object) => sendEvent("parcel-registered", body);`))).toEqual([]);
  });
});
