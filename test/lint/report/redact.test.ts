import { describe, expect, it } from "vitest";
import { addressOfUrl, redactor, shownEnvValue } from "../../../src/lint/report/redact.js";
import { lintTree, service } from "../helpers.js";

const JWT_VALUE = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvcmRlcnMifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";

describe("[U] what output may show of the environment", () => {
  it("hosts, ports and database names are shown; URLs keep only their address", () => {
    expect(shownEnvValue("DB_HOST", "orders-db.shop.svc.cluster.local")).toBe("orders-db.shop.svc.cluster.local");
    expect(shownEnvValue("PGPORT", "5432")).toBe("5432");
    expect(shownEnvValue("POSTGRES_DB", "orders")).toBe("orders");
    expect(shownEnvValue("KAFKA_BROKERS", "kafka-1:9092,kafka-2:9092")).toBe("kafka-1:9092,kafka-2:9092");
    expect(shownEnvValue("DATABASE_URL", "postgres://user:pass@db/x")).toBe("postgres://***@db/x");
    expect(shownEnvValue("MONGO_URL", "mongodb://admin@mongo:27017/users?authSource=admin&password=hunter22")).toBe("mongodb://***@mongo:27017/users?***");
    expect(shownEnvValue("SPRING_DATASOURCE_URL", "jdbc:postgresql://db:5432/ledger?user=sa&password=pw")).toBe("jdbc:postgresql://db:5432/ledger?***");
    expect(shownEnvValue("USERS_URL", "http://users:3000/v1")).toBe("http://users:3000/v1");
    // A URL setting given as host:port (gRPC addresses are written so).
    expect(shownEnvValue("CATALOG_GRPC_URL", "catalog.shop.svc.cluster.local:50051")).toBe("catalog.shop.svc.cluster.local:50051");
    expect(shownEnvValue("PAYMENT_ENDPOINT", "payment:50051")).toBe("payment:50051");
    expect(addressOfUrl("https://hooks.example.test/services/T0001/B0001/aB3dE5fG7hJ9kL1mN3pQ5rS7")).toBe("https://hooks.example.test/services/T0001/B0001/***");
  });

  it("passwords, tokens, client ids, e-mail addresses and anything that is not an address are masked", () => {
    expect(shownEnvValue("POSTGRES_PASSWORD", "s3cret-pw")).toBe("***");
    expect(shownEnvValue("JWT_SECRET", JWT_VALUE)).toBe("***");
    expect(shownEnvValue("ACCESS_TOKEN", JWT_VALUE)).toBe("***");
    expect(shownEnvValue("AUTH_HOST", JWT_VALUE)).toBe("***");
    expect(shownEnvValue("CLIENT_ID", "3f2504e0-4f89-11d3-9a0c-0305e82c3301")).toBe("***");
    expect(shownEnvValue("ADMIN_EMAIL", "ops@example.test")).toBe("***");
    expect(shownEnvValue("SMTP_HOST", "ops@example.test")).toBe("***");
    expect(shownEnvValue("LOG_LEVEL", "debug")).toBe("***");
    // A URL setting that is no host:port is no address.
    expect(shownEnvValue("CALLBACK_URL", "not-a-host")).toBe("***");
    // A URL is an address whatever its name; its credentials, query and token-like segments are masked.
    expect(shownEnvValue("SESSION_SECRET_URL", "redis://:s3cret@sessions:6379/2")).toBe("redis://***@sessions:6379/2");
    expect(shownEnvValue("EMAIL_SERVICE_URL", "http://email-service:8080")).toBe("http://email-service:8080");
  });

  it("free text: NAME=value notes, credentials in URLs, secret query parameters, JWTs, e-mails and known secret values", () => {
    const redact = redactor([{ API_KEY: "k3y-0123456789abcdef", OTEL_SERVICE_NAME: "orders", EMAIL_SERVICE_TOKEN_URL: "http://email-service:8080" }]);
    expect(redact.text("GET http://email-service:8080/v1/send")).toBe("GET http://email-service:8080/v1/send");
    expect(redact.text("DATABASE_URL=postgres://shop:***@db:5432/shop from docker-compose.yml (services.orders.environment)")).toBe(
      "DATABASE_URL=postgres://***@db:5432/shop from docker-compose.yml (services.orders.environment)",
    );
    expect(redact.text("PGHOST=db, JWT_SECRET=abc, CLIENT_ID=orders-client")).toBe("PGHOST=db, JWT_SECRET=***, CLIENT_ID=***");
    expect(redact.text("GET http://users:3000/v1/users?access_token=abc&page=2")).toBe("GET http://users:3000/v1/users?access_token=***&page=2");
    expect(redact.text(`calls with Bearer ${JWT_VALUE} as ops@example.test`)).toBe("calls with Bearer *** as ***");
    expect(redact.text("GET http://billing/v1/k3y-0123456789abcdef/charges")).toBe("GET http://billing/v1/***/charges");
    expect(redact.text("orders connects to postgres://db:5432/orders (literal)")).toBe("orders connects to postgres://db:5432/orders (literal)");
    expect(redact.text("DATABASE_URL unset, default postgres://app:app-pw@localhost/app")).toBe("DATABASE_URL unset, default postgres://***@localhost/app");
  });
});

describe("[I] a client id that is the service's own name", () => {
  it("is no secret in findings: the generated service sets KAFKA_CLIENT_ID to its name, and findings name that service", () => {
    const result = lintTree({
      "docker-compose.yml": "services:\n  inventory:\n    build: ./inventory\n    environment:\n      KAFKA_CLIENT_ID: inventory\n      SESSION_SECRET: inventory-session-signing\n",
      ...service("inventory", ["express"], { "src/server.ts": `import express from "express";\nconst app = express();\napp.get("/items", (req, res) => res.end());\n` }),
    });
    const [finding] = result.findings.filter((f) => f.ruleId === "unversioned-route");
    expect(finding?.message).toBe("GET /items in inventory has no version segment; serve it under a version such as /v1/items");
    expect(finding?.data.service).toBe("inventory");
    const redact = redactor([{ KAFKA_CLIENT_ID: "inventory", SESSION_SECRET: "inventory-session-signing" }], ["inventory"]);
    expect(redact.text("inventory signs with inventory-session-signing")).toBe("inventory signs with ***");
  });
});
