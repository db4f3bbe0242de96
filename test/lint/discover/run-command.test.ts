import { describe, expect, it } from "vitest";
import { fileRunBy, sourceFilesRunBy } from "../../../src/lint/discover/run-command.js";

describe("the file a start command runs", () => {
  it.each([
    ["node -r ./tracing.js dist/main.js", "dist/main.js"],
    ["node --require dotenv/config --enable-source-maps index.js", "index.js"],
    ["npx ts-node-dev --respawn --transpile-only src/main.ts", "src/main.ts"],
    ["./node_modules/.bin/ts-node -P tsconfig.app.json src/app.ts", "src/app.ts"],
    ["tsx watch src/main.ts", "src/main.ts"],
    ["bun run src/worker.ts", "src/worker.ts"],
    ['nodemon --watch src -e ts,json --exec "ts-node src/main.ts"', "src/main.ts"],
    ["NODE_ENV=production node server", "server"],
    ["tsc -p . && node ./dist/index.js", "dist/index.js"],
    ["nodemon ./ledger.js", "ledger.js"],
  ])("%s → %s", (command, file) => {
    expect(fileRunBy(command)).toBe(file);
  });

  it.each(["jest --coverage", "node", "nest start --watch", "npm run build"])("%s runs no file", (command) => {
    expect(fileRunBy(command)).toBeUndefined();
  });
});

describe("the source files a command's runners are given", () => {
  it("finds the file wherever it sits among a runner's arguments, once per step", () => {
    expect(sourceFilesRunBy("nodemon --watch src -e ts --exec 'ts-node src/main.ts'")).toEqual(["src/main.ts"]);
    expect(sourceFilesRunBy("node scripts/migrate.js && node ./src/server.js")).toEqual(["scripts/migrate.js", "src/server.js"]);
  });

  it("takes only files a runner is given, with a source file's extension", () => {
    expect(sourceFilesRunBy("NODE_ENV=production node server")).toEqual([]);
    expect(sourceFilesRunBy("eslint src/main.ts")).toEqual([]);
    expect(sourceFilesRunBy("cp src/config.js dist/ && next start")).toEqual([]);
  });
});
