import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A kitchen service asks a pantry service for stock with axios and a cancel token. A token that a timer cancels is the
 * old axios way to bound a request's time; one cancelled only when the client hangs up bounds nothing.
 */
const kitchen = (handler: string): Tree => ({
  "docker-compose.yml": `services:\n  kitchen:\n    build: ./kitchen\n    environment:\n      PANTRY_URL: http://pantry:4100\n  pantry:\n    build: ./pantry\n`,
  ...service("kitchen", ["express", "axios"], {
    "src/server.ts": `import express from "express";\nimport axios from "axios";\nconst app = express();\napp.post("/v1/dishes", async (req, res) => {\n${handler}\n  res.json({});\n});\napp.listen(4000);\n`,
  }),
  ...service("pantry", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/stock", (req, res) => res.json([]));\napp.listen(4100);\n`,
  }),
});

ruleTester("unprotected-call", {
  valid: [
    {
      name: "a cancel token whose source a timer cancels is a timeout",
      files: kitchen(
        [
          `  const ticket = axios.CancelToken.source();`,
          `  const alarm = setTimeout(() => { ticket.cancel("pantry too slow"); }, 1500);`,
          `  await axios.get(\`\${process.env.PANTRY_URL}/v1/stock\`, { cancelToken: ticket.token });`,
          `  clearTimeout(alarm);`,
        ].join("\n"),
      ),
    },
  ],
  invalid: [
    {
      name: "a cancel token cancelled only when the client goes away is no timeout",
      files: kitchen(
        [
          `  const ticket = axios.CancelToken.source();`,
          `  req.on("close", () => ticket.cancel("client left"));`,
          `  await axios.get(\`\${process.env.PANTRY_URL}/v1/stock\`, { cancelToken: ticket.token });`,
        ].join("\n"),
      ),
      errors: [{ messageId: "noGuard", file: "kitchen/src/server.ts", line: 7, data: { service: "kitchen", targetService: "pantry" } }],
    },
    {
      name: "a timer that cancels another source leaves this call unbounded",
      files: kitchen(
        [
          `  const ticket = axios.CancelToken.source();`,
          `  const other = axios.CancelToken.source();`,
          `  setTimeout(() => other.cancel(), 1500);`,
          `  await axios.get(\`\${process.env.PANTRY_URL}/v1/stock\`, { cancelToken: ticket.token });`,
        ].join("\n"),
      ),
      errors: [{ messageId: "noGuard", file: "kitchen/src/server.ts", line: 8, data: { service: "kitchen", targetService: "pantry" } }],
    },
  ],
});
