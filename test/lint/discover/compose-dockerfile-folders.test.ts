import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A compose file whose `build.dockerfile` names the app's folder rather than its Dockerfile (`dockerfile: apps/spam`):
 * docker would refuse it, but a reader sees which app is meant. The entry is that folder's app (here one in Python, a
 * node marked not scanned), not an app at the build's context (the repository's top).
 */
const shop = (dockerfile: string): Tree => ({
  "apps/users/package.json": { name: "users", scripts: { start: "node src/index.js" }, dependencies: { express: "*" } },
  "apps/users/src/index.js": `const express = require("express");\nconst app = express();\napp.get("/v1/users", (req, res) => res.json([]));\napp.listen(3000);\n`,
  "apps/users/Dockerfile": "FROM node:24-alpine\nCOPY . .\nCMD [\"node\", \"src/index.js\"]\n",
  "apps/spam/requirements.txt": "kafka-python==2.0.2\n",
  "apps/spam/src/main.py": "print('spam filter')\n",
  "apps/spam/Dockerfile": "FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/src/main.py\"]\n",
  "docker-compose.yml": `services:\n  users:\n    build:\n      context: .\n      dockerfile: apps/users/Dockerfile\n  spam:\n    build:\n      context: .\n      dockerfile: ${dockerfile}\n`,
});

const services = (tree: Tree) => lintTree(tree).model.services.map((s) => [s.name, s.root, s.language ?? "node"]);

describe("[U] a compose build whose dockerfile names a folder", () => {
  it("is the app of that folder, as if its Dockerfile were named", () => {
    const named = services(shop("apps/spam/Dockerfile"));
    expect(named).toContainEqual(["spam", "apps/spam", "python"]);
    expect(services(shop("apps/spam"))).toEqual(named);
  });
});
