import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * The model's brokers, whole: which service connects, to what address (rendered with that service's env, passwords
 * masked), whether the code writes the host, and for a library's connection the import that brings it.
 */

const amqp = (url: string) => `import amqp from "amqplib";\nexport const connection = amqp.connect(${url});\n`;

describe("[U] buildBrokers", () => {
  it("a service's own connection: the address it writes, masked, with the literal host; one from its env, without", () => {
    const tree: Tree = {
      ...service("services/orders", ["express", "amqplib"], {
        "src/server.ts": `import express from "express";\nimport "./broker";\nexpress().listen(3000);\n`,
        "src/broker.ts": amqp(`"amqp://orders:secret@rabbit:5672"`),
      }),
      ...service("services/billing", ["express", "amqplib"], {
        "src/server.ts": `import express from "express";\nimport "./broker";\nexpress().listen(3000);\n`,
        "src/broker.ts": amqp("process.env.AMQP_URL!"),
        ".env": "AMQP_URL=amqp://billing:pw@rabbit:5672\n",
      }),
    };
    expect(lintTree(tree, { only: "hardcoded-endpoint" }).model.brokers).toEqual([
      { service: "billing", system: "amqp", library: "amqplib", address: "amqp://billing:***@rabbit:5672", location: { file: "services/billing/src/broker.ts", line: 2, column: 27 } },
      {
        service: "orders",
        system: "amqp",
        library: "amqplib",
        address: "amqp://orders:***@rabbit:5672",
        literalHost: { host: "rabbit", url: "amqp://orders:***@rabbit:5672", origin: "code" },
        location: { file: "services/orders/src/broker.ts", line: 2, column: 27 },
      },
    ]);
  });

  it("a library's connection is each importing service's, with its own env and its import as evidence", () => {
    const tree: Tree = {
      "package.json": { name: "shop", private: true, workspaces: ["apps/*", "packages/*"] },
      "packages/bus/package.json": { name: "@shop/bus", main: "src/index.ts", dependencies: { amqplib: "*" } },
      "packages/bus/src/index.ts": amqp("process.env.AMQP_URL!"),
    };
    for (const [name, host] of [
      ["orders", "rabbit-a"],
      ["users", "rabbit-b"],
    ]) {
      Object.assign(
        tree,
        service(`apps/${name}`, ["express", "@shop/bus"], {
          "src/server.ts": `import express from "express";\nimport { connection } from "@shop/bus";\nexpress().get("/", async () => connection).listen(3000);\n`,
          ".env": `AMQP_URL=amqp://${host}:5672\n`,
        }),
      );
    }
    const library = { file: "packages/bus/src/index.ts", line: 2, column: 27 };
    expect(lintTree(tree, { only: "hardcoded-endpoint" }).model.brokers).toEqual([
      { service: "orders", system: "amqp", library: "amqplib", address: "amqp://rabbit-a:5672", via: [{ file: "apps/orders/src/server.ts", line: 2, column: 1 }], location: library },
      { service: "users", system: "amqp", library: "amqplib", address: "amqp://rabbit-b:5672", via: [{ file: "apps/users/src/server.ts", line: 2, column: 1 }], location: library },
    ]);
  });
});
