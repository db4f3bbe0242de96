import { describe, expect, it } from "vitest";
import { lintTree, type Tree } from "../helpers.js";

/**
 * Written for this test: two apps under apps/, each a package with `npm start`, that load the modules of a shared
 * package (`kit-common`: express, its own server module that listens) by a path built at run time, so no package
 * depends on it by name. Scripts at the top build two more images of the whole repository and `docker run` them: one
 * from `Dockerfile.test`, which runs the suite and exits, and one whose start script starts both apps one by one.
 * A reader names two services; before, the shared package was a third and the top folder a fourth.
 */

const app = (name: string, port: number): Tree => ({
  [`apps/${name}/package.json`]: { name, scripts: { start: "node src/main.js" }, dependencies: { express: "*" } },
  [`apps/${name}/src/main.js`]: `const load = (names) => names.map((n) => require(\`\${__dirname}/../../../common/src/modules/\${n}\`));\nconst [server] = load(["server"]);\nserver.start(${port});\n`,
});

const tree = (extra: Tree = {}): Tree => ({
  ...app("ledger", 4001),
  ...app("mailer", 4002),
  "common/package.json": { name: "kit-common", main: "src/main.js", scripts: { test: "mocha tests" }, dependencies: { express: "*" } },
  "common/src/main.js": `module.exports = (names) => names.map((n) => require(\`./modules/\${n}\`));\n`,
  "common/src/modules/server.js": `const express = require("express");\nexports.start = (port) => express().listen(port);\n`,
  "Dockerfile.test": `FROM node:22\nWORKDIR /code\nCOPY . .\nRUN npm ci\nCMD ["npm", "test"]\n`,
  "Dockerfile.all": `FROM node:22\nWORKDIR /code\nCOPY . .\nCMD ["sh", "scripts/run-all.sh"]\n`,
  "scripts/run-all.sh": "#!/bin/sh\nnode apps/ledger/src/main.js &\nnode apps/mailer/src/main.js &\nwait\n",
  "scripts/docker-test.sh": "#!/bin/bash\ndocker build -f Dockerfile.test -t kit-check .\ndocker run --rm -t kit-check\n",
  "scripts/docker-all.sh": "#!/bin/bash\ndocker build -f Dockerfile.all -t kit-all .\ndocker run --rm -d kit-all\n",
  ...extra,
});

const roles = (t: Tree) => {
  const { model } = lintTree(t, { only: "shared-database" });
  return { services: model.services.map((s) => s.root).sort(), libraries: model.libraries.map((l) => l.root).sort() };
};

describe("[U] a shared package reached by a run-time path, and images of the whole repository", () => {
  it("the shared package is a library and neither image is a service of the top folder", () => {
    expect(roles(tree())).toEqual({ services: ["apps/ledger", "apps/mailer"], libraries: ["common"] });
  });

  it("a package with the same code named for what it does is still a service", () => {
    const renamed = tree({ "common/package.json": { name: "kit-notifier", main: "src/main.js", scripts: { test: "mocha tests" }, dependencies: { express: "*" } } });
    expect(roles(renamed).services).toContain("common");
  });

  it("a compose entry built from a Dockerfile named for tests runs the suite: no service", () => {
    const composed = tree({
      "apps/ledger/docker-compose.yml": "services:\n  ledger:\n    build: .\n  ledger-checks:\n    build:\n      context: .\n      dockerfile: Dockerfile.test\n",
      "apps/ledger/Dockerfile": `FROM node:22\nWORKDIR /srv\nCOPY . .\nCMD ["npm", "start"]\n`,
      "apps/ledger/Dockerfile.test": `FROM node:22\nWORKDIR /srv\nCOPY . .\nCMD ["npx", "mocha", "--exit"]\n`,
    });
    expect(roles(composed).services).toEqual(["apps/ledger", "apps/mailer"]);
  });

  it("an image that starts the apps one by one says so", () => {
    const { diagnostics } = lintTree(tree(), { only: "shared-database" });
    expect(diagnostics.map((d) => d.message).filter((m) => m.includes("one by one"))).toEqual([expect.stringContaining("kit-all starts 2 apps")]);
  });
});
