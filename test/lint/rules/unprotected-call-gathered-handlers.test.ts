import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * Handlers of several modules gathered under one object by an index module (`export const handlers = { checkIn,
 * checkOut }`, or `const handlers = {...}; export default handlers`) and routed as `handlers.checkIn`: the route runs
 * the imported function, and the calls it makes. The other service's address is `process.env.ROOMS_URI`, a
 * `<NAME>_URI` variable set nowhere, named after the service as `<NAME>_URL` would be.
 */

const compose: Tree = { "docker-compose.yml": "services:\n  rooms:\n    build: ./rooms\n  desk:\n    build: ./desk\n" };

const rooms = service("rooms", ["express"], {
  "src/main.ts": `import express from "express";\nconst app = express();\napp.get("/v1/rooms/:id", (req, res) => res.json({}));\napp.listen(8080);\n`,
});

const desk = (index: string, timeout = ""): Tree =>
  service("desk", ["express", "axios"], {
    "src/handlers/check-in.ts": `import axios from "axios";\nexport const checkIn = async (req, res) => {\n  const room = await axios.get(\`\${process.env.ROOMS_URI}/v1/rooms/\${req.params.id}\`${timeout});\n  res.json(room.data);\n};\n`,
    "src/handlers/check-out.ts": `export const checkOut = async (req, res) => res.status(204).end();\n`,
    "src/handlers/index.ts": index,
    "src/main.ts": `import express from "express";\nimport handlers from "./handlers";\nimport * as named from "./handlers";\nconst app = express();\napp.post("/v1/stays/:id", handlers.checkIn);\napp.delete("/v1/stays/:id", named.checkOut);\napp.listen(8080);\n`,
  });

const gatheredAsDefault = `import { checkIn } from "./check-in";\nimport { checkOut } from "./check-out";\nconst handlers = { checkIn, checkOut };\nexport default handlers;\n`;

ruleTester("unprotected-call", {
  valid: [{ name: "the gathered handler's call has a timeout", files: { ...compose, ...rooms, ...desk(gatheredAsDefault, ", { timeout: 2000 }") } }],
  invalid: [
    {
      name: "a handler gathered in an object the index module exports as default, its service named by a <NAME>_URI variable",
      files: { ...compose, ...rooms, ...desk(gatheredAsDefault) },
      errors: [{ messageId: "noGuard", file: "desk/src/handlers/check-in.ts", line: 3, data: { targetService: "rooms" } }],
    },
    {
      name: "the object exported by name and routed through a named import",
      files: {
        ...compose,
        ...rooms,
        ...desk(`import { checkIn as arrive } from "./check-in";\nexport const handlers = { checkIn: arrive };\nexport default handlers;\n`),
      },
      errors: [{ messageId: "noGuard", file: "desk/src/handlers/check-in.ts", line: 3, data: { targetService: "rooms" } }],
    },
  ],
});
