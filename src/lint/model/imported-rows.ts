import { ROW_SEGMENT } from "../extract/loop-paths.js";
import type { FileFacts, HttpCallFact, RouteFact, Value } from "../types.js";
import { type ModuleResolver, resolveExport } from "./resolve.js";

/**
 * Proxies mounted in a loop over a list another module holds (`Gateways.forEach(({ route, target }) => app.use(route,
 * proxy(target)))` of `require("./config/Gateways")`, or of an imported JSON file, extract/loop-paths.ts
 * `importedLoopRow`): their routes and calls name the list's element with a `@row` segment (`Gateways.@row.route`).
 * Here, before the model is built, each such route and call is copied once per element the imported module holds
 * (its constants `Gateways.0.route`, `Gateways.1.route`, … extract/module-bindings.ts `flattenList`), the segment
 * replaced by the element's index, a written-out text put in place in the path (and in the part of it cut off before
 * forwarding). A list that does not resolve leaves one route at the loop's mount, its path said not to be read, as a
 * mount path arch-lint cannot read is.
 */
export function expandImportedRows(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver): void {
  for (const f of facts.values()) {
    const rowCalls = f.calls.filter((call) => call.proxy && call.url.parts.some(isRowPart));
    if (rowCalls.length === 0 && !f.routes.some((route) => route.path.includes(ROW_MARK))) continue;
    const routes: RouteFact[] = [];
    const calls: HttpCallFact[] = [];
    for (const route of f.routes) {
      if (!route.path.includes(ROW_MARK)) routes.push(route);
      else routes.push(...expandRoute(facts, resolver, f.file, route));
    }
    for (const call of f.calls) {
      if (!rowCalls.includes(call)) calls.push(call);
      else calls.push(...expandCall(facts, resolver, f.file, call));
    }
    f.routes = routes;
    f.calls = calls;
  }
}

const ROW_MARK = `.${ROW_SEGMENT}`;
const IMPORT_IN_PATH = /\$\{import:([^#}]+)#([^}]+)\}/g;

function isRowPart(part: Value["parts"][number]): boolean {
  return part.kind === "import" && part.name.includes(ROW_MARK);
}

/** The list an import name's `@row` segment stands in: its specifier and the name up to the segment. */
interface ListRef {
  specifier: string;
  name: string;
}

function listOf(specifier: string, name: string): ListRef {
  return { specifier, name: name.slice(0, name.indexOf(ROW_MARK)) };
}

/** The elements the imported list holds, each a function from a field's import name to its text when written out. */
function rowsOf(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver, file: string, list: ListRef): ((name: string) => string | undefined)[] {
  const target = resolver.resolve(file, list.specifier);
  if (!target) return [];
  let [head, ...rest] = list.name.split(".");
  let exported = resolveExport(facts, resolver, target, head!);
  if (!exported && head === "default" && rest.length) {
    [head, ...rest] = rest;
    exported = resolveExport(facts, resolver, target, head!);
  }
  if (!exported && head !== "default") {
    const whole = resolveExport(facts, resolver, target, "default");
    if (whole) {
      exported = whole;
      rest = [head!, ...rest];
    }
  }
  if (!exported?.id.startsWith("const:")) return [];
  const base = [exported.id.slice("const:".length), ...rest].join(".");
  const constants = facts.get(exported.file)?.constants ?? {};
  const indexes = new Set<number>();
  for (const key of Object.keys(constants)) {
    if (!key.startsWith(`${base}.`)) continue;
    const index = /^(\d+)\./.exec(key.slice(base.length + 1))?.[1];
    if (index !== undefined) indexes.add(Number(index));
  }
  const rows: ((name: string) => string | undefined)[] = [];
  for (let index = 0; indexes.has(index); index++) {
    rows.push((name) => {
      const field = name.slice(name.indexOf(ROW_MARK) + ROW_MARK.length);
      const value = constants[`${base}.${index}${field}`];
      return value && value.parts.every((part) => part.kind === "text") ? value.parts.map((part) => (part.kind === "text" ? part.text : "")).join("") : undefined;
    });
  }
  return rows;
}

/** `${import:spec#Gateways.@row.route}` in a path: the row's text when written out, else the import of the row's index. */
function pathInRow(path: string, index: number, row: (name: string) => string | undefined): string {
  return path.replace(IMPORT_IN_PATH, (whole, specifier: string, name: string) => {
    if (!name.includes(ROW_MARK)) return whole;
    const text = row(name);
    return text ?? `\${import:${specifier}#${name.replace(ROW_MARK, `.${index}`)}}`;
  });
}

function firstList(path: string): ListRef | undefined {
  for (const match of path.matchAll(IMPORT_IN_PATH)) if (match[2]!.includes(ROW_MARK)) return listOf(match[1]!, match[2]!);
  return undefined;
}

function expandRoute(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver, file: string, route: RouteFact): RouteFact[] {
  const list = firstList(route.path);
  const rows = list ? rowsOf(facts, resolver, file, list) : [];
  // Not read: the route the mount would have been taken for before, its whole path.
  if (rows.length === 0) return [{ ...route, path: "/*" }];
  return rows.map((row, index) => ({ ...route, path: pathInRow(route.path, index, row), ...(route.handler ? { handler: rowId(route.handler, index) } : {}) }));
}

function expandCall(facts: ReadonlyMap<string, FileFacts>, resolver: ModuleResolver, file: string, call: HttpCallFact): HttpCallFact[] {
  const part = call.url.parts.find(isRowPart);
  const list = part?.kind === "import" ? listOf(part.specifier, part.name) : undefined;
  const rows = list ? rowsOf(facts, resolver, file, list) : [];
  const proxy = call.proxy!;
  // The mount path as written (extract/proxies/common.ts): said only when the list is not read.
  const { mountUnknown, ...read } = proxy;
  if (rows.length === 0) {
    const { strip: _strip, ...rest } = proxy;
    const shown = (name: string) => name.replace(/^default\./, "").replace(ROW_MARK, "[…]");
    return [
      {
        ...call,
        url: { parts: call.url.parts.map((p) => (p.kind === "import" && isRowPart(p) ? { kind: "unknown" as const, hint: shown(p.name) } : p)) },
        proxy: { ...rest, ...(mountUnknown ? { mountUnknown } : {}) },
      },
    ];
  }
  return rows.map((row, index) => ({
    ...call,
    url: { parts: call.url.parts.map((p) => (p.kind === "import" && isRowPart(p) ? rowPart(p, index) : p)) },
    proxy: { ...read, ...(typeof proxy.strip === "string" ? { strip: pathInRow(proxy.strip, index, row) } : {}) },
    ...(call.inFunction ? { inFunction: rowId(call.inFunction, index) } : {}),
  }));
}

function rowPart(part: Extract<Value["parts"][number], { kind: "import" }>, index: number): Value["parts"][number] {
  return { ...part, name: part.name.replace(ROW_MARK, `.${index}`) };
}

/** The handler of the element's copy: one per element, so that each route reaches its own upstream. */
function rowId(id: string, index: number): string {
  return `${id}:row${index}`;
}
