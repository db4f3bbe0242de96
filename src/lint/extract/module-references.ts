import { ts } from "../ts.js";
import type { ExtractContext } from "./context.js";
import { modulePathText, runTimeFolder } from "./module-paths.js";

/**
 * The modules a file loads besides what its import declarations and `const x = require("m")` record as imports:
 * `mongoose.model("Charge", require("../../payments/models/charge").schema)`, a require in a handler, `import("m")`,
 * `export … from "m"`, `import "m"`. Each couples the file's build to the module all the same (cross-service-import).
 */

/** `require("m")` or `import("m")` with a literal specifier: records it unless an import of the file already names it. */
export function callReference(node: ts.CallExpression, ctx: ExtractContext): void {
  const callee = node.expression;
  const loads = callee.kind === ts.SyntaxKind.ImportKeyword || (callee.kind === ts.SyntaxKind.Identifier && (callee as ts.Identifier).escapedText === "require");
  if (!loads || node.arguments.length !== 1) return;
  const argument = node.arguments[0]!;
  // require(`${__dirname}/routes/orders`), require(`${global.appRoot}/routes/orders`): a path the file spells all the same.
  const specifier = modulePathText(argument);
  if (specifier === undefined) {
    // require(path.join(dir, file)), import(`./routes/${name}`): a module chosen at run time, which may be any file.
    ctx.facts.loadsAtRunTime ??= ctx.loc(node).line;
    // Where it loads from, when the path says (model/unloaded-routers.ts): a folder, or anywhere (null).
    (ctx.facts.runTimeFolders ??= []).push(runTimeFolder(argument) ?? null);
    return;
  }
  if (ctx.facts.imports.some((i) => i.specifier === specifier)) return;
  moduleReference(ctx, specifier, node);
}

/** A module the file names at `node`, once per specifier. */
export function moduleReference(ctx: ExtractContext, specifier: string, node: ts.Node): void {
  const references = (ctx.facts.moduleReferences ??= []);
  if (references.some((r) => r.specifier === specifier)) return;
  references.push({ specifier, line: ctx.loc(node).line });
}
