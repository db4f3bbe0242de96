import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A handler that awaits one service, then collects promises of another in an array (pushed in a loop, or mapped) and
 * awaits them together with `Promise.all(array)`: the group waits for the first call, so the handler pays both in a
 * row, as with an inline `Promise.all([...])` (extract/collected-promises.ts).
 */

const plain = (name: string, path: string): Tree =>
  service(`services/${name}`, ["express"], { "src/server.js": `const express = require("express");\nconst app = express();\napp.get("${path}", (req, res) => res.json({}));\napp.listen(3000);\n` });

const compose: Tree = {
  "docker-compose.yml": "services:\n  board:\n    build: ./services/board\n  members:\n    build: ./services/members\n  badges:\n    build: ./services/badges\n",
};

/** The board's `GET /v1/team` with the given body; members answers who is on the team, badges each member's badges. */
const board = (body: string): Tree => ({
  ...service("services/board", ["express"], {
    "src/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/team", async (req, res) => {\n  const team = await fetch("http://members:3000/v1/members").then((r) => r.json());\n${body}\n});\napp.listen(3000);\n`,
  }),
  ...plain("members", "/v1/members"),
  ...plain("badges", "/v1/badges/:id"),
  ...compose,
});

ruleTester("sync-call-chain", {
  valid: [
    {
      name: "promises pushed into an array nothing awaits: no group waits on them",
      files: board(`  const fired = [];\n  for (const m of team) fired.push(fetch(\`http://badges:3000/v1/badges/\${m.id}\`));\n  res.json(team);`),
    },
    {
      name: "the array is awaited before the pushes (another array of the same name later): not this group",
      files: board(`  let list = [];\n  await Promise.all(list);\n  for (const m of team) list.push(fetch(\`http://badges:3000/v1/badges/\${m.id}\`));\n  res.json(team);`),
    },
  ],
  invalid: [
    {
      name: "promises pushed in a loop, then awaited together: members, then the badges group",
      files: board(`  const pending = [];\n  for (const m of team) pending.push(fetch(\`http://badges:3000/v1/badges/\${m.id}\`));\n  res.json(await Promise.all(pending));`),
      errors: [
        {
          messageId: "sequential",
          file: "services/board/src/server.js",
          line: 3,
          data: { service: "board", route: "GET /v1/team", targets: "members,badges" },
          evidence: ["board GET /v1/team is handled here", "awaits members: GET http://members:3000/v1/members", "awaits badges: GET http://badges:3000/v1/badges/{m.id}"],
        },
      ],
    },
    {
      name: "a local async helper's promises pushed, then Promise.allSettled: the helper's call is in the group",
      files: board(
        `  const one = async (id) => (await fetch(\`http://badges:3000/v1/badges/\${id}\`)).json();\n  const pending = [];\n  for (const m of team) pending.push(one(m.id));\n  const all = await Promise.allSettled(pending);\n  res.json(all);`,
      ),
      errors: [{ messageId: "sequential", data: { targets: "members,badges" } }],
    },
    {
      name: "promises mapped into an array, then awaited together",
      files: board(`  const pending = team.map((m) => fetch(\`http://badges:3000/v1/badges/\${m.id}\`));\n  res.json(await Promise.all(pending));`),
      errors: [{ messageId: "sequential", data: { targets: "members,badges" } }],
    },
    {
      name: "the collected group returned from the async handler is awaited as well",
      files: board(`  const pending = team.map((m) => fetch(\`http://badges:3000/v1/badges/\${m.id}\`));\n  return Promise.all(pending).then((all) => res.json(all));`),
      errors: [{ messageId: "sequential", data: { targets: "members,badges" } }],
    },
  ],
});
