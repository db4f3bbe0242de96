import { describe, expect, it } from "vitest";
import { lintTree, service } from "../helpers.js";

/**
 * A package's name is a host only where compose gives that name to no other service of the project: folders copied
 * from one another keep one package.json name (`relay` in each), and compose may give that very name to one of them
 * as a network alias. A call to `http://relay:3000` reaches the service compose calls relay, not the first service
 * whose package happens to be named so.
 */
describe("[I] package names against compose's names", () => {
  it("a name compose gives one service is that service's, not a sibling's whose package.json carries it", () => {
    const server = (call: string) => `import express from "express";\nconst app = express();\napp.get("/v1/x", async (req, res) => res.json(${call}));\napp.listen(3000);\n`;
    const pkg = (dir: string, call: string) => ({ ...service(dir, ["express"], { "src/server.ts": server(call) }), [`${dir}/package.json`]: { name: "relay", main: "src/server.ts", dependencies: { express: "*" } } });
    const { model } = lintTree({
      ...pkg("front", `await (await fetch("http://relay:3000/v1/x")).json()`),
      ...pkg("back", `{}`),
      ...pkg("spare", `{}`),
      "docker-compose.yml": "services:\n  front:\n    build: ./front\n  spare:\n    build: ./spare\n  back:\n    build: ./back\n    networks:\n      default:\n        aliases:\n          - relay\n",
    });
    expect(model.services.find((s) => s.name === "spare")?.hosts).toEqual(["spare"]);
    expect(model.calls.map((call) => `${call.service} -> ${call.targetService}`)).toEqual(["front -> back"]);
  });
});
