import { ts } from "../ts.js";
import { localObjectLiteral as objectOf, propertyNamed, withoutAssertions, type ExtractContext } from "./context.js";

/**
 * What bounds a gRPC call's time, as the call site or its client says (unprotected-call): a `deadline` in the
 * call options (`client.getQuote(req, { deadline })`, `client.charge(req, metadata, { deadline }, cb)`), an
 * interceptor on the client that sets one (`new shop.PaymentService(addr, creds, { interceptors: [withDeadline] })`),
 * or, for the Observables NestJS stubs and HttpService return, RxJS's `timeout` operator piped onto the call
 * (`firstValueFrom(this.users.findOne(req).pipe(timeout(3000)))`).
 */

const RXJS = ["rxjs", "rxjs/operators"];
const RXJS_TIMEOUTS = ["timeout", "timeoutWith"];
/** An interceptor imported from elsewhere says what it does by its name only. */
const DEADLINE_NAME = /deadline|timeout/i;

/** An object among the call's arguments (inline, or a constant of the file) with a `deadline`. */
export function deadlineArgument(args: readonly ts.Expression[], ctx: ExtractContext): string | undefined {
  for (const arg of args) {
    const options = objectOf(arg, ctx);
    if (options && propertyNamed(options, "deadline")) return "a deadline option";
  }
  return undefined;
}

/** An object literal argument with a `deadline` key, without looking anything up: for every call the walk records. */
export function hasInlineDeadline(args: readonly ts.Expression[]): boolean {
  for (const arg of args) if (ts.isObjectLiteralExpression(arg) && propertyNamed(arg, "deadline")) return true;
  return false;
}

/**
 * The client options of `new Service(address, credentials, options)`: an `interceptors` (or `interceptor_providers`)
 * entry that sets a deadline, read from its code when the file writes it, else from its name.
 */
export function clientDeadline(options: ts.Expression | undefined, ctx: ExtractContext): string | undefined {
  const object = options && objectOf(options, ctx);
  if (!object) return undefined;
  for (const key of ["interceptors", "interceptor_providers"]) {
    const list = propertyNamed(object, key);
    const array = list && withoutAssertions(list);
    if (!array || !ts.isArrayLiteralExpression(array)) continue;
    for (const element of array.elements) {
      const name = interceptorSettingDeadline(element, ctx);
      if (name) return `a deadline interceptor (${name})`;
    }
  }
  return undefined;
}

function interceptorSettingDeadline(element: ts.Expression, ctx: ExtractContext): string | undefined {
  const inner = withoutAssertions(element);
  // makeDeadlineInterceptor(3000): what it makes is read from the function's name.
  const named = ts.isCallExpression(inner) ? inner.expression : inner;
  if (!ts.isIdentifier(named)) return /\bdeadline\b/.test(ctx.text(inner)) ? "written inline" : undefined;
  const local = ctx.lookupLocal(named.text)?.expr;
  const declared = local ?? ctx.sf.statements.find((s): s is ts.FunctionDeclaration => ts.isFunctionDeclaration(s) && s.name?.text === named.text);
  if (declared) return /\bdeadline\b/.test(ctx.text(declared)) ? named.text : undefined;
  return ctx.imports.has(named.text) && DEADLINE_NAME.test(named.text) ? named.text : undefined;
}

/**
 * `call.pipe(timeout(ms))`, also after other operators or pipes (`.pipe(map(f)).pipe(timeout(ms))`): the Observable
 * the call returns errors once the time is up. `ancestors[end - 1]` is the call's parent, `ancestors[end - 2]` its
 * grandparent, and so on (the walk's stack, or a walk's own list).
 */
export function pipedTimeout(call: ts.Node, ancestors: readonly ts.Node[], end: number, ctx: ExtractContext): string | undefined {
  let inner = call;
  for (let at = end - 1; at >= 1; at -= 2) {
    const access = ancestors[at]!;
    const outer = ancestors[at - 1]!;
    if (!ts.isPropertyAccessExpression(access) || access.expression !== inner || !ts.isCallExpression(outer) || outer.expression !== access) return undefined;
    if (access.name.text === "pipe" && outer.arguments.some((arg) => isRxjsTimeout(arg, ctx))) return "an RxJS timeout";
    inner = outer;
  }
  return undefined;
}

function isRxjsTimeout(arg: ts.Expression, ctx: ExtractContext): boolean {
  if (!ts.isCallExpression(arg)) return false;
  const callee = arg.expression;
  if (ts.isIdentifier(callee)) return RXJS_TIMEOUTS.includes(callee.text) && ctx.isImportFrom(callee, RXJS);
  return ts.isPropertyAccessExpression(callee) && RXJS_TIMEOUTS.includes(callee.name.text) && ctx.isImportFrom(callee.expression, RXJS);
}

