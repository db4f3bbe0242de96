import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { propertyNamed, type ExtractContext, calleeName } from "./context.js";

/**
 * openapi-backend routes each request by an OpenAPI document to the handler of its operationId:
 * `new OpenAPIBackend({ definition: "./openapi.yaml" })`, or the document loaded first
 * (`YAML.load(fs.readFileSync(path.join(__dirname, "../openapi.yaml"), "utf8"))`, `require("./openapi.json")`). The file it
 * names is kept; the engine reads it and adds its operations as routes (openapi-routes.ts). Only in files importing it.
 */

const DOCUMENT = /\.(ya?ml|json)$/i;

/** The last `.yaml`/`.yml`/`.json` string literal inside the expression, and whether `__dirname` anchors it. */
function documentIn(expr: ts.Node, ctx: ExtractContext, depth = 0): { spec: string; fromDir: boolean } | undefined {
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

export const openapiBackend: Extractor = {
  family: "openapi-backend",
  modules: ["openapi-backend"],
  newExpression(node, ctx) {
    const callee = node.expression;
    const named = calleeName(node);
    if (named !== "OpenAPIBackend" && !(ts.isIdentifier(callee) && ctx.isImportFrom(callee, ["openapi-backend"]))) return;
    const options = node.arguments?.[0];
    if (!options || !ts.isObjectLiteralExpression(options)) return;
    const definition = propertyNamed(options, "definition");
    if (!definition) return;
    const found = documentIn(definition, ctx);
    if (!found) return;
    (ctx.facts.openapiDocuments ??= []).push({ ...found, location: ctx.loc(node) });
  },
};
