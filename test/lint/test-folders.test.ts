import { describe, expect, it } from "vitest";
import { lintTree, service } from "./helpers.js";

/**
 * Folders named like tests (test/, spec/, e2e/) are skipped, unless production code imports from them: then the
 * folder is a feature of the app (a NestJS resource called `test`), and its routes and calls are the app's.
 */
describe("[I] folders named like tests", () => {
  const app = (extra: Record<string, string>) =>
    lintTree({
      ...service("shop", ["express", "axios"], {
        "src/server.ts": 'import express from "express";\nimport { diagnosticsRouter } from "./test/diagnostics.js";\nconst app = express();\napp.use("/ops", diagnosticsRouter);\napp.listen(3000);\n',
        // A feature folder named `test`, imported by the server.
        "src/test/diagnostics.ts": 'import { Router } from "express";\nimport { runChecks } from "./checks";\nexport const diagnosticsRouter = Router();\ndiagnosticsRouter.get("/ping", async (req, res) => res.json(await runChecks()));\n',
        // A sibling in the same folder (no test-named segment in the import), then another test-named folder.
        "src/test/checks.ts": 'import { probeUpstream } from "../spec/probe";\nexport async function runChecks() {\n  return { billing: await probeUpstream() };\n}\n',
        "src/spec/probe.ts": 'import axios from "axios";\nexport async function probeUpstream() {\n  return (await axios.get("http://billing:3000/v1/health")).data;\n}\n',
        // Real tests: nobody imports them, so they stay out of the scan.
        "test/server.test.ts": 'import express from "express";\nconst fake = express();\nfake.get("/unversioned-in-a-test", (req, res) => res.end());\n',
        "src/test/diagnostics.spec.ts": 'import express from "express";\nconst fake = express();\nfake.get("/also-in-a-test", (req, res) => res.end());\n',
        // A test runner's setup files, named as jest and vitest configs ask: their connections are the tests'.
        "src/jest.setup.ts": 'import mongoose from "mongoose";\nbeforeAll(async () => {\n  await mongoose.connect("mongodb://127.0.0.1:27017/test-db");\n});\n',
        "src/setupTests.js": 'const mongoose = require("mongoose");\nmongoose.connect("mongodb://127.0.0.1:27017/other-test-db");\n',
        "vitest.setup.ts": 'import express from "express";\nexpress().get("/in-a-setup", (req, res) => res.end());\n',
        ...extra,
      }),
      ...service("billing", ["express"], { "src/server.ts": 'import express from "express";\nconst app = express();\napp.get("/v1/health", (req, res) => res.end());\napp.listen(3000);\n' }),
    });

  it("a test-named folder that production code imports is scanned, a few imports deep; tests nobody imports are not", () => {
    const result = app({});
    expect(result.model.routes.filter((r) => r.service === "shop").map((r) => [r.method, r.path, r.location.file])).toEqual([["GET", "/ops/ping", "shop/src/test/diagnostics.ts"]]);
    expect(result.model.calls.filter((c) => c.service === "shop").map((c) => [c.targetService, c.location.file])).toEqual([["billing", "shop/src/spec/probe.ts"]]);
    expect(result.findings.filter((f) => f.ruleId === "unversioned-route").map((f) => f.location.file)).toEqual(["shop/src/test/diagnostics.ts"]);
    expect(result.model.datastores.filter((d) => d.service === "shop")).toEqual([]);
  });
});
