import { describe, expect, it } from "vitest";
import { withoutCompiledTwins, type FileEntry } from "../../../src/lint/discover/files.js";
import { lintTree, service } from "../helpers.js";

/**
 * `tsc` output committed beside its sources: src/api/notes.js next to src/api/notes.ts. Read twice, the JavaScript copy's
 * routes were said to be loaded by no file (the imports reach the TypeScript), and every file was parsed twice.
 * Written for this test.
 */

const entry = (rel: string, kind: FileEntry["kind"] = "source"): FileEntry => ({ rel, abs: `/repo/${rel}`, kind });

describe("[U] compiled JavaScript beside its TypeScript", () => {
  it("drops a .js or .jsx whose .ts or .tsx sibling is there; keeps lone .js, .mjs and other kinds", () => {
    const files = [entry("src/a.ts"), entry("src/a.js"), entry("src/b.js"), entry("src/c.tsx"), entry("src/c.jsx"), entry("src/d.ts"), entry("src/d.mjs"), entry("lib/a.js"), entry("src/a.json", "config-json")];
    expect(withoutCompiledTwins(files).map((f) => f.rel)).toEqual(["src/a.ts", "src/b.js", "src/c.tsx", "src/d.ts", "src/d.mjs", "lib/a.js", "src/a.json"]);
  });

  it("a service started as `node src/index.js` beside src/index.ts: its routes once, from the TypeScript, and no unloaded router", () => {
    const ts = {
      "src/index.ts": `import express from "express";\nimport notes from "./api/notes";\nconst app = express();\nnotes(app);\napp.listen(3000);\n`,
      "src/api/notes.ts": `import type { Express } from "express";\nexport default (app: Express) => {\n  app.get("/v1/notes", (req, res) => res.json([]));\n};\n`,
    };
    const js = {
      "src/index.js": `"use strict";\nconst express = require("express");\nconst notes = require("./api/notes");\nconst app = express();\nnotes.default(app);\napp.listen(3000);\n`,
      "src/api/notes.js": `"use strict";\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.default = (app) => {\n  app.get("/v1/notes", (req, res) => res.json([]));\n};\n`,
    };
    const result = lintTree({ ...service("notes", ["express"], { ...ts, ...js }), "notes/package.json": { name: "notes", scripts: { start: "node src/index.js" }, dependencies: { express: "*" } } });
    expect(result.model.routes.map((r) => `${r.service} ${r.method} ${r.path} ${r.location.file}`)).toEqual(["notes GET /v1/notes notes/src/api/notes.ts"]);
    expect(result.diagnostics.filter((d) => d.message.includes("no file of"))).toEqual([]);
    expect(result.model.stats.filesParsed).toBe(2);
  });
});
