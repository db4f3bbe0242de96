import { ts } from "../ts.js";
import type { ExtractContext } from "./context.js";

/** Data files the code names and reads at run time (an OpenAPI document, a YAML settings file): where they are written. */

const DOCUMENT = /\.(ya?ml|json)$/i;

/** The last `.yaml`/`.yml`/`.json` string literal inside the expression, and whether `__dirname` anchors it. */
export function documentIn(expr: ts.Node, ctx: ExtractContext, depth = 0): { spec: string; fromDir: boolean } | undefined {
  if (depth > 3) return undefined;
  if (ts.isIdentifier(expr)) {
    const bound = ctx.lookupLocal(expr.text)?.expr;
    return bound ? documentIn(bound, ctx, depth + 1) : undefined;
  }
  let spec: string | undefined;
  let fromDir = false;
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) && DOCUMENT.test(node.text)) spec = node.text;
    else if (ts.isIdentifier(node) && node.text === "__dirname") fromDir = true;
    else if (ts.isIdentifier(node) && node !== expr && !spec) {
      const inner = documentIn(node, ctx, depth + 1);
      // `path.join(__dirname, file)`: the local holds the name, this expression the anchor; either may say __dirname.
      if (inner) {
        spec = inner.spec;
        fromDir ||= inner.fromDir;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(expr);
  return spec ? { spec, fromDir } : undefined;
}

/**
 * `yaml.load(readFileSync(join(__dirname, "config.yaml"), "utf8"))`, `YAML.parse(…)`, `JSON.parse(readFileSync(…))`: the
 * settings file a function returns the contents of, else undefined.
 */
export function parsedFileIn(expr: ts.Expression, ctx: ExtractContext): { spec: string; fromDir: boolean } | undefined {
  let call: ts.Expression = expr;
  while (ts.isAsExpression(call) || ts.isParenthesizedExpression(call) || ts.isSatisfiesExpression(call) || ts.isAwaitExpression(call)) call = call.expression;
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression) || !/^(load|parse|safeLoad)$/.test(call.expression.name.text)) return undefined;
  const read = call.arguments[0];
  if (!read || !ts.isCallExpression(read)) return undefined;
  const reader = ts.isPropertyAccessExpression(read.expression) ? read.expression.name.text : ts.isIdentifier(read.expression) ? read.expression.text : "";
  if (!/^readFileSync$/.test(reader) || !read.arguments[0]) return undefined;
  return documentIn(read.arguments[0], ctx);
}
