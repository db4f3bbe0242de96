import type { CalleeFact, FileFacts, HttpCallFact, Location, ModelCall, Value } from "../types.js";

/**
 * A helper that is told which service to call: `sendEvent("order-service", "api/orders", body)` whose URL is
 * `${await discover(serviceId)}/${realm}` or `http://${serviceId}:3000/${realm}`. The helper's own call has no
 * host arch-lint can know; each call site that passes the service's name as a literal does. Such a call site is
 * a call of its own (in the caller's function, awaited as the call site is), the literal put where the parameter
 * was, resolved like any URL. Call sites whose literal names no known service add nothing.
 */

export interface ArgumentCallsInput {
  facts: ReadonlyMap<string, FileFacts>;
  fileService: Readonly<Record<string, string>>;
  /** The global id of the function a callee fact of `file` reaches, if any. */
  resolveCallee: (file: string, callee: CalleeFact) => string | undefined;
  /** Resolves a URL written in `file` as `service` sees it: the target, or undefined when the host names no service. */
  resolveUrl: (file: string, service: string, url: Value, method: string) => { url: string; service?: string; route?: string; resolution: string } | undefined;
  locationKey: (location: Location) => string;
}

/** A host a service answers to: a compose or package name, never a path or a URL. */
const HOST_NAME = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/i;

export function buildArgumentCalls(input: ArgumentCallsInput, calls: readonly ModelCall[]): ModelCall[] {
  const { facts } = input;
  /** Unresolved calls whose host is a parameter of their function, by that function's global id. */
  const byFunction = new Map<string, { file: string; call: HttpCallFact }[]>();
  const resolved = new Set(calls.filter((call) => call.targetService).map((call) => call.id));
  for (const f of facts.values()) {
    for (const call of f.calls) {
      if (call.hostParam === undefined || !call.inFunction || resolved.has(input.locationKey(call.location))) continue;
      const id = `${f.file}#${call.inFunction}`;
      const list = byFunction.get(id);
      if (list) list.push({ file: f.file, call });
      else byFunction.set(id, [{ file: f.file, call }]);
    }
  }
  if (!byFunction.size) return [];
  const out: ModelCall[] = [];
  for (const f of facts.values()) {
    const service = input.fileService[f.file];
    if (!service) continue;
    for (const callee of f.callees) {
      if (!callee.literalArgs || !callee.from) continue;
      const to = input.resolveCallee(f.file, callee);
      const helpers = to ? byFunction.get(to) : undefined;
      if (!helpers) continue;
      for (const { file, call } of helpers) {
        const name = callee.literalArgs[call.hostParam!];
        if (!name || !HOST_NAME.test(name)) continue;
        const url = substituted(call, name, callee.literalArgs);
        const target = input.resolveUrl(file, service, url, call.method);
        if (!target?.service || target.service === service) continue;
        out.push({
          id: input.locationKey(callee.location),
          service,
          client: call.client,
          method: call.method,
          url: target.url,
          targetService: target.service,
          ...(target.route ? { targetRoute: target.route } : {}),
          resolution: `the service name "${name}" given to ${to!.slice(to!.indexOf("#") + 1).replace(/^fn:/, "")}() at ${call.location.file}:${call.location.line} (${target.resolution})`,
          inFunction: `${f.file}#${callee.from}`,
          awaited: callee.awaited,
          parallel: callee.parallel,
          location: callee.location,
        });
      }
    }
  }
  return out;
}

/** The helper's URL with the call site's literals where its parameters were: the host first, then `/${path}`-like parts. */
function substituted(call: HttpCallFact, name: string, literals: readonly (string | null)[]): Value {
  const parts: Value["parts"] = [];
  let before = "";
  call.url.parts.forEach((part, index) => {
    const param = call.paramParts?.[index];
    const literal = param !== undefined ? literals[param] : undefined;
    const atHost = before === "" || SCHEME_ONLY.test(before);
    before += part.kind === "text" ? part.text : "x";
    if (literal !== undefined && literal !== null) {
      const previous = parts[parts.length - 1];
      // sendEvent("orders", "api/orders") over `${base}/${realm}`: one slash between them.
      parts.push({ kind: "text", text: previous?.kind === "text" && previous.text.endsWith("/") ? literal.replace(/^\/+/, "") : literal });
    } else if (atHost && part.kind === "unknown") parts.push({ kind: "text", text: before === "x" ? `http://${name}` : name });
    else parts.push(part);
  });
  return { parts };
}

const SCHEME_ONLY = /^[a-z][a-z0-9+.-]*:\/\/$/i;
