import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A library service checks every token with a badges service. Its check lives in a module that exports an Express
 * router (`const gate = Router(); gate.use(async (req, res, next) => …)`), which other files put before their routes as
 * middleware: the router's own middleware runs for those requests, and with it the call to badges.
 */
const library = (routes: string, gateOptions = ""): Tree => ({
  "docker-compose.yml": `services:\n  library:\n    build: ./library\n    environment:\n      BADGES_URL: http://badges:4300\n  badges:\n    build: ./badges\n`,
  ...service("library", ["express", "axios"], {
    "src/gate.ts": [
      `import axios from "axios";`,
      `import { Router } from "express";`,
      `const gate = Router();`,
      `gate.use(async (req, res, next) => {`,
      `  await axios.post(\`\${process.env.BADGES_URL}/v1/badges/check\`, { badge: req.headers.authorization }${gateOptions});`,
      `  next();`,
      `});`,
      `export default gate;`,
      ``,
    ].join("\n"),
    "src/server.ts": `import express from "express";\nimport gate from "./gate";\nimport loans from "./loans";\nconst app = express();\n${routes}\napp.listen(4200);\n`,
    "src/loans.ts": `import { Router } from "express";\nconst loans = Router();\nloans.get("/v1/loans", (req, res) => res.json([]));\nexport default loans;\n`,
  }),
  ...service("badges", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.post("/v1/badges/check", (req, res) => res.json({ ok: true }));\napp.listen(4300);\n`,
  }),
});

ruleTester("unprotected-call", {
  valid: [
    { name: "the router's call has a timeout", files: library(`app.put("/v1/shelves/:id", gate, (req, res) => res.json({}));`, ", { timeout: 1500 }") },
    { name: "a router used for nothing makes no call while handling a route", files: library(`app.use("/v1", loans);`) },
  ],
  invalid: [
    {
      name: "a router put before a route as its middleware runs its own middleware, and its call, for that route",
      files: library(`app.put("/v1/shelves/:id", gate, (req, res) => res.json({}));`),
      errors: [{ messageId: "noGuard", file: "library/src/gate.ts", line: 5, data: { service: "library", targetService: "badges" } }],
    },
    {
      name: "a router used before a mounted router guards its routes too",
      files: library(`app.use(gate);\napp.use(loans);`),
      errors: [{ messageId: "noGuard", file: "library/src/gate.ts", line: 5, data: { service: "library", targetService: "badges" } }],
    },
  ],
});
