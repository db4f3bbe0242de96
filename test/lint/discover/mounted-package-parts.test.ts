import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A compose entry that runs a project image no file of the repository builds (`image: clinic_wards_api`, made by hand
 * from the folder's Dockerfile), mounting the parts of one package (`./wards/http:/srv/app/http`, its package.json) and
 * starting one of its files: that package's service. Written for this test; before, the package (no start script of
 * its own) was taken for a library and the service was missed.
 */

const wards = (volumes: string[]): Tree => ({
  "docker-compose.yml": `services:\n  wards_app:\n    image: clinic_wards_api\n    command: nodemon http/server.js\n    volumes:\n${volumes.map((v) => `      - ${v}\n`).join("")}    ports:\n      - "4100:4100"\n  beds:\n    build: ./beds\n  db:\n    image: postgres:16\n`,
  "wards/package.json": { name: "clinic-boilerplate", dependencies: { express: "*", pg: "*" } },
  "wards/Dockerfile": "FROM node:20-alpine\nWORKDIR /srv/app\nCOPY package.json .\nRUN npm install\n",
  "wards/http/server.js": `const express = require("express");\nconst app = express();\napp.get("/v1/wards", (req, res) => res.json([]));\napp.listen(4100);\n`,
  "wards/lib/rooms.js": `module.exports = { rooms: [] };\n`,
  "beds/package.json": { name: "beds", main: "index.js", scripts: { start: "node index.js" }, dependencies: { express: "*" } },
  "beds/index.js": `const express = require("express");\nconst app = express();\napp.get("/v1/beds", (req, res) => res.json([]));\napp.listen(4200);\n`,
  "shared/settings.json": `{}`,
});

const services = (tree: Tree) =>
  lintTree(tree, { only: "unversioned-route" })
    .model.services.map((s) => `${s.name} ${s.root}`)
    .sort();

describe("[I] a project image running one package's code through bind mounts of its parts", () => {
  it("parts and the package.json of wards/: the service of wards/", () => {
    expect(services(wards(["./wards/http:/srv/app/http", "./wards/lib:/srv/app/lib", "./wards/package.json:/srv/app/package.json"]))).toEqual(["beds beds", "wards_app wards"]);
  });

  it("an image named for another service of the repository is that service's, whatever folder it mounts (a copy-paste slip)", () => {
    const tree = wards(["./wards/http:/srv/app/http", "./wards/package.json:/srv/app/package.json"]);
    tree["docker-compose.yml"] = (tree["docker-compose.yml"] as string).replace("image: clinic_wards_api", "image: ghcr.io/clinic/beds:main");
    expect(services(tree)).toEqual(["beds beds"]);
  });

  it("mounts over two packages, or of no package, say nothing of which code runs", () => {
    expect(services(wards(["./wards/http:/srv/app/http", "./beds:/srv/beds"]))).toEqual(["beds beds"]);
    expect(services(wards(["./shared/settings.json:/srv/app/settings.json"]))).toEqual(["beds beds"]);
  });
});
