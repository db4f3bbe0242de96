import { describe, expect, it } from "vitest";
import { facts, lintTree, service, type Tree } from "../helpers.js";

/**
 * A checkout service whose settings module builds its settings in a function and exports what one call of it returns
 * (`export const settings = loadSettings()`); the route calls the cart service at `settings.upstream`, a field
 * named unlike the variable the compose file sets (CART_URL), so only the returned object says where it comes from.
 */
const shop = (settingsModule: string): Tree => ({
  ...service("checkout", ["express", "axios"], {
    "src/settings.ts": settingsModule,
    "src/app.ts": `import express from "express";\nimport axios from "axios";\nimport { settings } from "./settings";\n\nconst app = express();\napp.post("/v1/checkout", async (_req, res) => {\n  const cart = await axios.get(\`\${settings.upstream}/v1/carts/current\`, { timeout: 2000 });\n  res.json(cart.data);\n});\napp.listen(settings.port);\n`,
  }),
  ...service("cart", ["express"], { "src/app.ts": `import express from "express";\nconst app = express();\napp.get("/v1/carts/:id", (_req, res) => res.json({ items: [] }));\napp.listen(4003);\n` }),
  "docker-compose.yml": `services:\n  checkout:\n    build: ./checkout\n    environment:\n      CART_URL: http://cart:4003\n  cart:\n    build: ./cart\n`,
});

const built = `export function loadSettings() {\n  const upstream = process.env.CART_URL || "http://localhost:4003";\n  const port = Number(process.env.PORT ?? 3000);\n  return { upstream, port };\n}\n\nexport const settings = loadSettings();\n`;

describe("[U] settings a module-level call of a settings function returns", () => {
  it("reads the returned object's fields as the constant's", () => {
    const found = facts(built, "src/settings.ts").constants;
    expect(found["settings.upstream"]).toEqual({ parts: [{ kind: "env", name: "CART_URL", fallback: { parts: [{ kind: "text", text: "http://localhost:4003" }] } }] });
  });

  it("leaves out a field that is the function's parameter", () => {
    const found = facts(`function own(base) {\n  const port = process.env.PORT ?? "3000";\n  return { cartEndpoint: base, port };\n}\nexport const other = own();\n`, "src/settings.ts").constants;
    expect(Object.keys(found).filter((key) => key.startsWith("other."))).toEqual(["other.port"]);
  });
});

describe("[I] a call whose address is a field of returned settings", () => {
  it("is resolved to the service the environment names", () => {
    const { model } = lintTree(shop(built));
    expect(model.calls.map((call) => [call.service, call.targetService, call.url])).toEqual([["checkout", "cart", "http://cart:4003/v1/carts/current"]]);
  });

  it("is not resolved when the settings function is another module's (its returned fields are not read across files)", () => {
    const { model } = lintTree(shop(`import { makeSettings } from "./make";\nexport const settings = makeSettings();\n`));
    expect(model.calls.map((call) => [call.service, call.targetService, call.url])).toEqual([["checkout", undefined, "{settings.upstream}/v1/carts/current"]]);
  });
});
