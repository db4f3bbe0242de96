import { ts } from "../ts.js";
import type { Value, ValuePart } from "../types.js";
import { CONFIG_SPECIFIER, ExtractContext, isFunctionLike, normalize } from "./context.js";

/**
 * Routes a loop registers over a literal list: `for (const r of ["a", "b"]) app.get(`/v1/${r}`, h)` or
 * `["a", "b"].forEach((r) => router.get(`/v1/${r}`, h))` serve one path per element, as a reader counts
 * them, not one path with a hole; so do loops over the keys of a literal table
 * (`Object.entries(routes).forEach(([path, target]) => app.use(path, proxy({ target })))`, a gateway's table).
 * Looked up only for a path that has a hole, by walking up from the call.
 */

/** More variants than this and the path stays one route with its hole (a generated table is not a loop a reader unrolls). */
const MAX_VARIANTS = 32;

/**
 * The paths a route's path expression stands for when its holes are variables of loops over literal lists;
 * undefined when it has no such hole (the caller keeps its one path).
 */
export function loopPaths(expr: ts.Expression, ctx: ExtractContext, holeText: (value: Value) => string): string[] | undefined {
  const target = unwrap(expr);
  // The path is the loop's variable itself: its elements may be paths with holes of their own (`${PREFIX}/orders`).
  if (ts.isIdentifier(target)) return loopValues(target.text, ctx, holeText);
  if (!ts.isTemplateExpression(target)) return undefined;
  let variants = [target.head.text];
  let expanded = false;
  for (const span of target.templateSpans) {
    const inner = unwrap(span.expression);
    const values = ts.isIdentifier(inner) ? loopValues(inner.text, ctx) : undefined;
    if (values) expanded = true;
    const options = values ?? [holeText(ctx.value(span.expression))];
    variants = variants.flatMap((variant) => options.map((option) => `${variant}${option}${span.literal.text}`));
    if (variants.length > MAX_VARIANTS) return undefined;
  }
  return expanded ? variants : undefined;
}

/** A hole that is a name as written (`host`), which may be a loop's variable. */
const NAME = /^[A-Za-z_$][\w$]*$/;

/**
 * A call's URL whose holes are variables of loops over literal lists (`["users:3000", "orders:3000"].forEach((host) =>
 * axios.post(\`http://${host}/events\`, event))`, an event bus fanning out): one URL per element, as a reader counts
 * the calls; undefined when no hole is such a variable (the caller keeps its one URL).
 */
export function loopUrls(url: Value, ctx: ExtractContext): { urls: Value[]; concurrent: boolean } | undefined {
  if (!url.parts.some((part) => part.kind === "unknown" && NAME.test(part.hint))) return undefined;
  let variants: ValuePart[][] = [[]];
  let expanded = false;
  // Each element's call in its own run of a callback (`forEach`, `map`) does not wait for the others' answers.
  const loop: LoopKind = {};
  for (const part of url.parts) {
    const values = part.kind === "unknown" && NAME.test(part.hint) ? loopValues(part.hint, ctx, undefined, loop) : undefined;
    if (values) expanded = true;
    const options: ValuePart[][] = values ? values.map((text) => [{ kind: "text", text }]) : [[part]];
    variants = variants.flatMap((variant) => options.map((option) => [...variant, ...option]));
    if (variants.length > MAX_VARIANTS) return undefined;
  }
  return expanded ? { urls: variants.map(normalize), concurrent: loop.callback === true } : undefined;
}

/** Set by loopValues: whether the variable is a callback's parameter (each element a run of its own), not a for-of's. */
interface LoopKind {
  callback?: boolean;
}

/**
 * The strings `name` takes when it is the variable of an enclosing `for (const name of [...])` or the first
 * parameter of a callback given to `[...].forEach` / `.map`, the list written as literals (here or in a
 * const of the file); undefined otherwise, or when a function in between declares its own `name`.
 */
function loopValues(name: string, ctx: ExtractContext, holeText?: (value: Value) => string, kind?: LoopKind): string[] | undefined {
  const stack = ctx.stack;
  for (let i = stack.length - 1; i >= 0; i--) {
    const node = stack[i]!;
    if (ts.isForOfStatement(node)) {
      const init = node.initializer;
      if (ts.isVariableDeclarationList(init) && init.declarations.length === 1) {
        const declared = init.declarations[0]!.name;
        if (ts.isIdentifier(declared) && declared.text === name) return literalStrings(node.expression, ctx, holeText);
        if (isEntryKey(declared, name)) return objectKeys(node.expression, "entries", ctx);
      }
    } else if (isFunctionLike(node)) {
      const index = node.parameters.findIndex((p) => (ts.isIdentifier(p.name) && p.name.text === name) || isEntryKey(p.name, name));
      if (index < 0) continue;
      const call = stack[i - 1];
      if (index !== 0 || !call || !ts.isCallExpression(call) || call.arguments[0] !== node || !ts.isPropertyAccessExpression(call.expression)) return undefined;
      const method = call.expression.name.text;
      if (method !== "forEach" && method !== "map") return undefined;
      const parameter = node.parameters[0]!.name;
      if (kind) kind.callback = true;
      return ts.isIdentifier(parameter) ? (literalStrings(call.expression.expression, ctx, holeText) ?? objectKeys(call.expression.expression, "keys", ctx)) : objectKeys(call.expression.expression, "entries", ctx);
    }
  }
  return undefined;
}

/**
 * The objects `name` takes when it is the variable of an enclosing `for (const name of [...])` or the first parameter of
 * a callback given to `[...].forEach` / `.map`, the list (here or in a const of the file) written as object literals:
 * `SERVICES.forEach((service) => app.register(proxy, service))` registers one proxy per entry of the table. Undefined
 * otherwise, or when a function in between declares its own `name`.
 */
export function loopObjects(name: string, ctx: ExtractContext): ts.ObjectLiteralExpression[] | undefined {
  const stack = ctx.stack;
  let list: ts.Expression | undefined;
  for (let i = stack.length - 1; i >= 0 && !list; i--) {
    const node = stack[i]!;
    if (ts.isForOfStatement(node)) {
      const init = node.initializer;
      const declared = ts.isVariableDeclarationList(init) && init.declarations.length === 1 ? init.declarations[0]!.name : undefined;
      if (declared && ts.isIdentifier(declared) && declared.text === name) list = node.expression;
    } else if (isFunctionLike(node)) {
      const index = node.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name);
      if (index < 0) continue;
      const call = stack[i - 1];
      if (index !== 0 || !call || !ts.isCallExpression(call) || call.arguments[0] !== node || !ts.isPropertyAccessExpression(call.expression)) return undefined;
      if (call.expression.name.text !== "forEach" && call.expression.name.text !== "map") return undefined;
      list = call.expression.expression;
    }
  }
  const written = list && writtenOrConst(list, ctx);
  if (!written || !ts.isArrayLiteralExpression(written) || written.elements.length === 0 || written.elements.length > MAX_VARIANTS) return undefined;
  const objects = written.elements.map((element) => unwrap(element));
  return objects.every((element) => ts.isObjectLiteralExpression(element)) ? (objects as ts.ObjectLiteralExpression[]) : undefined;
}

/**
 * `["a", "b"]` (also `as const`), or a const of the file holding one: its strings, when every element is one. With
 * `holeText`, elements may be templates too (`[\`${PREFIX}/${name}\`, \`${PREFIX}/${name}/*\`]`), each as a path with its holes.
 */
function literalStrings(expr: ts.Expression, ctx: ExtractContext, holeText?: (value: Value) => string): string[] | undefined {
  const list = writtenOrConst(expr, ctx);
  if (!list || !ts.isArrayLiteralExpression(list) || list.elements.length === 0 || list.elements.length > MAX_VARIANTS) return undefined;
  const texts: string[] = [];
  for (const element of list.elements) {
    if (ts.isStringLiteral(element) || ts.isNoSubstitutionTemplateLiteral(element)) texts.push(element.text);
    // A hole of the element may be an outer loop's variable (`for (const s of SERVICES) for (const p of [\`/v1/${s}\`])`).
    else if (holeText && ts.isTemplateExpression(element)) texts.push(...(loopPaths(element, ctx, holeText) ?? [holeText(ctx.value(element))]));
    else return undefined;
  }
  return texts;
}

/** `[name, target]`: the key of an `Object.entries` pair, bound as the first element of the pattern. */
function isEntryKey(binding: ts.Node, name: string): boolean {
  if (!ts.isArrayBindingPattern(binding)) return false;
  const first = binding.elements[0];
  return !!first && ts.isBindingElement(first) && !first.dotDotDotToken && ts.isIdentifier(first.name) && first.name.text === name;
}

/**
 * The keys of a table written as an object literal (here or in a const of the file), when looped over by
 * `Object.entries(table)` or `Object.keys(table)` as `how` says (`{ "/auth": AUTH_URL, "/orders": ORDERS_URL }`): a
 * gateway's route table. Undefined for a key the text cannot name (computed, spread) or a table of another shape.
 */
function objectKeys(expr: ts.Expression, how: "entries" | "keys", ctx: ExtractContext): string[] | undefined {
  const call = unwrap(expr);
  if (!ts.isCallExpression(call) || call.arguments.length !== 1 || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  const { expression: object, name: method } = call.expression;
  if (!ts.isIdentifier(object) || object.text !== "Object" || method.text !== how) return undefined;
  const table = writtenOrConst(call.arguments[0]!, ctx);
  if (!table || !ts.isObjectLiteralExpression(table) || table.properties.length === 0 || table.properties.length > MAX_VARIANTS) return undefined;
  const keys: string[] = [];
  for (const property of table.properties) {
    if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) return undefined;
    const key = property.name;
    if (ts.isIdentifier(key) || ts.isStringLiteral(key) || ts.isNoSubstitutionTemplateLiteral(key)) keys.push(key.text);
    else return undefined;
  }
  return keys;
}

/** The expression as written, or, for a name, what a top-level `const` of the file holds (or a local the walk has bound). */
function writtenOrConst(expr: ts.Expression, ctx: ExtractContext): ts.Expression | undefined {
  const written = unwrap(expr);
  if (!ts.isIdentifier(written)) return written;
  const initializer = constInitializer(written.text, ctx.sf) ?? ctx.lookupLocal(written.text)?.expr;
  return initializer && unwrap(initializer);
}

/** The initializer of a top-level `const name = ...` of the file. */
function constInitializer(name: string, sf: ts.SourceFile): ts.Expression | undefined {
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration.initializer;
    }
  }
  return undefined;
}

function unwrap(expr: ts.Expression): ts.Expression {
  let target = expr;
  while (ts.isParenthesizedExpression(target) || ts.isAsExpression(target) || ts.isSatisfiesExpression(target) || ts.isTypeAssertionExpression(target)) target = target.expression;
  return target;
}

/** What a loop's variables hold in one run: a key's text, a table value's expression, or a list element written out. */
export type LoopRow = Map<string, { text: string; at: ts.Node } | { expr: ts.Expression; at: ts.Node } | { object: ts.ObjectLiteralExpression; at: ts.Node }>;

/**
 * The runs of the nearest loop around the walk that goes over a table written in the code, what its variables hold in
 * each: `for (const [prefix, upstream] of Object.entries(UPSTREAMS))` (also `Object.entries(T).forEach(([k, v]) => …)`)
 * binds the key's text and the value's expression, `for (const service of SERVICES)` (also `.forEach((service) => …)`)
 * each object of a list of object literals. Undefined when no such loop binds one of `names`.
 */
export function loopRows(names: ReadonlySet<string>, ctx: ExtractContext): { rows: LoopRow[]; over: "entries" | "list" } | undefined {
  const loop = nearestLoop(names, ctx);
  if (!loop) return undefined;
  const { binding, list } = loop;
  if (ts.isArrayBindingPattern(binding)) {
    const [key, value] = binding.elements.map((e) => (ts.isBindingElement(e) && !e.dotDotDotToken && ts.isIdentifier(e.name) ? e.name.text : undefined));
    const table = entriesTable(list, ctx);
    if (!table) return undefined;
    const rows: LoopRow[] = [];
    for (const property of table.properties) {
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) return undefined;
      const name = property.name;
      if (!ts.isIdentifier(name) && !ts.isStringLiteral(name) && !ts.isNoSubstitutionTemplateLiteral(name)) return undefined;
      const row: LoopRow = new Map();
      if (key) row.set(key, { text: name.text, at: property });
      if (value) row.set(value, { expr: ts.isPropertyAssignment(property) ? property.initializer : property.name, at: property });
      rows.push(row);
    }
    return { rows, over: "entries" };
  }
  const written = writtenOrConst(list, ctx);
  if (!written || !ts.isArrayLiteralExpression(written) || written.elements.length === 0 || written.elements.length > MAX_VARIANTS) return undefined;
  const rows: LoopRow[] = [];
  for (const element of written.elements) {
    const object = unwrap(element);
    if (!ts.isObjectLiteralExpression(object)) return undefined;
    if (ts.isIdentifier(binding)) rows.push(new Map([[binding.text, { object, at: object }]]));
    else {
      // `for (const { path, target } of routes)`: each name the element's field of that name (or of the key it renames).
      const row: LoopRow = new Map();
      for (const element of binding.elements) {
        if (!ts.isBindingElement(element) || element.dotDotDotToken || !ts.isIdentifier(element.name)) return undefined;
        const key = element.propertyName ? (ts.isIdentifier(element.propertyName) || ts.isStringLiteral(element.propertyName) ? element.propertyName.text : undefined) : element.name.text;
        const field = key === undefined ? undefined : objectProperty(object, key);
        if (field) row.set(element.name.text, { expr: field, at: object });
      }
      rows.push(row);
    }
  }
  return { rows, over: "list" };
}

function boundNames(binding: ts.BindingName): string[] {
  if (ts.isIdentifier(binding)) return [binding.text];
  return binding.elements.flatMap((e) => (ts.isBindingElement(e) ? boundNames(e.name) : []));
}

/** `Object.entries(T)` with T an object literal written here or in a const of the file (at most MAX_VARIANTS keys). */
function entriesTable(expr: ts.Expression, ctx: ExtractContext): ts.ObjectLiteralExpression | undefined {
  const call = unwrap(expr);
  if (!ts.isCallExpression(call) || call.arguments.length !== 1 || !ts.isPropertyAccessExpression(call.expression)) return undefined;
  const { expression: object, name: method } = call.expression;
  if (!ts.isIdentifier(object) || object.text !== "Object" || method.text !== "entries") return undefined;
  const table = writtenOrConst(call.arguments[0]!, ctx);
  return table && ts.isObjectLiteralExpression(table) && table.properties.length > 0 && table.properties.length <= MAX_VARIANTS ? table : undefined;
}

/**
 * The value of `expr` in one run of a loop: a variable of the row is what the row binds (`prefix` the key's text,
 * `upstream` the table value's expression, `service.target` the element's property), inside a template too
 * (`\`/api${service.prefix}\``); anything else is read as the walk reads it.
 */
export function valueInRow(expr: ts.Expression, row: LoopRow, ctx: ExtractContext): Value {
  const target = unwrap(expr);
  if (ts.isIdentifier(target)) {
    const bound = row.get(target.text);
    if (bound && "text" in bound) return { parts: [{ kind: "text", text: bound.text }] };
    if (bound && "expr" in bound) return ctx.value(bound.expr);
    if (bound) return { parts: [{ kind: "unknown", hint: target.text }] };
  }
  if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression)) {
    const bound = row.get(target.expression.text);
    if (bound && "object" in bound) {
      const member = objectProperty(bound.object, target.name.text);
      return member ? ctx.value(member) : { parts: [{ kind: "unknown", hint: ctx.text(target) }] };
    }
  }
  if (ts.isTemplateExpression(target)) {
    const parts: ValuePart[] = target.head.text ? [{ kind: "text", text: target.head.text }] : [];
    for (const span of target.templateSpans) {
      parts.push(...valueInRow(span.expression, row, ctx).parts);
      if (span.literal.text) parts.push({ kind: "text", text: span.literal.text });
    }
    return normalize(parts);
  }
  return ctx.value(expr);
}

/** Whether `expr` reads a variable the row binds (so that its value differs from run to run). */
export function readsRow(expr: ts.Expression, row: LoopRow): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && row.has(node.text)) found = true;
    else if (ts.isPropertyAccessExpression(node)) visit(node.expression);
    else ts.forEachChild(node, visit);
  };
  visit(expr);
  return found;
}

function objectProperty(object: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const property of object.properties) {
    if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === key) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === key) return property.name;
  }
  return undefined;
}

/** The segment that stands for a row's index in the import names of a loop over an imported list (model/imported-rows.ts). */
export const ROW_SEGMENT = "@row";

/**
 * What the variables of the nearest loop binding one of `names` stand for when the loop goes over a list another module
 * holds (`Gateways.forEach(({ route, target }) => …)` of `const { Gateways } = require("./config/Gateways")`,
 * `for (const r of config.routes)` of `import config from "./routes.json"`): each name the imported list's element
 * (`Gateways.@row`), or the field of it the pattern takes (`Gateways.@row.route`). The model makes one copy of what is
 * read with them per element the module holds (model/imported-rows.ts). Undefined when the nearest such loop goes over
 * anything else (a list of the file is read by loopRows), or its variables are a pair of `Object.entries`.
 */
export function importedLoopRow(names: ReadonlySet<string>, ctx: ExtractContext): Map<string, Value> | undefined {
  const loop = nearestLoop(names, ctx);
  if (!loop) return undefined;
  const { binding, list } = loop;
  if (ts.isArrayBindingPattern(binding)) return undefined;
  const value = ctx.value(unwrap(list));
  const only = value.parts.length === 1 ? value.parts[0] : undefined;
  if (only?.kind !== "import" || only.specifier === CONFIG_SPECIFIER || only.args || only.fallback || only.keyFrom || only.name.endsWith("()")) return undefined;
  const element = { ...only, name: `${only.name}.${ROW_SEGMENT}` };
  if (ts.isIdentifier(binding)) return new Map([[binding.text, { parts: [element] }]]);
  const row = new Map<string, Value>();
  for (const bound of binding.elements) {
    if (!ts.isBindingElement(bound) || bound.dotDotDotToken || !ts.isIdentifier(bound.name)) return undefined;
    const key = bound.propertyName ? (ts.isIdentifier(bound.propertyName) || ts.isStringLiteral(bound.propertyName) ? bound.propertyName.text : undefined) : bound.name.text;
    if (key === undefined) return undefined;
    row.set(bound.name.text, { parts: [{ ...element, name: `${element.name}.${key}` }] });
  }
  return row;
}

/**
 * The nearest loop around the walk whose variables bind one of `names`: `for (const x of list)` or `list.forEach((x) =>
 * …)` (also `map`), with its binding and the list it goes over. Undefined when there is none, or when a function of its
 * own declares one of the names first (it hides any loop further out).
 */
function nearestLoop(names: ReadonlySet<string>, ctx: ExtractContext): { binding: ts.BindingName; list: ts.Expression } | undefined {
  const stack = ctx.stack;
  for (let i = stack.length - 1; i >= 0; i--) {
    const node = stack[i]!;
    let binding: ts.BindingName | undefined;
    let list: ts.Expression | undefined;
    if (ts.isForOfStatement(node) && ts.isVariableDeclarationList(node.initializer) && node.initializer.declarations.length === 1) {
      binding = node.initializer.declarations[0]!.name;
      list = node.expression;
    } else if (isFunctionLike(node)) {
      const call = stack[i - 1];
      const first = node.parameters[0];
      if (!first || !call || !ts.isCallExpression(call) || call.arguments[0] !== node || !ts.isPropertyAccessExpression(call.expression) || !/^(forEach|map)$/.test(call.expression.name.text)) {
        if (node.parameters.some((p) => boundNames(p.name).some((name) => names.has(name)))) return undefined;
        continue;
      }
      binding = first.name;
      list = call.expression.expression;
    }
    if (binding && list && boundNames(binding).some((name) => names.has(name))) return { binding, list };
  }
  return undefined;
}
