import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { propertyNamed, calleeName } from "./context.js";
import { documentIn } from "./data-files.js";

/**
 * openapi-backend routes each request by an OpenAPI document to the handler of its operationId:
 * `new OpenAPIBackend({ definition: "./openapi.yaml" })`, or the document loaded first
 * (`YAML.load(fs.readFileSync(path.join(__dirname, "../openapi.yaml"), "utf8"))`, `require("./openapi.json")`). The file it
 * names is kept; the engine reads it and adds its operations as routes (openapi-routes.ts). Only in files importing it.
 */

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
