import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * A compose file kept beside a service's code with a build context written for another folder (`context: ./quotes` in
 * quotes/docker-compose.yml itself, a folder that does not exist) describes the deployment the top compose file builds
 * from where the code is. Counted as a service of its own, the empty one took the name and the real one was renamed
 * (`apps-quotes`), so every finding about it was told under a name no reader uses.
 */

const tree: Tree = {
  "docker-compose.yml": "services:\n  quotes:\n    build: ./apps/quotes\n  prices:\n    build: ./apps/prices\n",
  "apps/quotes/docker-compose.yml": "services:\n  quotes:\n    build:\n      context: ./quotes\n    ports:\n      - 7000:7000\n",
  "apps/quotes/package.json": { name: "quotes-api", main: "index.js", dependencies: { express: "*" } },
  "apps/quotes/index.js": `const app = require("express")();\napp.get("/v1/quotes", (req, res) => res.json([]));\napp.listen(7000);\n`,
  "apps/prices/package.json": { name: "prices", main: "index.js", dependencies: { express: "*" } },
  "apps/prices/index.js": `const app = require("express")();\napp.get("/v1/prices", (req, res) => res.json([]));\napp.listen(7100);\n`,
};

describe("[U] a compose entry that builds a missing folder, where another compose file builds the service", () => {
  it("is left out, with a diagnostic: the service keeps its name and its code", () => {
    const result = lintTree(tree, { only: "unversioned-route" });
    expect(result.model.services.map((s) => `${s.name} ${s.root}`).sort()).toEqual(["prices apps/prices", "quotes apps/quotes"]);
    expect(result.diagnostics.map((d) => d.message).filter((m) => m.includes("left out"))).toEqual([
      'services.quotes builds "apps/quotes/quotes", which holds no file arch-lint reads, while docker-compose.yml builds quotes from "apps/quotes": this entry is left out',
    ]);
  });

  it("alone, it is the app no deployment took whose entry listens on the port it publishes, said so", () => {
    const alone = { ...tree, "docker-compose.yml": "services:\n  prices:\n    build: ./apps/prices\n" };
    const result = lintTree(alone, { only: "unversioned-route" });
    expect(result.model.services.map((s) => `${s.name} ${s.root}`).sort()).toEqual(["prices apps/prices", "quotes apps/quotes"]);
    expect(result.diagnostics.map((d) => d.message).filter((m) => m.includes("does not exist"))).toEqual([
      'services.quotes builds "apps/quotes/quotes", which does not exist: taken as "apps/quotes", the one app whose entry listens on 7000, as the entry publishes; correct the path in the deployment file',
    ]);
  });

  it("alone, with two apps listening on its port, it is still a service with no code, said so (no guess)", () => {
    const alone = { ...tree, "docker-compose.yml": "services:\n  other:\n    image: redis:7\n", "apps/prices/index.js": tree["apps/quotes/index.js"] as string };
    const result = lintTree(alone, { only: "unversioned-route" });
    expect(result.diagnostics.some((d) => d.message.includes("holds no file arch-lint reads") && d.message.includes("counted as a service with no code"))).toBe(true);
  });
});

/**
 * A compose file in a folder of its own (deploy/gateway/) that builds `./apps/<name>` as if it sat at the repository's
 * top, the apps kept in services/backend/: no such folder anywhere, but one app of the repository named like each. One
 * app's entry listens on the port another entry publishes (a port copied between entries): the name decides.
 */
const elsewhere: Tree = {
  "deploy/gateway/docker-compose.yml": "services:\n  ledger:\n    build: ./apps/ledger\n    ports:\n      - 5100:5100\n  audit:\n    build: ./apps/audit\n    ports:\n      - 5200:5200\n",
  "services/backend/ledger/package.json": { name: "ledger", main: "index.js", dependencies: { express: "*" } },
  "services/backend/ledger/index.js": `const app = require("express")();\napp.get("/v1/entries", (req, res) => res.json([]));\napp.listen(5200);\n`,
  "services/backend/audit/package.json": { name: "audit", main: "index.js", dependencies: { express: "*" } },
  "services/backend/audit/index.js": `const app = require("express")();\napp.get("/v1/trail", (req, res) => res.json([]));\napp.listen(5100);\n`,
};

describe("[U] compose entries that build missing folders named like apps elsewhere in the repository", () => {
  it("each deploys the one app named like it, not the app listening on its port", () => {
    const result = lintTree(elsewhere, { only: "unversioned-route" });
    expect(result.model.services.map((s) => `${s.name} ${s.root} ${s.sources.join(",")}`).sort()).toEqual(["audit services/backend/audit package,compose", "ledger services/backend/ledger package,compose"]);
  });
});

/**
 * A compose entry whose build names a folder the repository does not have (`./forecasts`, a typo for the `archive`
 * app), where the one app no deployment took says its port outside its entry file: its entry listens on `PORT` read
 * through a config module, and its own Dockerfile exposes the published port, or its committed `.env.example` sets it.
 */
const exposed: Tree = {
  "docker-compose.yml": "services:\n  radar:\n    build: ./radar\n    ports:\n      - 6100:6100\n  archive:\n    build: ./forecasts\n    ports:\n      - 6400:6400\n",
  "radar/package.json": { name: "radar", main: "index.js", dependencies: { express: "*" } },
  "radar/index.js": `const app = require("express")();\napp.get("/v1/radar", (req, res) => res.json([]));\napp.listen(6100);\n`,
  "archive/package.json": { name: "weather-archive-store", main: "index.js", dependencies: { express: "*" } },
  "archive/settings.js": "module.exports = { PORT: process.env.PORT };\n",
  "archive/index.js": `const { PORT } = require("./settings");\nconst app = require("express")();\napp.get("/v1/readings", (req, res) => res.json([]));\napp.listen(PORT);\n`,
  "archive/Dockerfile": "FROM node:20\nWORKDIR /srv\nCOPY . .\nEXPOSE 6400\nCMD [\"node\", \"index.js\"]\n",
};

describe("[U] a compose entry that builds a missing folder, the app's port said by its Dockerfile or env example", () => {
  it("deploys the one app not yet deployed whose Dockerfile exposes the published port, said so", () => {
    const result = lintTree(exposed, { only: "unversioned-route" });
    expect(result.model.services.map((s) => `${s.name} ${s.root}`).sort()).toEqual(["archive archive", "radar radar"]);
    expect(result.diagnostics.map((d) => d.message).filter((m) => m.includes("does not exist"))).toEqual([
      'services.archive builds "forecasts", which does not exist: taken as "archive", the one app whose Dockerfile or env file gives the port 6400, as the entry publishes; correct the path in the deployment file',
    ]);
  });

  it("deploys it too when only its committed .env.example sets the published PORT", () => {
    const { "archive/Dockerfile": _gone, ...rest } = exposed;
    const result = lintTree({ ...rest, "archive/.env.example": "PORT=6400\n" }, { only: "unversioned-route" });
    expect(result.model.services.map((s) => `${s.name} ${s.root}`).sort()).toEqual(["archive archive", "radar radar"]);
  });

  it("guesses nothing when the app exposes another port: a service with no code, said so", () => {
    const result = lintTree({ ...exposed, "archive/Dockerfile": "FROM node:20\nEXPOSE 7700\n" }, { only: "unversioned-route" });
    expect(result.model.services.map((s) => s.root).sort()).toEqual(["archive", "forecasts", "radar"]);
  });
});

describe("[U] a compose entry that builds a missing folder, where every app exposes the same container port", () => {
  it("takes no app for it: the port names none of them", () => {
    const shared: Tree = {
      "docker-compose.yml": "services:\n  radar:\n    build: ./radar\n    ports:\n      - 6101:6000\n  archive:\n    build: ./forecasts\n    ports:\n      - 6102:6000\n",
      "radar/package.json": { name: "radar", main: "index.js", dependencies: { express: "*" } },
      "radar/index.js": `const app = require("express")();\napp.get("/v1/radar", (req, res) => res.json([]));\napp.listen(process.env.PORT);\n`,
      "radar/Dockerfile": "FROM node:20\nEXPOSE 6000\n",
      "archive/package.json": { name: "archive", main: "index.js", dependencies: { express: "*" } },
      "archive/index.js": `const app = require("express")();\napp.get("/v1/readings", (req, res) => res.json([]));\napp.listen(process.env.PORT);\n`,
      "archive/Dockerfile": "FROM node:20\nEXPOSE 6000\n",
    };
    const result = lintTree(shared, { only: "unversioned-route" });
    expect(result.model.services.map((s) => s.root).sort()).toEqual(["archive", "forecasts", "radar"]);
  });
});

/**
 * Spring Boot folders named in CamelCase (`LedgerService/`, `ConfigServer/`) that compose builds as `./ledger-service`
 * and `./config-server`: no package.json makes them candidates, but each is the one folder with a Dockerfile named like
 * the missing build, but for case and separators, under the same parent.
 */
describe("[U] a compose build of a missing folder named like another language's app folder but for case and dashes", () => {
  const java = { Dockerfile: "FROM eclipse-temurin:21\nCOPY target/app.jar .\nENTRYPOINT [\"java\", \"-jar\", \"app.jar\"]\n", "pom.xml": "<project><dependencies><dependency><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>\n" };
  const tree: Tree = {
    "docker-compose.yml": "services:\n  config-server:\n    build: ./config-server\n  ledger-service:\n    build:\n      context: ./apps/ledger-service\n",
    ...Object.fromEntries(Object.entries(java).map(([f, t]) => [`ConfigServer/${f}`, t])),
    ...Object.fromEntries(Object.entries(java).map(([f, t]) => [`apps/LedgerService/${f}`, t])),
  };

  it("deploys that folder, in its language, said so", () => {
    const result = lintTree(tree, { only: "unversioned-route" });
    expect(result.model.services.map((s) => `${s.name} ${s.root} ${s.language}`).sort()).toEqual(["config-server ConfigServer java", "ledger-service apps/LedgerService java"]);
    expect(result.diagnostics.filter((d) => d.message.includes("does not exist")).length).toBe(2);
  });

  it("guesses nothing when two folders are named so", () => {
    const two = { ...tree, ...Object.fromEntries(Object.entries(java).map(([f, t]) => [`Config_Server/${f}`, t])) };
    expect(lintTree(two, { only: "unversioned-route" }).model.services.map((s) => s.root).sort()).toEqual(["apps/LedgerService", "config-server"]);
  });
});
