import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A repository of one application and a helpers package it imports by name and publishes to npm (`prepublishOnly`, a
 * `release` script running `npm publish`); the package keeps a `start` script that runs its own entry, and depends on a
 * broker's client. Counted as a service, it was a second service, and the one application was then reported for
 * missing tracing (a rule for repositories of two or more services).
 */

const tree = (scripts: Record<string, string>): Tree => ({
  "api/package.json": { name: "shop-api", main: "src/server.ts", scripts: { start: "node dist/server.js" }, dependencies: { express: "*" } },
  "api/src/server.ts": `import express from "express";\nimport { sendMail } from "@shop/kit";\nconst app = express();\napp.post("/v1/orders", async (req, res) => {\n  await sendMail(req.body);\n  res.end();\n});\napp.listen(3000);\n`,
  "kit/package.json": { name: "@shop/kit", main: "dist/index.js", scripts: { start: "node dist/index.js", build: "tsc", ...scripts }, dependencies: { amqplib: "*" } },
  "kit/src/index.ts": `import amqp from "amqplib";\nexport async function sendMail(body: object) {\n  const channel = await (await amqp.connect(process.env.AMQP_URL!)).createChannel();\n  channel.sendToQueue("mail", Buffer.from(JSON.stringify(body)));\n}\n`,
});

describe("[U] a package the repository publishes to a registry", () => {
  it("is a library, whatever its start script runs: one service, no tracing finding", () => {
    const published: Record<string, string>[] = [{ prepublishOnly: "npm run build" }, { release: "npm run build && npm publish --access public" }];
    for (const scripts of published) {
      const result = lintTree(tree(scripts), { only: "missing-tracing" });
      expect(result.model.services.map((s) => s.name), JSON.stringify(scripts)).toEqual(["shop-api"]);
      expect(result.findings).toEqual([]);
    }
  });

  it("one that is not published and starts its own entry stays a service", () => {
    const result = lintTree(tree({}), { only: "missing-tracing" });
    expect(result.model.services.map((s) => s.name).sort()).toEqual(["kit", "shop-api"]);
  });
});
