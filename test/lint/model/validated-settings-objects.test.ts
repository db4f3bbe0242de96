import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

// Written for this test: a kiosk service whose settings module checks its settings with a validation schema and
// exports what the schema gives back: `schema.parse({ ... })` in a loader the module calls, or written at the export.
// The schema returns the object it is given, so `settings.stock.url` is the variable written there.

const settingsModule = (style: "loader" | "direct") =>
  style === "loader"
    ? [
        `import { z } from "zod";`,
        `const load = () => {`,
        `  const shape = z.object({ stock: z.object({ url: z.string().url() }) });`,
        `  return shape.parse({ stock: { url: process.env.STOCK_ADDRESS } });`,
        `};`,
        `export const settings = load();`,
        ``,
      ].join("\n")
    : [
        `import { z } from "zod";`,
        `const shape = z.object({ stock: z.object({ url: z.string().url() }) });`,
        `export const settings = shape.parse({ stock: { url: process.env.STOCK_ADDRESS } });`,
        ``,
      ].join("\n");

const tree = (style: "loader" | "direct") => ({
  ...service("kiosk", ["express", "axios", "zod"], {
    "src/settings.ts": settingsModule(style),
    "src/server.ts": [
      `import express from "express";`,
      `import axios from "axios";`,
      `import { settings } from "./settings";`,
      `const app = express();`,
      `app.get("/v1/shelves/:id", async (req, res) => {`,
      `  const r = await axios.get(\`\${settings.stock.url}/v1/items/\${req.params.id}\`, { timeout: 2000 });`,
      `  res.json(r.data);`,
      `});`,
      `app.listen(4100);`,
      ``,
    ].join("\n"),
  }),
  ...service("stock", ["express"], {
    "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/items/:id", (req, res) => res.json({}));\napp.listen(4200);\n`,
  }),
  "docker-compose.yml": `services:\n  kiosk:\n    build: ./kiosk\n    environment:\n      STOCK_ADDRESS: http://stock:4200\n  stock:\n    build: ./stock\n`,
});

describe("[I] settings a validation schema checks and gives back (`schema.parse({ ... })`)", () => {
  for (const style of ["loader", "direct"] as const) {
    it(`are read as the object handed to the schema (${style === "loader" ? "returned by a loader the module calls" : "at the export"})`, () => {
      const result = lintTree(tree(style), { only: "unprotected-call" });
      expect(result.model.calls.map((c) => `${c.service} -> ${c.targetService ?? "?"} ${c.targetRoute ?? ""}`)).toEqual(["kiosk -> stock stock GET /v1/items/:id"]);
    });
  }
});
