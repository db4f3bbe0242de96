import { posix } from "node:path";
import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { propertyKey, withoutAssertions } from "./context.js";

/**
 * babel-plugin-module-resolver's aliases and roots, in a Babel config file (`babel.config.js`, `.cjs`, `.mjs`):
 * `plugins: [["module-resolver", { root: ["./src"], alias: { "#root": "./src" } }]]`. Code compiled by Babel imports
 * `#root/adaptors/users` as `src/adaptors/users`; the model resolves such specifiers as it does tsconfig `paths`
 * (engine.ts turns these into resolver entries). Aliases written as patterns (`"^@(.+)"`) are left out.
 */

const CONFIG_FILE = /^babel\.config\.(js|cjs|mjs)$/;
const PLUGIN = /^(babel-plugin-)?module-resolver$/;

export const babelAliases: Extractor = {
  family: "babel-aliases",
  fileEnd(ctx) {
    if (!CONFIG_FILE.test(posix.basename(ctx.file))) return;
    const visit = (node: ts.Node): void => {
      // ["module-resolver", { … }]: a plugin with its options.
      if (ts.isArrayLiteralExpression(node) && node.elements.length >= 2) {
        const [name, options] = node.elements;
        if (name && ts.isStringLiteralLike(name) && PLUGIN.test(name.text) && options && ts.isObjectLiteralExpression(withoutAssertions(options))) {
          record(withoutAssertions(options) as ts.ObjectLiteralExpression, ctx.facts);
          return;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(ctx.sf);
  },
};

function record(options: ts.ObjectLiteralExpression, facts: { babelAliases?: { alias: Record<string, string>; root?: string[] } }): void {
  const alias: Record<string, string> = {};
  let root: string[] | undefined;
  for (const property of options.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const key = propertyKey(property.name);
    const value = withoutAssertions(property.initializer);
    if (key === "alias" && ts.isObjectLiteralExpression(value)) {
      for (const entry of value.properties) {
        if (!ts.isPropertyAssignment(entry)) continue;
        const name = propertyKey(entry.name);
        const target = withoutAssertions(entry.initializer);
        if (name && !name.startsWith("^") && ts.isStringLiteralLike(target)) alias[name] = target.text;
      }
    }
    if (key === "root") {
      const list = ts.isArrayLiteralExpression(value) ? value.elements : [value];
      const texts = list.flatMap((element) => (ts.isStringLiteralLike(element) ? [element.text] : []));
      if (texts.length) root = texts;
    }
  }
  if (Object.keys(alias).length || root) facts.babelAliases = root ? { alias, root } : { alias };
}
