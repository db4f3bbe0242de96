import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import { propertyNamed, staticText, withoutAssertions } from "./context.js";
import { push } from "./http-clients.js";

/**
 * requestify, an older promise-based HTTP client: `requestify.get(url, options)`, `.post(url, body, options)`, `.put`,
 * `.delete`, `.head`, and `requestify.request(url, { method, body })`. Each is an HTTP call of client "requestify"; a
 * `timeout` among its options bounds it (http-clients.ts reads the options of every call it records). Only in files
 * importing it.
 */

const MODULES = ["requestify"];

const VERBS: Record<string, string> = { get: "GET", post: "POST", put: "PUT", delete: "DELETE", del: "DELETE", head: "HEAD", patch: "PATCH" };

export const requestify: Extractor = {
  family: "requestify",
  modules: MODULES,
  callProperties: [...Object.keys(VERBS), "request"],
  call(node, ctx) {
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee) || !ctx.isImportFrom(callee.expression, MODULES, ["default", "*"])) return;
    const [first, second] = node.arguments;
    if (!first) return;
    const name = callee.name.text;
    if (VERBS[name]) {
      push(ctx, node, "requestify", VERBS[name]!, ctx.value(first));
      return;
    }
    const options = second && withoutAssertions(second);
    const method = options && ts.isObjectLiteralExpression(options) ? propertyNamed(options, "method") : undefined;
    // A method the code picks at run time reaches whichever route serves the path, as the request does.
    push(ctx, node, "requestify", method ? (staticText(ctx.value(method))?.toUpperCase() ?? "ALL") : "GET", ctx.value(first));
  },
};
