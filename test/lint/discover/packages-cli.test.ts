import { describe, expect, it } from "vitest";
import { runArchLint } from "../../helpers/arch-lint-in-process.js";
import { tempDir } from "../../helpers/temp.js";
import { writeTree } from "../helpers.js";

describe("[I] --print-model on a NestJS monorepo", () => {
  it("lists the apps as services and the libraries beside them", async () => {
    const dir = tempDir("arch-lint-packages-cli-");
    writeTree(dir, {
      "package.json": { name: "sleep", private: true, scripts: { start: "nest start" }, dependencies: { "@nestjs/core": "*", "@nestjs/common": "*" } },
      "nest-cli.json": {
        monorepo: true,
        root: "apps/bookings",
        projects: {
          bookings: { type: "application", root: "apps/bookings", sourceRoot: "apps/bookings/src", entryFile: "main" },
          mailer: { type: "application", root: "apps/mailer", sourceRoot: "apps/mailer/src", entryFile: "main" },
          common: { type: "library", root: "libs/common", sourceRoot: "libs/common/src", entryFile: "index" },
        },
      },
      "apps/bookings/src/main.ts": "export {};\n",
      "apps/mailer/src/main.ts": "export {};\n",
      "libs/common/src/index.ts": "export {};\n",
    });
    const { code, stdout, stderr } = await runArchLint(["--print-model"], dir);
    expect(code).toBe(0);
    const model = JSON.parse(stdout) as { services: { name: string; root: string }[]; libraries: { name: string; root: string; location: { file: string; line: number } }[] };
    expect(model.services.map((s) => [s.name, s.root])).toEqual([
      ["bookings", "apps/bookings"],
      ["mailer", "apps/mailer"],
    ]);
    expect(model.libraries).toEqual([{ name: "common", root: "libs/common", location: { file: "nest-cli.json", line: 17, column: 1 } }]);
  });
});

describe("[I] a repository with no service", () => {
  it("says what counts as one, nest-cli.json and Nx applications included", async () => {
    const dir = tempDir("arch-lint-packages-none-");
    writeTree(dir, { "package.json": { name: "tools", private: true }, "src/index.ts": "export {};\n" });
    const { code, stdout, stderr } = await runArchLint(["."], dir);
    expect(code).toBe(0);
    // A not-understood diagnostic, listed under the report (every format carries it).
    expect(stdout).toContain("a service is a package with a server or broker dependency and an entry, an application of nest-cli.json or Nx, a docker-compose service");
  });
});
