import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * `build: { context: /infra/gateway }` names a folder of the machine compose runs on, not of the repository (a slip for
 * `./infra/gateway`, usually). Read as a repository folder it became a service rooted at "/infra/gateway", and the
 * climb from a service's folder to the nearest package.json never reached "" again: the scan never ended.
 */
const tree: Tree = {
  "docker-compose.yml": "services:\n  edge:\n    build:\n      context: /infra/gateway\n    ports: ['8000:8000']\n  billing:\n    build: ./billing\n",
  "infra/gateway/Dockerfile": "FROM kong:3.9\n",
  "billing/package.json": { name: "billing", main: "index.js", dependencies: { express: "*" } },
  "billing/index.js": `const app = require("express")();\napp.get("/v1/bills", (req, res) => res.json([]));\napp.listen(7100);\n`,
};

describe("[U] a compose build context written as an absolute path", () => {
  it("is no folder of the repository: the scan ends, the other services are found, and a diagnostic names the fix", () => {
    const result = lintTree(tree);
    expect(result.model.services.map((s) => `${s.name} ${s.root}`)).not.toContainEqual(expect.stringContaining(" /"));
    expect(result.model.services.map((s) => s.name)).toContain("billing");
    expect(result.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining('services.edge.build context "/infra/gateway" is an absolute path'));
    expect(result.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining('"./infra/gateway"'));
  });
});
