import { ts } from "../ts.js";
import type { Value } from "../types.js";
import type { Extractor } from "./extractor.js";
import { frameworkFromImports, resolveOwner } from "./routes.js";
import { propertyNamed, type ExtractContext } from "./context.js";

/**
 * The port a server listens on, as its code says: `app.listen(5555)`, `const port = 5555; app.listen(port)`,
 * `server.listen(process.env.PORT || 3000)`, apollo-server's `server.listen({ port: 4002 })`. A call to `http://localhost:5555` from another service is
 * then a call to it (model/calls.ts), as a reader of a repository without compose port mappings sees it.
 */
const SERVER_MODULES = ["http", "https", "node:http", "node:https", "@nestjs/core", "apollo-server"];

export const listen: Extractor = {
  family: "listen",
  callProperties: ["listen", "bindAsync", "bind"],
  callIdentifiers: true,
  call(node, ctx) {
    const callee = node.expression;
    // Apollo Server 4: `startStandaloneServer(server, { listen: { port: 4000 } })`.
    if (ts.isIdentifier(callee)) {
      // (Every plain call comes here: the name is compared before the import is looked up.)
      if (callee.text !== "startStandaloneServer" || !ctx.isImportFrom(callee, ["@apollo/server/standalone"], ["startStandaloneServer"])) return;
      const options = node.arguments[1];
      const listenAt = options && ts.isObjectLiteralExpression(options) ? propertyNamed(options, "listen") : undefined;
      const port = listenAt && ts.isObjectLiteralExpression(listenAt) ? propertyNamed(listenAt, "port") : undefined;
      const value = port && ctx.value(port);
      if (value?.parts.some((part) => part.kind === "text" || part.kind === "env" || part.kind === "import")) (ctx.facts.listens ??= []).push({ port: value, location: ctx.loc(node) });
      return;
    }
    if (ts.isPropertyAccessExpression(callee) && callee.name.text !== "listen") {
      grpcBind(node, ctx);
      return;
    }
    const first = node.arguments[0];
    // apollo-server's `server.listen({ port: 4002 })` names its port in an options object.
    const port = first && ts.isObjectLiteralExpression(first) ? propertyNamed(first, "port") : first;
    if (!ts.isPropertyAccessExpression(callee) || !port) return;
    // An app or router of a web framework, or any server object in a file that imports one (http.createServer(app)).
    // NestJS: the app NestFactory.create() made, in the file that imports @nestjs/core.
    if (!resolveOwner(callee.expression, ctx) && !frameworkFromImports(ctx) && !ctx.importsAny(SERVER_MODULES) && !importedApp(callee.expression, ctx)) return;
    const value = ctx.value(port);
    // A port from a settings module (`app.listen(config.api.port)`) is read in the model, as an imported constant.
    if (!value.parts.some((part) => part.kind === "text" || part.kind === "env" || part.kind === "import")) return;
    (ctx.facts.listens ??= []).push({ port: value, location: ctx.loc(node) });
  },
};

/**
 * `const app = require("./src/app"); app.listen(port)`: an entry that starts the app another file of the project builds
 * (the server/app split of Express generators). The app is an import of a project module named like one.
 */
function importedApp(expr: ts.Expression, ctx: ExtractContext): boolean {
  if (!ts.isIdentifier(expr) || !/^(app|server|application)$/i.test(expr.text)) return false;
  const imported = ctx.imports.get(expr.text);
  return imported !== undefined && /^(\.|\$\{global\.)/.test(imported.specifier);
}

const GRPC_MODULES = ["@grpc/grpc-js", "grpc"];

/**
 * A gRPC server binds instead of listening: `server.bindAsync("0.0.0.0:50051", creds, cb)`,
 * `server.bindAsync(\`0.0.0.0:\${PORT}\`, ...)`, `server.bind(address, creds)`. The port is what follows the last colon.
 */
function grpcBind(node: ts.CallExpression, ctx: ExtractContext): void {
  const address = node.arguments[0];
  if (!address || node.arguments.length < 2 || !ctx.importsAny(GRPC_MODULES)) return;
  const parts = ctx.value(address).parts;
  const last = parts[parts.length - 1];
  const before = parts[parts.length - 2];
  let port: Value | undefined;
  if (last?.kind === "text" && last.text.includes(":")) port = { parts: [{ kind: "text", text: last.text.slice(last.text.lastIndexOf(":") + 1) }] };
  else if (last && last.kind !== "text" && before?.kind === "text" && before.text.endsWith(":")) port = { parts: [last] };
  if (port && port.parts.some((part) => (part.kind === "text" && /^\d+$/.test(part.text)) || part.kind === "env" || part.kind === "import")) (ctx.facts.listens ??= []).push({ port, location: ctx.loc(node) });
}
