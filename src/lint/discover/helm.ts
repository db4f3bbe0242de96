import { posix } from "node:path";
import { parse as parseYaml, stringify as toYaml } from "yaml";

/**
 * Helm charts: a chart's templates are Kubernetes manifests written in Go's template language, filled from
 * `values.yaml`. Without them a chart-deployed service's Deployment, image and environment (its DATABASE_URL, the
 * addresses of the services it calls, NODE_OPTIONS) are invisible. This renders the common subset the way
 * `helm template` would with the chart's default values: `.Values`, `.Chart` and `.Release` fields, `$` variables
 * bound by `range` and `with`, `if`/`else` on what the values say, `range` over a list or map of the values,
 * `include`/`template` of the chart's `define`s, and the usual functions (`default`, `quote`, `toYaml`, `nindent`,
 * `printf "%s"`, …). What it cannot evaluate is rendered as UNRESOLVED, which the Kubernetes reader drops rather
 * than guess (an env value half-rendered could name the wrong database), and counts for a diagnostic.
 */

export interface HelmChart {
  /** The chart's folder, relative to the scan root. */
  dir: string;
  name: string;
  version?: string;
  appVersion?: string;
  /** The release name `helm install` would be given: the top chart's name (a subchart shares its parent's release). */
  release: string;
  values: Record<string, unknown>;
  /** `{{ define "name" }}` bodies of the chart's templates and helpers (`_helpers.tpl`). */
  defines: Map<string, string>;
}

export interface RenderedTemplate {
  text: string;
  /** The template's line (1-based) that each rendered line comes from. */
  lines: number[];
  /** Expressions or blocks that could not be evaluated (their values are UNRESOLVED in the text). */
  unresolved: string[];
}

/** Stands for a value the renderer could not work out; never a plausible host, name or value. */
export const UNRESOLVED = "ARCH-LINT-UNRESOLVED-HELM-VALUE";

type Scope = { dot: unknown; vars: Map<string, unknown> };

const MAX_INCLUDE_DEPTH = 8;
const MAX_RANGE_ITEMS = 200;
/** Actions evaluated per template: nested ranges over long lists multiply, and a chart is not worth minutes. */
const MAX_ACTIONS = 50_000;
const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;

const asRecord = (value: unknown): Record<string, unknown> => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** The charts of the scan: each folder with a Chart.yaml, its values (a subchart's overridden by its parent's) and defines. */
export function readHelmCharts(chartFiles: readonly string[], read: (rel: string) => string | undefined, templateFiles: readonly string[]): HelmChart[] {
  const charts: HelmChart[] = [];
  for (const chartFile of [...chartFiles].sort((a, b) => a.length - b.length)) {
    const dir = posix.dirname(chartFile);
    const meta = asRecord(safeParse(read(chartFile)));
    const name = typeof meta.name === "string" ? meta.name : posix.basename(dir);
    let values = asRecord(safeParse(read(dir === "." ? "values.yaml" : `${dir}/values.yaml`)));
    // A subchart (`<parent>/charts/<name>/`) takes its parent's `<name>:` values and `global:` over its own.
    const parent = charts.find((chart) => dir.startsWith(`${chart.dir === "." ? "" : `${chart.dir}/`}charts/`));
    if (parent) values = mergeValues(values, { ...asRecord(parent.values[name]), ...(parent.values.global ? { global: parent.values.global } : {}) });
    // Helm shares one set of `define`s between a chart and its subcharts (a subchart includes its parent's helpers).
    const text = (value: unknown): string | undefined => (typeof value === "string" || typeof value === "number" ? String(value) : undefined);
    const version = text(meta.version);
    const appVersion = text(meta.appVersion);
    charts.push({ dir, name, ...(version ? { version } : {}), ...(appVersion ? { appVersion } : {}), release: parent?.release ?? name, values, defines: parent?.defines ?? new Map() });
  }
  for (const file of templateFiles) {
    const chart = chartOf(file, charts);
    if (chart) collectDefines(read(file) ?? "", chart.defines);
  }
  return charts;
}

/** The chart whose `templates/` folder holds `file` (the innermost one), if any. */
export function chartOf(file: string, charts: readonly HelmChart[]): HelmChart | undefined {
  let found: HelmChart | undefined;
  for (const chart of charts) {
    const prefix = chart.dir === "." ? "templates/" : `${chart.dir}/templates/`;
    if (file.startsWith(prefix) && (!found || chart.dir.length > found.dir.length)) found = chart;
  }
  return found;
}

function safeParse(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return parseYaml(text, { uniqueKeys: false, logLevel: "error", maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

function mergeValues(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = current && typeof current === "object" && !Array.isArray(current) && value && typeof value === "object" && !Array.isArray(value) ? mergeValues(current as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return out;
}

function collectDefines(text: string, defines: Map<string, string>): void {
  const open = /\{\{-?\s*define\s+"([^"]+)"\s*-?\}\}/g;
  for (const match of text.matchAll(open)) {
    const start = match.index! + match[0].length;
    const end = matchingEnd(text, start);
    if (end === undefined) continue;
    defines.set(match[1]!, text.slice(start, end.start));
  }
}

const OPENERS = /^(if|range|with|define|block)\b/;

/** The `{{ end }}` that closes the block whose body starts at `from`. */
function matchingEnd(text: string, from: number): { start: number; end: number } | undefined {
  let depth = 0;
  for (const match of text.slice(from).matchAll(ACTION)) {
    const body = match[1]!;
    if (OPENERS.test(body)) depth++;
    else if (/^end\b/.test(body)) {
      if (depth === 0) return { start: from + match.index!, end: from + match.index! + match[0].length };
      depth--;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

interface Context {
  chart: HelmChart;
  root: Record<string, unknown>;
  unresolved: string[];
  depth: number;
  actions: number;
}

/** One template of `chart` rendered with its default values. */
export function renderHelmTemplate(text: string, chart: HelmChart): RenderedTemplate {
  const root = {
    Values: chart.values,
    Chart: { Name: chart.name, Version: chart.version ?? "", AppVersion: chart.appVersion ?? "" },
    Release: { Name: chart.release, Namespace: "default", Service: "Helm" },
    Template: { BasePath: `${chart.name}/templates` },
    Capabilities: {},
  };
  const context: Context = { chart, root, unresolved: [], depth: 0, actions: 0 };
  const pieces: Piece[] = [];
  renderBlock(withoutDefinesAndComments(text), 0, text.length, { dot: root, vars: new Map([["$", root]]) }, context, pieces);
  return { ...toLines(pieces), unresolved: [...new Set(context.unresolved)] };
}

/**
 * Rendered text and the template line it starts on: a literal piece's later lines follow the template's, a value's
 * lines (an included block, a toYaml) all come from the action's line.
 */
type Piece = { text: string; line: number; literal: boolean };

function withoutDefinesAndComments(text: string): string {
  // Blanked with spaces and newlines kept, so every offset and line of the rest stays where it was.
  let out = text.replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, blank);
  for (const match of out.matchAll(/\{\{-?\s*define\s+"[^"]+"\s*-?\}\}/g)) {
    const end = matchingEnd(out, match.index! + match[0].length);
    if (end) out = out.slice(0, match.index!) + blank(out.slice(match.index!, end.end)) + out.slice(end.end);
  }
  return out;
}

const blank = (part: string): string => part.replace(/[^\n]/g, " ");

const lineAt = (text: string, offset: number): number => {
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
  return line;
};

/** Renders text[from, to) into pieces, with Go's whitespace trimming (`{{-` and `-}}` eat the spaces and newlines beside them). */
function renderBlock(text: string, from: number, to: number, scope: Scope, context: Context, pieces: Piece[]): void {
  let cursor = from;
  const action = new RegExp(ACTION.source, "g");
  action.lastIndex = from;
  for (let match = action.exec(text); match && match.index < to; match = action.exec(text)) {
    if (++context.actions > MAX_ACTIONS) {
      if (context.actions === MAX_ACTIONS + 1) context.unresolved.push(`the rest of the template (over ${MAX_ACTIONS} template actions)`);
      pieces.push({ text: UNRESOLVED, line: lineAt(text, cursor), literal: false });
      return;
    }
    const raw = match[0];
    const body = match[1]!;
    const before = text.slice(cursor, match.index);
    pieces.push({ text: raw.startsWith("{{-") ? before.replace(/\s+$/, "") : before, line: lineAt(text, cursor), literal: true });
    let after = match.index + raw.length;
    const keyword = /^(if|range|with|else|end)\b/.exec(body)?.[1];
    if (keyword === "if" || keyword === "range" || keyword === "with") {
      const end = matchingEnd(text, after);
      if (!end || end.end > to) {
        context.unresolved.push(`an unclosed {{ ${keyword} }}`);
        return;
      }
      renderControl(keyword, body, text, after, end.start, scope, context, pieces);
      after = end.end;
      if (text.slice(end.start, end.end).endsWith("-}}")) after += /^\s*/.exec(text.slice(after, to))![0].length;
    } else if (keyword !== "else" && keyword !== "end") {
      const value = evaluatePipeline(body, scope, context);
      pieces.push({ text: value === undefined ? UNRESOLVED : printValue(value), line: lineAt(text, match.index), literal: false });
    }
    cursor = after;
    if (raw.endsWith("-}}")) cursor += /^\s*/.exec(text.slice(cursor, to))![0].length;
    action.lastIndex = cursor;
  }
  pieces.push({ text: text.slice(cursor, to), line: lineAt(text, cursor), literal: true });
}

/** `if`/`with` take the first branch whose condition holds (the first one when a condition cannot be evaluated); `range` repeats its body. */
function renderControl(keyword: string, opener: string, text: string, bodyStart: number, bodyEnd: number, scope: Scope, context: Context, pieces: Piece[]): void {
  const branches = splitElse(text, bodyStart, bodyEnd);
  const head = opener.slice(keyword.length).trim();
  if (keyword === "range") {
    const binding = /^(\$\w+)\s*(?:,\s*(\$\w+))?\s*:=\s*([\s\S]+)$/.exec(head);
    const over = evaluatePipeline(binding ? binding[3]! : head, scope, context);
    const entries = Array.isArray(over) ? over.map((item, index) => [index, item] as const) : over && typeof over === "object" ? Object.entries(over).sort(([a], [b]) => a.localeCompare(b)) : undefined;
    if (!entries || entries.length === 0) {
      // Nothing to repeat: a range's `else` runs (an unresolved range has been counted already).
      if (over !== undefined && branches[1]) renderBlock(text, branches[1].start, branches[1].end, scope, context, pieces);
      return;
    }
    for (const [key, item] of entries.slice(0, MAX_RANGE_ITEMS)) {
      const vars = new Map(scope.vars);
      if (binding?.[2]) {
        vars.set(binding[1]!, key);
        vars.set(binding[2], item);
      } else if (binding) vars.set(binding[1]!, item);
      renderBlock(text, branches[0]!.start, branches[0]!.end, { dot: item, vars }, context, pieces);
    }
    return;
  }
  for (const [index, branch] of branches.entries()) {
    const condition = index === 0 ? head : branch.condition;
    if (condition === undefined) {
      renderBlock(text, branch.start, branch.end, scope, context, pieces);
      return;
    }
    const value = evaluatePipeline(condition, scope, context);
    // A condition that cannot be evaluated: the first branch, as most charts' defaults turn features on.
    if (value === undefined || truthy(value === MISSING ? "" : value)) {
      const inner = keyword === "with" && index === 0 && value !== undefined ? { dot: value, vars: scope.vars } : scope;
      renderBlock(text, branch.start, branch.end, inner, context, pieces);
      return;
    }
  }
}

/** The branches of an if/with/range body: the first, then each `else` / `else if <condition>` at this depth. */
function splitElse(text: string, start: number, end: number): { start: number; end: number; condition?: string }[] {
  const branches: { start: number; end: number; condition?: string }[] = [];
  let depth = 0;
  let branchStart = start;
  let condition: string | undefined;
  const body = text.slice(start, end);
  for (const match of body.matchAll(ACTION)) {
    const inner = match[1]!;
    if (OPENERS.test(inner)) depth++;
    else if (/^end\b/.test(inner)) depth--;
    else if (depth === 0 && /^else\b/.test(inner)) {
      branches.push({ start: branchStart, end: start + match.index!, ...(condition !== undefined ? { condition } : {}) });
      branchStart = start + match.index! + match[0].length;
      const rest = inner.slice(4).trim();
      condition = rest.startsWith("if ") ? rest.slice(3).trim() : rest.startsWith("with ") ? rest.slice(5).trim() : undefined;
    }
  }
  branches.push({ start: branchStart, end, ...(condition !== undefined ? { condition } : {}) });
  return branches;
}

function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === "object") return Object.keys(value).length > 0;
  return Boolean(value);
}

// ---------------------------------------------------------------------------
// Expressions: pipelines of commands
// ---------------------------------------------------------------------------

/** A group is a parenthesised pipeline, `path` the fields read from its value (`(.Values.x).y`). */
type Token = { kind: "string" | "number" | "word" | "group"; text: string; path?: string };

function tokens(expression: string): Token[] | undefined {
  const out: Token[] = [];
  const pattern = /\s*(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`|(-?\d+(?:\.\d+)?)(?![\w.])|(\()|([^\s()"`]+))/y;
  let index = 0;
  while (index < expression.length) {
    if (/^\s*$/.test(expression.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(expression);
    if (!match) return undefined;
    if (match[4]) {
      // A parenthesised pipeline: kept whole, evaluated as one argument.
      let depth = 0;
      let i = match.index + match[0].indexOf("(");
      const open = i;
      for (; i < expression.length; i++) {
        if (expression[i] === "(") depth++;
        else if (expression[i] === ")" && --depth === 0) break;
      }
      if (depth !== 0) return undefined;
      const path = /^(?:\.\w+)+/.exec(expression.slice(i + 1))?.[0];
      out.push({ kind: "group", text: expression.slice(open + 1, i), ...(path ? { path } : {}) });
      index = i + 1 + (path?.length ?? 0);
      continue;
    }
    if (match[1] !== undefined) out.push({ kind: "string", text: unquote(match[1]) });
    else if (match[2] !== undefined) out.push({ kind: "string", text: match[2] });
    else if (match[3] !== undefined) out.push({ kind: "number", text: match[3] });
    else out.push({ kind: "word", text: match[5]! });
    index = pattern.lastIndex;
  }
  return out;
}

/** A Go string literal's text; an escape JSON does not know (`\q`) is kept as written. */
function unquote(body: string): string {
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return body;
  }
}

/** `a | b x | c`: each command's result is the last argument of the next. Undefined when any part cannot be evaluated. */
function evaluatePipeline(expression: string, scope: Scope, context: Context): unknown {
  const assignment = /^(\$\w+)\s*:?=\s*([\s\S]+)$/.exec(expression);
  if (assignment) {
    const value = evaluatePipeline(assignment[2]!, scope, context);
    if (value !== undefined) scope.vars.set(assignment[1]!, value);
    return "";
  }
  let value: unknown;
  let first = true;
  for (const command of splitPipes(expression)) {
    const parts = tokens(command);
    if (!parts || parts.length === 0) return unresolved(expression, context);
    value = evaluateCommand(parts, first ? [] : [value], scope, context);
    if (value === undefined) return unresolved(expression, context);
    first = false;
  }
  return value;
}

function unresolved(expression: string, context: Context): undefined {
  context.unresolved.push(`{{ ${expression} }}`);
  return undefined;
}

function splitPipes(expression: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "`") quote = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      parts.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(expression.slice(start).trim());
  return parts;
}

const MISSING = Symbol("missing");

function argument(token: Token, scope: Scope, context: Context): unknown {
  if (token.kind === "string") return token.text;
  if (token.kind === "number") return Number(token.text);
  if (token.kind === "group") {
    const value = evaluatePipeline(token.text, scope, context);
    return token.path && value !== undefined ? fieldOrVariable(token.path, { dot: value, vars: scope.vars }) : value;
  }
  return fieldOrVariable(token.text, scope);
}

/** `.Values.a.b`, `.`, `$`, `$x.y`, `true`/`false`/`nil`; MISSING for a field the values lack (Helm renders it empty). */
function fieldOrVariable(word: string, scope: Scope): unknown {
  if (word === "true") return true;
  if (word === "false") return false;
  if (word === "nil") return null;
  let base: unknown;
  let path: string;
  if (word.startsWith("$")) {
    const name = /^\$\w*/.exec(word)![0];
    if (!scope.vars.has(name)) return undefined;
    base = scope.vars.get(name);
    path = word.slice(name.length);
  } else if (word.startsWith(".")) {
    base = scope.dot;
    path = word;
  } else return undefined;
  for (const key of path.split(".").filter(Boolean)) {
    if (base === null || base === undefined || base === MISSING || typeof base !== "object") return MISSING;
    base = (base as Record<string, unknown>)[key];
    if (base === undefined) base = MISSING;
  }
  return base;
}

const present = (value: unknown): boolean => value !== MISSING && value !== null && value !== undefined && value !== "" && !(Array.isArray(value) && value.length === 0);

function evaluateCommand(parts: Token[], piped: unknown[], scope: Scope, context: Context): unknown {
  const head = parts[0]!;
  if (head.kind !== "word" || head.text.startsWith(".") || head.text.startsWith("$") || ["true", "false", "nil"].includes(head.text)) {
    if (parts.length === 1 && piped.length === 0) return argument(head, scope, context);
    return undefined;
  }
  const args = [...parts.slice(1).map((token) => argument(token, scope, context)), ...piped];
  if (args.some((arg) => arg === undefined)) return undefined;
  // A field the chart's values lack renders empty in Helm; here it stays unknown (an empty DATABASE_URL is not a fact).
  const text = (value: unknown): string => (value === null ? "" : printValue(value));
  switch (head.text) {
    case "default":
      return present(args[1]) ? args[1] : args[0];
    case "quote":
      return args.map((arg) => JSON.stringify(text(arg))).join(" ");
    case "squote":
      return args.map((arg) => `'${text(arg)}'`).join(" ");
    case "toString":
    case "trim":
      return text(args[0]).trim();
    case "lower":
      return text(args[0]).toLowerCase();
    case "upper":
      return text(args[0]).toUpperCase();
    case "trunc":
      return text(args[1]).slice(0, Number(args[0]));
    case "trimSuffix":
      return text(args[1]).endsWith(text(args[0])) ? text(args[1]).slice(0, -text(args[0]).length || undefined) : text(args[1]);
    case "trimPrefix":
      return text(args[1]).startsWith(text(args[0])) ? text(args[1]).slice(text(args[0]).length) : text(args[1]);
    case "replace":
      return text(args[2]).split(text(args[0])).join(text(args[1]));
    case "printf":
      return printf(text(args[0]), args.slice(1).map(text));
    case "print":
      return args.map(text).join("");
    case "required":
      return present(args[1]) ? args[1] : undefined;
    case "toYaml":
      return args[0] === MISSING || args[0] === null ? "" : toYaml(args[0]).replace(/\n$/, "");
    case "toJson":
      return JSON.stringify(args[0] === MISSING ? null : args[0]);
    case "nindent":
      return `\n${indent(text(args[1]), Number(args[0]))}`;
    case "indent":
      return indent(text(args[1]), Number(args[0]));
    case "not":
      return !truthy(args[0] === MISSING ? "" : args[0]);
    case "and":
      return args.every((arg) => truthy(arg === MISSING ? "" : arg));
    case "or":
      return args.find((arg) => truthy(arg === MISSING ? "" : arg)) ?? args[args.length - 1];
    case "eq":
      return args.slice(1).some((arg) => arg === args[0]);
    case "ne":
      return args[0] !== args[1];
    case "empty":
      return !present(args[0]);
    case "hasKey":
      return Object.hasOwn(asRecord(args[0]), text(args[1]));
    case "include":
    case "template":
      return include(text(args[0]), args[1] === undefined ? scope.dot : args[1], context);
    case "tpl":
      return args[0];
    case "dict": {
      const made: Record<string, unknown> = {};
      for (let i = 0; i + 1 < args.length; i += 2) made[text(args[i])] = args[i + 1] === MISSING ? null : args[i + 1];
      return made;
    }
    case "list":
      return args.map((arg) => (arg === MISSING ? null : arg));
    case "int":
    case "int64":
    case "float64":
    case "atoi":
      return Number.isFinite(Number(text(args[0]))) ? Number(text(args[0])) : 0;
    case "lt":
      return Number(args[0]) < Number(args[1]);
    case "le":
      return Number(args[0]) <= Number(args[1]);
    case "gt":
      return Number(args[0]) > Number(args[1]);
    case "ge":
      return Number(args[0]) >= Number(args[1]);
    case "contains":
      return text(args[1]).includes(text(args[0]));
    case "hasPrefix":
      return text(args[1]).startsWith(text(args[0]));
    case "hasSuffix":
      return text(args[1]).endsWith(text(args[0]));
    case "ternary":
      return truthy(args[2] === MISSING ? "" : args[2]) ? args[0] : args[1];
    case "coalesce":
      return args.find(present) ?? "";
    case "b64enc":
      return Buffer.from(text(args[0])).toString("base64");
    default:
      return undefined;
  }
}

function include(name: string, dot: unknown, context: Context): unknown {
  const body = context.chart.defines.get(name);
  if (body === undefined || context.depth >= MAX_INCLUDE_DEPTH) return undefined;
  const pieces: Piece[] = [];
  context.depth++;
  renderBlock(body, 0, body.length, { dot, vars: new Map([["$", context.root]]) }, context, pieces);
  context.depth--;
  // What could not be evaluated inside stays marked, value by value, rather than losing the whole block.
  return pieces.map((piece) => piece.text).join("").trim();
}

function printf(format: string, args: string[]): string | undefined {
  let index = 0;
  let ok = true;
  const out = format.replace(/%[-+ #0]*\d*(?:\.\d+)?([svdqt%])/g, (spec, verb: string) => {
    if (verb === "%") return "%";
    if (index >= args.length) {
      ok = false;
      return "";
    }
    const value = args[index++]!;
    return verb === "q" ? JSON.stringify(value) : value;
  });
  return ok ? out : undefined;
}

const indent = (text: string, spaces: number): string => text.split("\n").map((line) => (line ? " ".repeat(spaces) + line : line)).join("\n");

function printValue(value: unknown): string {
  if (value === MISSING) return UNRESOLVED;
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return toYaml(value).replace(/\n$/, "");
  return String(value);
}

/** The rendered text, and the template line of each of its lines. */
function toLines(pieces: Piece[]): { text: string; lines: number[] } {
  const parts: string[] = [];
  const lines: number[] = [];
  for (const piece of pieces) {
    const split = piece.text.split("\n");
    split.forEach((part, index) => {
      if (index > 0) {
        parts.push("\n");
        lines.push(piece.literal ? piece.line + index : piece.line);
      } else if (lines.length === 0) lines.push(piece.line);
      parts.push(part);
    });
  }
  if (lines.length === 0) lines.push(1);
  return { text: parts.join(""), lines };
}
