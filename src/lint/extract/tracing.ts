import { ts } from "../ts.js";
import type { Extractor } from "./extractor.js";
import type { ExtractContext } from "./context.js";

/**
 * Tracing SDKs a file loads: `import "@opentelemetry/auto-instrumentations-node/register"`, `import { NodeSDK } from
 * "@opentelemetry/sdk-node"`, `require("dd-trace").init()`, `await import("@opentelemetry/sdk-node")`. missing-tracing
 * asks whether a service loads one (model/tracing.ts). The static imports come from the walk's own list; the hooks
 * see only `require(...)` and `import(...)` calls with a literal module, a cheap test per call of either.
 */

/** The OpenTelemetry Node SDK and instrumentations, and the vendors' Node tracers (their agents start tracing when loaded). */
export const TRACING_MODULE =
  /^(@opentelemetry\/(sdk-node|sdk-trace-node|sdk-trace-base|auto-instrumentations-node|instrumentation(-[\w-]+)?)|dd-trace|elastic-apm-node|newrelic|@newrelic\/[\w-]+|@splunk\/otel|@sentry\/(node|nestjs|tracing|opentelemetry|opentelemetry-node|serverless|aws-serverless|google-cloud-serverless|bun)|@google-cloud\/trace-agent|@azure\/monitor-opentelemetry|applicationinsights|@vercel\/otel|@honeycombio\/opentelemetry-node|@lightstep\/otel-launcher-node|@aws\/aws-distro-opentelemetry-node-autoinstrumentation|@instana\/(collector|aws-fargate|aws-lambda)|appdynamics|signalfx-tracing|jaeger-client|zipkin|zipkin-instrumentation-[\w-]+|@hyperdx\/node-opentelemetry|@highlight-run\/node|@baselime\/node-opentelemetry|skywalking-backend-js|pinpoint-node-agent|@dynatrace\/oneagent|@uptrace\/node|@traceloop\/node-server-sdk|@metinseylan\/nestjs-opentelemetry|@amplication\/opentelemetry-nestjs)(\/.*)?$/;

/**
 * Tracers that work wherever they load, hooking no module loading: a manual tracer provider, Zipkin's and Jaeger's
 * middleware-style clients, NestJS modules that start the SDK themselves. The others must load before the app.
 */
export const NOT_HOOKED = /^(@opentelemetry\/(sdk-trace-base|sdk-trace-node)|zipkin|zipkin-instrumentation-[\w-]+|jaeger-client|@metinseylan\/nestjs-opentelemetry|@amplication\/opentelemetry-nestjs)(\/.*)?$/;

/**
 * What the file keeps: the known tracers, modules named like one (`@acme/observability`, `./tracing`) that may load
 * one (model/tracing.ts follows them), and packages loaded for their side effect only, which missing-tracing's
 * `modules` option may name.
 */
function isCandidate(module: string): boolean {
  return TRACING_MODULE.test(module) || (!module.startsWith("@opentelemetry/api") && TRACING_NAME.test(module));
}

const TRACING_NAME = /(trac(e|er|ing)|telemetry|otel|apm|instrument|observab|monitor)/i;

/** A package loaded for its side effect only (`import "@acme/boot"`, `require("@acme/boot")` as a statement): what a tracer's bootstrap looks like. */
function isSideEffectPackage(module: string): boolean {
  return !/^[./#~]/.test(module) && !module.startsWith("node:") && !module.startsWith("@opentelemetry/api");
}

function record(ctx: ExtractContext, module: string, node: ts.Node, sideEffect = false): void {
  if (!isCandidate(module) && !(sideEffect && isSideEffectPackage(module))) return;
  const list = (ctx.facts.tracing ??= []);
  if (!list.some((entry) => entry.module === module)) list.push({ module, line: ctx.loc(node).line });
}

export const tracing: Extractor = {
  family: "tracing",
  callIdentifiers: true,
  callOthers: true,
  call(node, ctx) {
    const callee = node.expression;
    const isRequire = callee.kind === ts.SyntaxKind.Identifier && (callee as ts.Identifier).escapedText === "require";
    if (!isRequire && callee.kind !== ts.SyntaxKind.ImportKeyword) return;
    const module = node.arguments[0];
    if (!module || !ts.isStringLiteralLike(module)) return;
    // Parents are not set on the tree: the walk's stack holds them, the call itself on top.
    const parent = ctx.stack[ctx.stack.length - 1] === node ? ctx.stack[ctx.stack.length - 2] : ctx.stack[ctx.stack.length - 1];
    record(ctx, module.text, node, isRequire && parent !== undefined && (ts.isExpressionStatement(parent) || ts.isPropertyAccessExpression(parent)));
  },
  fileEnd(ctx) {
    let bound: Set<string> | undefined;
    for (const specifier of ctx.specifiers) {
      if (!isCandidate(specifier)) {
        if (!isSideEffectPackage(specifier)) continue;
        // Imported with no binding (`import "@acme/boot"`): neither an import fact nor a re-export names it.
        bound ??= new Set([...ctx.facts.imports.map((i) => i.specifier), ...ctx.facts.reexports.map((r) => r.specifier)]);
        if (bound.has(specifier) || ctx.sf.text.indexOf(`import "${specifier}"`) + ctx.sf.text.indexOf(`import '${specifier}'`) === -2) continue;
      }
      if (ctx.facts.tracing?.some((entry) => entry.module === specifier)) continue;
      // The import statement's line: the first place the module's name is written.
      const at = ctx.sf.text.indexOf(specifier);
      (ctx.facts.tracing ??= []).push({ module: specifier, line: at < 0 ? 1 : ctx.sf.getLineAndCharacterOfPosition(at).line + 1 });
    }
  },
};
