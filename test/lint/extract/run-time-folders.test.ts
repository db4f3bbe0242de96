import { describe, expect, it } from "vitest";
import { facts } from "../helpers.js";

/** Where a module chosen at run time is loaded from, when the path spells it (extract/module-paths.ts runTimeFolder). */
const folders = (load: string) => facts(`const path = require("path");\nconst fs = require("fs");\nfor (const name of fs.readdirSync(".")) ${load};\n`, "src/routes/index.js").runTimeFolders;

describe("[U] the folder of a run-time require", () => {
  it("path.join from the file's folder: the literal names before the first chosen one, and how many are chosen", () => {
    expect(folders(`require(path.join(__dirname, version, name))`)).toEqual([{ folder: ".", depth: 2 }]);
    expect(folders(`require(path.join(__dirname, "v1", name))`)).toEqual([{ folder: "v1", depth: 1 }]);
  });

  it("a template or a sum of strings from the file's folder", () => {
    expect(folders("require(`./handlers/${name}`)")).toEqual([{ folder: "handlers", depth: 1 }]);
    expect(folders("require(`${__dirname}/handlers/${name}.js`)")).toEqual([{ folder: "handlers", depth: 1 }]);
    expect(folders(`require(__dirname + "/../controllers/" + name)`)).toEqual([{ folder: "../controllers", depth: 1 }]);
  });

  it("anywhere (null) when the path starts with what is chosen at run time", () => {
    expect(folders(`require(name)`)).toEqual([null]);
    expect(folders("require(`${base}/${name}`)")).toEqual([null]);
  });
});
