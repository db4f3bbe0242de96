import { ruleTester, service, type Tree } from "../helpers.js";

/**
 * A weather desk answers GET /v1/forecast/:kind by asking one of three services, chosen by the request: each call sits
 * in its own arm of an if/else-if chain (or a switch), so the handler waits on one of them, never on two in a row.
 * The calls are made through a helper that takes the URL (the value flow makes each at its call site) or directly.
 */
const desk = (body: string, helper = ""): Tree => ({
  "docker-compose.yml":
    "services:\n  desk:\n    build: ./desk\n    environment:\n      RAIN_URL: http://rain:5001\n      WIND_URL: http://wind:5002\n      SUN_URL: http://sun:5003\n" +
    "  rain:\n    build: ./rain\n  wind:\n    build: ./wind\n  sun:\n    build: ./sun\n",
  ...service("desk", ["express", "axios"], {
    "src/server.ts": `import express from "express";\nimport axios from "axios";\n${helper}const app = express();\napp.get("/v1/forecast/:kind", async (req, res) => {\n  const kind = req.params.kind;\n  let data;\n${body}\n  res.json(data);\n});\napp.listen(5000);\n`,
  }),
  ...Object.fromEntries(
    (["rain", "wind", "sun"] as const).flatMap((name, i) =>
      Object.entries(service(name, ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/${name}", (req, res) => res.json({}));\napp.listen(${5001 + i});\n` })),
    ),
  ),
});

const timed = ", { timeout: 900 }";
const direct = (service: string, env: string) => `(await axios.get(\`\${process.env.${env}}/v1/${service}\`${timed})).data`;
const getJson = `async function getJson(url: string) {\n  return (await axios.get(url${timed})).data;\n}\n`;

ruleTester("sync-call-chain", {
  valid: [
    {
      name: "calls in the arms of an if/else-if chain are one path each, not one after another",
      files: desk(`  if (kind === "rain") data = ${direct("rain", "RAIN_URL")};\n  else if (kind === "wind") data = ${direct("wind", "WIND_URL")};\n  else data = ${direct("sun", "SUN_URL")};`),
    },
    {
      name: "the same through a helper that takes the URL",
      files: desk(`  if (kind === "rain") {\n    data = await getJson(\`\${process.env.RAIN_URL}/v1/rain\`);\n  } else {\n    data = await getJson(\`\${process.env.WIND_URL}/v1/wind\`);\n  }`, getJson),
    },
    {
      name: "the same through a class whose method picks the service and asks a method of its own that takes the URL",
      files: desk(
        `  data = await new Sky().read(kind);`,
        `class Sky {\n  async read(kind: string) {\n    if (kind === "rain") return this.load(\`\${process.env.RAIN_URL}/v1/rain\`);\n    else if (kind === "wind") return this.load(\`\${process.env.WIND_URL}/v1/wind\`);\n    return this.load(\`\${process.env.SUN_URL}/v1/sun\`);\n  }\n  private async load(url: string) {\n    return (await axios.get(url${timed})).data;\n  }\n}\n`,
      ),
    },
    {
      name: "calls in the clauses of a switch",
      files: desk(`  switch (kind) {\n    case "rain":\n      data = ${direct("rain", "RAIN_URL")};\n      break;\n    default:\n      data = ${direct("sun", "SUN_URL")};\n  }`),
    },
  ],
  invalid: [
    {
      name: "two calls in the same arm still wait one after the other",
      files: desk(`  if (kind === "all") {\n    data = [${direct("rain", "RAIN_URL")}];\n    data.push(${direct("wind", "WIND_URL")});\n  } else data = ${direct("sun", "SUN_URL")};`),
      errors: [{ messageId: "sequential", file: "desk/src/server.ts", line: 4, data: { targets: "rain,wind" } }],
    },
    {
      name: "a call before the conditional and one inside it are on one path",
      files: desk(`  data = [${direct("sun", "SUN_URL")}];\n  if (kind === "rain") data.push(${direct("rain", "RAIN_URL")});`),
      errors: [{ messageId: "sequential", file: "desk/src/server.ts", line: 4, data: { targets: "sun,rain" } }],
    },
  ],
});
