import { describe, expect, it } from "vitest";
import { lintTree, service, type Tree } from "../helpers.js";

/**
 * A `build/` folder is build output for a Node package, so its code is never scanned; but projects also keep their
 * deployment files there (`build/docker/…`, a datastore image with its own settings under `build/cache/`), and a compose
 * entry that builds from it must be judged by that Dockerfile, not counted as a service with no code.
 */
const app = `const express = require("express");\nconst app = express();\napp.get("/v1/rooms", (req, res) => res.json([]));\napp.listen(3000);\n`;

const tree = (extra: Tree = {}): Tree => ({
  ...service("rooms", ["express"], { "index.js": app }),
  "docker-compose.yml":
    "services:\n  rooms:\n    build: ./rooms\n  cache-watch:\n    build:\n      context: ./build/cache\n      dockerfile: ./watch.Dockerfile\n  shipper:\n    build: ./build/logs/shipper\n",
  // A Redis sentinel made from the stock image and a settings file of its own.
  "build/cache/watch.Dockerfile": "FROM  redis:7\nCOPY sentinel.conf /etc/redis/sentinel.conf\nCMD redis-sentinel /etc/redis/sentinel.conf\n",
  // A log shipper of the Elastic stack, as docker-elk's extensions build it.
  "build/logs/shipper/Dockerfile": "ARG ELASTIC_VERSION\nFROM docker.elastic.co/beats/filebeat:${ELASTIC_VERSION}\nCOPY filebeat.yml /usr/share/filebeat/filebeat.yml\n",
  ...extra,
});

describe("[U] deployment files kept under build/", () => {
  it("are read: an entry building a datastore or a log shipper there is infrastructure, not a service", () => {
    const result = lintTree(tree());
    expect(result.model.services.map((s) => s.name)).toEqual(["rooms"]);
    expect(result.diagnostics.filter((d) => d.message.includes("holds no file arch-lint reads"))).toEqual([]);
  });

  it("its code is still build output: a compiled copy of the app there yields no second route", () => {
    const result = lintTree(tree({ "rooms/build/index.js": app, "build/server.js": app }));
    expect(result.model.routes.map((r) => `${r.service} ${r.location.file}`)).toEqual(["rooms rooms/index.js"]);
  });

  it("judges a bare base by what it is given: a program copied from an infrastructure image is infrastructure, nginx installed is a proxy", () => {
    const result = lintTree(
      tree({
        "docker-compose.yml":
          "services:\n  rooms:\n    build: ./rooms\n  alerts:\n    build: ./ops/alerts\n  front:\n    build: ./ops/front\n",
        "ops/alerts/Dockerfile": "FROM alpine:3.22\nRUN apk add --no-cache gettext\nCOPY --from=prom/alertmanager:v0.28.0 /bin/alertmanager /bin/alertmanager\nCMD [\"/bin/alertmanager\"]\n",
        "ops/front/Dockerfile": "FROM alpine:3.20\nRUN apk add --no-cache nginx gettext\nCOPY default.conf /etc/nginx/http.d/default.conf\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
      }),
    );
    expect(result.model.services.map((s) => [s.name, s.language ?? ""])).toEqual([
      ["front", "nginx"],
      ["rooms", ""],
    ]);
    // A bare base that copies the app's own build from an earlier stage runs application code.
    const own = lintTree(
      tree({
        "docker-compose.yml": "services:\n  rooms:\n    build:\n      context: ./rooms\n      dockerfile: Dockerfile.static\n",
        "rooms/Dockerfile.static": "FROM node:22 AS build\nCOPY . .\nRUN npm ci\nFROM alpine:3.22\nCOPY --from=build /app /app\nCMD [\"node\", \"/app/index.js\"]\n",
      }),
    );
    expect(own.model.services.map((s) => s.name)).toEqual(["rooms"]);
  });
});
