import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * A compose file whose second service block is indented one level too deep: its name becomes a key of the first
 * service, and its keys (build, ports, environment) the first service's again. docker compose rejects such a file;
 * arch-lint reads the later values, and says so, since the first service now builds the second one's folder.
 */
const app = (port: number) => `const express = require("express");\nconst app = express();\napp.get("/v1/x", (req, res) => res.json([]));\napp.listen(${port});\n`;
const tree = (compose: string): Tree => ({
  "docker-compose.yml": compose,
  ...service("kitchen", ["express"], { "src/server.ts": app(7001) }),
  ...service("menu", ["express"], { "src/server.ts": app(7002) }),
});

describe("[U] compose: a key written twice in one service's mapping", () => {
  it("is said in a config-file diagnostic naming the keys and the line", () => {
    const result = lintTree(tree("services:\n  kitchen:\n    build: ./kitchen\n    ports:\n      - 7001:7001\n\n    menu:\n    build: ./menu\n    ports:\n      - 7002:7002\n"), { only: "unversioned-route" });
    expect(result.diagnostics.filter((d) => d.message.includes("written twice")).map((d) => `${d.line} ${d.message.split(":")[0]}`)).toEqual([
      "8 services.kitchen.build, services.kitchen.ports are each written twice in one mapping (line 8 …)",
    ]);
  });

  it("says nothing of a well-formed file", () => {
    const result = lintTree(tree("services:\n  kitchen:\n    build: ./kitchen\n  menu:\n    build: ./menu\n"), { only: "unversioned-route" });
    expect(result.diagnostics.filter((d) => d.message.includes("written twice"))).toEqual([]);
  });
});
