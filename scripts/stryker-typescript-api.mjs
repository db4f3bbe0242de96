// Loaded into Stryker's checker processes (stryker.config.json: checkerNodeArgs).
// The project compiles with TypeScript 7, whose npm package has no JavaScript compiler API
// (its main export is only the version), while @stryker-mutator/typescript-checker imports
// the API from "typescript". This hook hands that one importer TypeScript 6, installed as
// the devDependency alias "typescript-compiler-api"; everything else keeps TypeScript 7.
import { registerHooks } from "node:module";

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === "typescript" && context.parentURL?.includes("/node_modules/@stryker-mutator/")) {
      return nextResolve("typescript-compiler-api", context);
    }
    return nextResolve(specifier, context);
  },
});
