import { ts } from "../../ts.js";
import type { Engine } from "../../types.js";
import type { Extractor } from "../extractor.js";
import { type ExtractContext, propertyNamed, staticText } from "../context.js";
import { connection, engineOfDialect, objectLiteralOf, push, unwrap, type ConnectionFact } from "./connection.js";

/**
 * LoopBack opens its datastores through a juggler DataSource whose settings name a connector: LoopBack 4's generated
 * `class DbDataSource extends juggler.DataSource` with `const config = { connector: "mongodb", host, port, database }`
 * (handed to `super`, kept as `static defaultConfig`, or the constructor parameter's default), `new juggler.DataSource({ … })`,
 * and loopback-datasource-juggler's own `DataSource`. Settings kept in a JSON file (`*.datasource.json`, LoopBack 3's
 * `server/datasources.json`) are read by json-config.ts. Connectors that are no datastore (memory, rest, openapi, soap,
 * grpc) give nothing.
 */

const MODULES = ["@loopback/repository", "loopback-datasource-juggler"];

/** The engine a connector names: `mongodb`, `postgresql`, `loopback-connector-mysql`, `kv-redis`. */
export function connectorEngine(connector: string | undefined): Engine | undefined {
  if (!connector) return undefined;
  const name = connector.toLowerCase().replace(/^loopback-connector-/, "");
  if (name === "redis" || name === "kv-redis") return "redis";
  const engine = engineOfDialect(name);
  return engine === "unknown" ? undefined : engine;
}

/** Is this expression juggler's DataSource class (`juggler.DataSource`, or DataSource imported from the juggler itself)? */
function isDataSourceClass(expr: ts.Expression, ctx: ExtractContext): boolean {
  if (ts.isPropertyAccessExpression(expr) && expr.name.text === "DataSource" && ts.isIdentifier(expr.expression)) {
    const imported = ctx.imports.get(expr.expression.text);
    return imported !== undefined && MODULES.includes(imported.specifier) && (imported.imported === "juggler" || imported.imported === "*" || imported.imported === "default");
  }
  return ctx.isImportFrom(expr, ["loopback-datasource-juggler"], ["DataSource"]);
}

/** A connection from the settings object: its connector's engine, `url` (an empty one says nothing), host, port, database. */
function settingsConnection(settings: ts.Expression | undefined, ctx: ExtractContext): ConnectionFact | undefined {
  const object = objectLiteralOf(settings, ctx);
  const connector = object && propertyNamed(object, "connector");
  const engine = connector && connectorEngine(staticText(ctx.value(connector)));
  if (!object || !engine) return undefined;
  const fact = connection(engine, "loopback", object, ctx);
  if (fact.url && staticText(fact.url) === "") {
    delete fact.url;
    if (!fact.host) fact.host = { parts: [{ kind: "text", text: "localhost" }] };
  }
  // A connector reads no environment of its own: with no address it connects to the local default.
  delete fact.driverEnv;
  if (!fact.url && !fact.host) fact.host = { parts: [{ kind: "text", text: "localhost" }] };
  return fact;
}

/** The settings a DataSource subclass opens with: `static defaultConfig`, the argument it hands `super`, or its parameter's default. */
function classSettings(node: ts.ClassDeclaration): ts.Expression | undefined {
  for (const member of node.members) {
    if (ts.isPropertyDeclaration(member) && member.initializer && member.name && ts.isIdentifier(member.name) && member.name.text === "defaultConfig") return member.initializer;
  }
  const constructor = node.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m));
  if (!constructor?.body) return undefined;
  for (const statement of constructor.body.statements) {
    const call = ts.isExpressionStatement(statement) ? unwrap(statement.expression) : undefined;
    if (!call || !ts.isCallExpression(call) || call.expression.kind !== ts.SyntaxKind.SuperKeyword) continue;
    const [first] = call.arguments;
    if (!first) return undefined;
    // `super(dsConfig)` of `constructor(@inject(…) dsConfig: object = config)`: the default, what runs unless the app binds other settings.
    const parameter = ts.isIdentifier(first) ? constructor.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === first.text) : undefined;
    return parameter ? parameter.initializer : first;
  }
  return undefined;
}

export const loopbackDatastores: Extractor = {
  family: "datastores/loopback",
  modules: MODULES,
  classDeclaration(node, ctx) {
    const base = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
    if (!base || !isDataSourceClass(base, ctx)) return;
    const fact = settingsConnection(classSettings(node), ctx);
    if (fact) push(ctx, node.name ?? node, fact);
  },
  newExpression(node, ctx) {
    if (!isDataSourceClass(node.expression, ctx)) return;
    const fact = settingsConnection(node.arguments?.[0], ctx);
    if (fact) push(ctx, node, fact);
  },
};
