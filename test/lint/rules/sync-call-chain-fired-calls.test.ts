import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A notes service posts each new note to a relay, whose handler passes it on to an index service. How the relay
 * passes it on is the test's: sent and left (the relay answers at once), or awaited (the notes request waits on both).
 */
const relay = (forward: string): Tree => ({
  "docker-compose.yml": "services:\n  notes:\n    build: ./notes\n  relay:\n    build: ./relay\n  index:\n    build: ./index\n",
  ...service("notes", ["express", "axios"], {
    "src/server.ts": `import express from "express";\nimport axios from "axios";\nconst app = express();\napp.post("/v1/notes", async (req, res) => {\n  await axios.post("http://relay:6100/v1/relay", req.body, { timeout: 500 });\n  res.status(201).end();\n});\napp.listen(6000);\n`,
  }),
  ...service("relay", ["express", "axios"], {
    "src/server.ts": `import express from "express";\nimport axios from "axios";\nconst app = express();\napp.post("/v1/relay", async (req, res) => {\n${forward}\n  res.json({ queued: true });\n});\napp.listen(6100);\n`,
  }),
  ...service("index", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/index", (req, res) => res.end());\napp.listen(6200);\n`,
  }),
});

const call = `axios.post("http://index:6200/v1/index", req.body, { timeout: 500 })`;

/** The relay forwarding through functions of its own: an async one that awaits the call, a plain one that answers in a then. */
function withForward(handlerBody: string): Tree {
  const tree = relay(handlerBody);
  const server = tree["relay/src/server.ts"] as string;
  tree["relay/src/server.ts"] = server.replace(
    "const app = express();\n",
    `const app = express();\nconst forward = async (body: unknown) => {\n  await axios.post("http://index:6200/v1/index", body, { timeout: 500 });\n};\nfunction forwardThen(body: unknown, res: any) {\n  axios.post("http://index:6200/v1/index", body, { timeout: 500 }).then(() => res.json({ indexed: true }));\n}\n`,
  );
  return tree;
}

ruleTester("sync-call-chain", {
  valid: [
    { name: "a call sent and left (a statement of its own) is no hop: the relay answers without waiting", files: relay(`  ${call};`) },
    { name: "also with only a .catch after it", files: relay(`  ${call}.catch(() => undefined);`) },
    { name: "also as void", files: relay(`  void ${call};`) },
    {
      name: "an async function of the relay's that awaits the call, called and left: the relay answers before it is made",
      files: withForward(`  forward(req.body);`),
    },
    {
      name: "a call made in a timer's callback (setTimeout, setImmediate, process.nextTick) is no hop: the relay answers before it runs",
      files: relay(`  setTimeout(async () => {\n    await ${call};\n  }, 2000);\n  setImmediate(() => ${call}.then(() => undefined));\n  process.nextTick(async function () { await ${call}; });`),
    },
  ],
  invalid: [
    {
      name: "the same async function awaited is a hop",
      files: withForward(`  await forward(req.body);`),
      errors: [{ messageId: "chain", file: "notes/src/server.ts", line: 5 }],
    },
    {
      name: "a plain function called and left whose callback answers the request is a hop: the request waits for its answer",
      files: withForward(`  forwardThen(req.body, res);`),
      errors: [{ messageId: "chain", file: "notes/src/server.ts", line: 5 }],
    },
    {
      name: "a timer's callback that answers the request is waited for (a delay before the call)",
      files: {
        ...relay(""),
        ...service("relay", ["express", "axios"], {
          "src/server.ts": `import express from "express";\nimport axios from "axios";\nconst app = express();\napp.post("/v1/relay", (req, res) => {\n  setTimeout(async () => {\n    const reply = await ${call};\n    res.json(reply.data);\n  }, 200);\n});\napp.listen(6100);\n`,
        }),
      },
      errors: [{ messageId: "chain", file: "notes/src/server.ts", line: 5 }],
    },
    {
      name: "a delay awaited as a promise whose timer settles it, then the call: a hop",
      files: relay(`  await new Promise((resolve) => setTimeout(resolve, 100));\n  await new Promise((resolve) => setTimeout(async () => { await ${call}; resolve(undefined); }, 100));`),
      errors: [{ messageId: "chain", file: "notes/src/server.ts", line: 5 }],
    },
    {
      name: "an awaited call is a hop: notes → relay → index",
      files: relay(`  await ${call};`),
      errors: [{ messageId: "chain", file: "notes/src/server.ts", line: 5 }],
    },
    {
      name: "a call whose answer goes to a callback is no call sent and left: the callback may answer the request",
      files: {
        ...relay(""),
        ...service("relay", ["express", "request"], {
          "src/server.ts": `import express from "express";\nimport request from "request";\nconst app = express();\napp.post("/v1/relay", (req, res) => {\n  request.post({ url: "http://index:6200/v1/index", json: req.body, timeout: 500 }, (err, reply) => res.json({ indexed: !err }));\n});\napp.listen(6100);\n`,
        }),
      },
      errors: [{ messageId: "chain", file: "notes/src/server.ts", line: 5 }],
    },
    {
      name: "a call whose promise is kept is no call sent and left",
      files: relay(`  const sent = ${call};\n  await sent;`),
      errors: [{ messageId: "chain", file: "notes/src/server.ts", line: 5 }],
    },
  ],
});
