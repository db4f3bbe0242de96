import { createRequire } from "node:module";
import type { GrpcStreaming, ProtoService } from "../types.js";

/**
 * The services of a .proto file and whether each method streams. Read with
 * protobufjs's parser (syntax only: it builds reflection objects, resolves no
 * import and runs nothing). Loaded on first use, as most repositories have no
 * .proto and the parser costs about 20 ms to load.
 */

interface ReflectedMethod {
  name: string;
  requestStream?: boolean;
  responseStream?: boolean;
}
interface ReflectedObject {
  name: string;
  fullName: string;
  nestedArray?: ReflectedObject[];
  methods?: Record<string, ReflectedMethod>;
}
interface Protobuf {
  parse(source: string, options: { keepCase: boolean; alternateCommentMode: boolean }): { root: ReflectedObject };
  Service: new (...args: never[]) => unknown;
}

let protobuf: Protobuf | undefined;
function parser(): Protobuf {
  protobuf ??= createRequire(import.meta.url)("protobufjs") as Protobuf;
  return protobuf;
}

export type ProtoRead = { services: ProtoService[] } | { error: string };

/** The services of one .proto file, or why it could not be read (the parser's message, with its line). */
export function readProto(file: string, text: string): ProtoRead {
  // A .proto with no service (messages only, most of them) needs no parse.
  if (!/\bservice\s/.test(text)) return { services: [] };
  let root: ReflectedObject;
  try {
    root = parser().parse(text, { keepCase: true, alternateCommentMode: false }).root;
  } catch (error) {
    return { error: (error as Error).message };
  }
  const lines = lineFinder(text);
  const services: ProtoService[] = [];
  const visit = (ns: ReflectedObject): void => {
    for (const nested of ns.nestedArray ?? []) {
      if (nested instanceof parser().Service && nested.methods) {
        const serviceLine = lines(new RegExp(`\\bservice\\s+${nested.name}\\b`), 0);
        services.push({
          name: nested.name,
          fullName: nested.fullName.replace(/^\./, ""),
          methods: Object.values(nested.methods).map((method) => {
            const streaming = streamingOf(method);
            return { name: method.name, ...(streaming ? { streaming } : {}), location: { file, line: lines(new RegExp(`\\brpc\\s+${method.name}\\b`), serviceLine), column: 1 } };
          }),
          location: { file, line: serviceLine, column: 1 },
        });
      }
      visit(nested);
    }
  };
  visit(root);
  return { services };
}

function streamingOf(method: ReflectedMethod): GrpcStreaming | undefined {
  if (method.requestStream && method.responseStream) return "bidi";
  if (method.requestStream) return "client";
  if (method.responseStream) return "server";
  return undefined;
}

/**
 * The line of the first match at or after a line (the parser keeps no positions). Comments are blanked
 * first, line breaks kept, so a commented-out `rpc` is never the one named.
 */
function lineFinder(text: string): (pattern: RegExp, fromLine: number) => number {
  const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (comment) => comment.replace(/[^\n]/g, " ")).split("\n");
  return (pattern, fromLine) => {
    for (let i = Math.max(fromLine - 1, 0); i < code.length; i++) if (pattern.test(code[i]!)) return i + 1;
    return Math.max(fromLine, 1);
  };
}
