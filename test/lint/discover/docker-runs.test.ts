import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";
import { dockerRun } from "../../../src/lint/discover/docker-runs.js";

// Written for this test: one root package whose two apps are single files under apps/, each with a Dockerfile built from
// the repository's top (`docker build -f apps/<app>/Dockerfile -t …/<app> .`) and started by the same script with
// `docker run`; the script also builds and runs a database image of its own. Nothing else deploys them.

const dockerfile = (app: string, file: string) => `FROM node:20\nWORKDIR /srv\nCOPY ./package.json .\nRUN npm install\nCOPY ./apps/${app}/${file} .\nEXPOSE 3000\nCMD ["node", "${file}"]\n`;

const tree = (run: (image: string, name: string) => string): Tree => ({
  "package.json": { name: "harbour", dependencies: { express: "*" } },
  "apps/berths/berths.js": `const express = require("express");\nconst app = express();\napp.get("/v1/berths", (req, res) => res.json([]));\napp.listen(3001);\n`,
  "apps/berths/Dockerfile": dockerfile("berths", "berths.js"),
  "apps/tides/tides.js": `const express = require("express");\nconst app = express();\napp.get("/v1/tides", (req, res) => res.json([]));\napp.listen(3002);\n`,
  "apps/tides/Dockerfile": dockerfile("tides", "tides.js"),
  "db/Dockerfile": `FROM mongo:6\n`,
  "up.sh": [
    "#!/bin/bash",
    "docker build -f db/Dockerfile -t seabed-store .",
    "docker run --name db -d seabed-store",
    "docker build -f apps/berths/Dockerfile -t acme/harbour-berths .",
    run("acme/harbour-berths", "berths"),
    "docker build -f apps/tides/Dockerfile -t acme/harbour-tides .",
    run("acme/harbour-tides", "tides"),
    "",
  ].join("\n"),
});

describe("[U] docker run's words", () => {
  it("give the image, the container's name, env and ports, options with values skipped", () => {
    expect(dockerRun(["docker", "run", "--name", "berths", "--net", "host", "-p", "8080:3001", "-e", "MODE=test", "-d", "acme/berths:1", "node", "x.js"])).toEqual({ image: "acme/berths:1", name: "berths", env: { MODE: "test" }, ports: [3001], command: ["node", "x.js"] });
    expect(dockerRun(["podman", "container", "run", "--rm", "-it", "acme/tides"])).toEqual({ image: "acme/tides", env: {}, ports: [], command: [] });
    expect(dockerRun(["docker", "run", "-d", "$IMAGE"])).toBeUndefined();
    expect(dockerRun(["docker", "build", "-t", "acme/tides", "."])).toBeUndefined();
  });
});

describe("[I] a script that builds an app's image and runs it with docker run", () => {
  it("deploys the app: a service of its Dockerfile's folder, named as the container and the folder are", () => {
    const result = lintTree(tree((image, name) => `docker run --name ${name} -p 300${name === "berths" ? 1 : 2}:3000 -d ${image}`), { only: "unversioned-route" });
    expect(result.model.services.map((s) => `${s.name} ${s.root}`)).toEqual(["berths apps/berths", "tides apps/tides"]);
    expect(result.model.routes.map((r) => `${r.service} ${r.method} ${r.path}`).sort()).toEqual(["berths GET /v1/berths", "tides GET /v1/tides"]);
  });

  it("a container a test script or a test Dockerfile's image runs deploys nothing (docker-test.sh, Dockerfile.test)", () => {
    const run = (image: string, name: string) => `docker run --rm --name ${name} ${image}`;
    const { "up.sh": script, ...rest } = tree(run);
    expect(lintTree({ ...rest, "docker-test.sh": script! }, { only: "unversioned-route" }).model.services).toEqual([]);
    const testImage: Tree = { ...tree(run), "apps/berths/Dockerfile.test": dockerfile("berths", "berths.js") };
    testImage["up.sh"] = String(testImage["up.sh"]).replace("-f apps/berths/Dockerfile ", "-f apps/berths/Dockerfile.test ");
    expect(lintTree(testImage, { only: "unversioned-route" }).model.services.map((s) => s.name)).toEqual(["tides"]);
  });

  it("builds alone deploy nothing (as before): no service is found", () => {
    const result = lintTree(tree(() => ""), { only: "unversioned-route" });
    expect(result.model.services).toEqual([]);
  });
});
