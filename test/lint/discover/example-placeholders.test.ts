import { describe, expect, it } from "vitest";
import { exampleValues } from "../../../src/lint/discover/env.js";
import { lintTree, service } from "../helpers.js";

describe("[U] an example env file's placeholders are no values", () => {
  it("words that say what to write are dropped; values, even short or made-up ones shaped like values, are kept", () => {
    expect(
      exampleValues({
        PRICING_ADDR: "service name",
        PRICING_PORT: "port",
        JWT_SECRET: "secret",
        SSL_KEY_PATH: "path",
        MAIL_HOST: "<your smtp host>",
        API_KEY: "your_api_key",
        ORDERS_DB_HOST: "your-orders-db.example.com",
        ADMIN_PASSWORD: "changeme",
        TOKEN: "xxxx",
        MONGO_URL: "mongodb://mongo:27017/shop",
        PORT: "8080",
        NODE_ENV: "development",
        DB_NAME: "db",
        DB_USER: "admin",
      }),
    ).toEqual({ API_KEY: "your_api_key", ORDERS_DB_HOST: "your-orders-db.example.com", MONGO_URL: "mongodb://mongo:27017/shop", PORT: "8080", NODE_ENV: "development", DB_NAME: "db", DB_USER: "admin" });
  });
});

describe("[I] placeholders of the example beside a compose file leave its defaults in force", () => {
  it("`${PRICING_PORT:-8081}` with the example's PRICING_PORT='port' is 8081, and the service is reached on it", () => {
    const result = lintTree({
      ...service("pricing", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/prices", (req, res) => res.json([]));\napp.listen(Number(process.env.PRICING_PORT) || 9000);\n` }),
      ...service("checkout", ["express"], {
        "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/v1/carts", async (req, res) => {\n  const answer = await fetch(\`http://\${process.env.PRICING_ADDR || "localhost"}:\${process.env.PRICING_PORT || 8081}/v1/prices\`);\n  res.json(await answer.json());\n});\napp.listen(3000);\n`,
      }),
      "docker-compose.yml": "services:\n  pricing:\n    build: ./pricing\n    environment:\n      - PRICING_PORT=${PRICING_PORT:-8081}\n  checkout:\n    build: ./checkout\n",
      ".env.example": "PRICING_ADDR='service name'\nPRICING_PORT='port'\n",
    });
    const pricing = result.model.services.find((s) => s.name === "pricing")!;
    expect(pricing.env.PRICING_PORT).toBe("8081");
    expect(result.model.calls.map((call) => [call.service, call.targetService])).toEqual([["checkout", "pricing"]]);
  });
});
