import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * Written for this test: each service folder has a compose file of its own for running it alone beside its database,
 * whose entry is called by what it is (`server`, `app`), not by which service. The folder says which service it is; a
 * top compose file's name (the host other containers use) still names it.
 */

const folder = (name: string, entry: string, port: number): Tree => ({
  [`${name}/package.json`]: { name: "crud-starter", main: "index.js", scripts: { start: "node index.js" }, dependencies: { express: "*" } },
  [`${name}/Dockerfile`]: "FROM node:20\nCOPY . .\nCMD [\"npm\", \"start\"]\n",
  [`${name}/docker-compose.yaml`]: `services:\n  ${entry}:\n    build: .\n    ports:\n      - "${port}:${port}"\n  db:\n    image: postgres:16\n`,
  [`${name}/index.js`]: `const app = require("express")();\napp.get("/v1/${name}", (req, res) => res.json([]));\napp.listen(${port});\n`,
});

const names = (tree: Tree) =>
  lintTree(tree, { only: "unversioned-route" })
    .model.services.map((s) => `${s.name} ${s.root}`)
    .sort();

describe("[U] a generic compose entry name in a service's own folder", () => {
  it("`server` and `app` give way to the folder", () => {
    expect(names({ ...folder("members", "server", 4100), ...folder("rooms", "app", 4200) })).toEqual(["members members", "rooms rooms"]);
  });

  it("the folder, not the package's own name (`hotel-rooms-api` in rooms/): the folder is what the layout and readers go by", () => {
    const files = { ...folder("members", "server", 4100), ...folder("rooms", "app", 4200) };
    files["rooms/package.json"] = { name: "hotel-rooms-api", main: "index.js", scripts: { start: "node index.js" }, dependencies: { express: "*" } };
    expect(names(files)).toEqual(["members members", "rooms rooms"]);
  });

  it("not where other entries of that file build the same folder, each running a part of it: there the name says which (lead22)", () => {
    const files: Tree = {
      ...folder("rooms", "app", 4200),
      "rooms/docker-compose.yaml": "services:\n  api:\n    build: .\n    command: node index.js\n  jobs:\n    build: .\n    command: node jobs.js\n",
      "rooms/jobs.js": `const app = require("express")();\napp.get("/v1/jobs", (req, res) => res.json([]));\napp.listen(4300);\n`,
    };
    expect(names(files)).toEqual(["api rooms", "jobs rooms"]);
  });

  it("a name that says which service it is still names it, and so does the top compose file's", () => {
    expect(names({ ...folder("members", "members-api", 4100), ...folder("rooms", "app", 4200) })).toEqual(["members-api members", "rooms rooms"]);
    const top = { ...folder("members", "server", 4100), "docker-compose.yml": "services:\n  guests:\n    build: ./members\n" };
    expect(names(top)).toEqual(["guests members"]);
  });
});
