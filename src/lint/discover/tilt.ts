import { posix } from "node:path";
import type { Diagnostic } from "../types.js";
import type { ImageArtifact } from "./artifacts.js";
import { repoFolder } from "./folder-path.js";
import type { FileEntry, ReadText } from "./files.js";

/**
 * Tiltfiles: the images their `docker_build(ref, context, dockerfile=…, build_args={…}, target=…)` calls
 * build. A Tiltfile is a Starlark program and is never run: only calls whose arguments are string literals
 * are read, and a call built from variables (`docker_build('acme/' + name, name)` in a loop) is a diagnostic.
 */

export function readTilt(files: readonly FileEntry[], read: ReadText, diagnostics: Diagnostic[]): ImageArtifact[] {
  const artifacts: ImageArtifact[] = [];
  for (const file of files) {
    if (file.kind !== "tiltfile") continue;
    const text = read(file.rel);
    if (!text) continue;
    const dir = posix.dirname(file.rel) === "." ? "" : posix.dirname(file.rel);
    for (const call of calls(text, "docker_build")) {
      const line = text.slice(0, call.start).split("\n").length;
      const args = splitArguments(call.args);
      const named = new Map<string, string>();
      const positional: string[] = [];
      for (const arg of args) {
        const match = /^([A-Za-z_]\w*)\s*=(?!=)\s*([\s\S]*)$/.exec(arg.trim());
        if (match) named.set(match[1]!, match[2]!.trim());
        else positional.push(arg.trim());
      }
      const image = literal(named.get("ref") ?? positional[0]);
      const context = literal(named.get("context") ?? positional[1]);
      if (image === undefined || context === undefined) {
        diagnostics.push({ kind: "not-understood", file: file.rel, line, message: "docker_build with an image or context that is not a string literal: arch-lint does not run Tiltfiles, so this build is not tied to a folder" });
        continue;
      }
      const folder = posix.normalize(posix.join(dir, context));
      if (folder.startsWith("..")) continue;
      const root = repoFolder(folder);
      const dockerfile = literal(named.get("dockerfile"));
      const target = literal(named.get("target"));
      // Tilt reads `dockerfile` relative to the Tiltfile, not to the context.
      const at = posix.normalize(dockerfile !== undefined ? posix.join(dir, dockerfile) : posix.join(root, "Dockerfile"));
      artifacts.push({
        image,
        context: root,
        ...(at.startsWith("..") ? {} : { dockerfile: at }),
        buildArgs: dictionary(named.get("build_args")),
        ...(target !== undefined ? { target } : {}),
        builder: "docker",
        tool: "tilt",
        file: file.rel,
        line,
      });
    }
  }
  return artifacts;
}

/** Each `name(…)` call outside comments and strings, with its argument text (parentheses balanced, strings skipped). */
function calls(text: string, name: string): { start: number; args: string }[] {
  const found: { start: number; args: string }[] = [];
  const pattern = new RegExp(`(^|[^\\w.])${name}\\s*\\(`, "g");
  for (const match of text.matchAll(pattern)) {
    const start = match.index + match[1]!.length;
    const lineStart = text.lastIndexOf("\n", start) + 1;
    if (text.slice(lineStart, start).includes("#")) continue;
    const open = start + match[0].length - match[1]!.length;
    const close = closing(text, open);
    if (close !== undefined) found.push({ start, args: text.slice(open, close) });
  }
  return found;
}

/** The index of the `)` that closes a call whose arguments start at `from`, or undefined when the text ends first. */
function closing(text: string, from: number): number | undefined {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"' || char === "'") {
      i = stringEnd(text, i);
      continue;
    }
    if (char === "#") {
      const end = text.indexOf("\n", i);
      if (end < 0) return undefined;
      i = end;
      continue;
    }
    if (char === "(" || char === "[" || char === "{") depth++;
    else if (char === ")" || char === "]" || char === "}") {
      depth--;
      if (depth === 0) return char === ")" ? i : undefined;
    }
  }
  return undefined;
}

/** The index of the quote that ends the string starting at `from` (triple quotes too). */
function stringEnd(text: string, from: number): number {
  const quote = text[from]!;
  const triple = text.startsWith(quote.repeat(3), from);
  const end = triple ? text.indexOf(quote.repeat(3), from + 3) : text.indexOf(quote, from + 1);
  if (end < 0) return text.length;
  if (!triple && text[end - 1] === "\\") return stringEnd(text, end);
  return triple ? end + 2 : end;
}

/** Top-level comma-separated arguments of a call. */
function splitArguments(args: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (let i = 0; i < args.length; i++) {
    const char = args[i]!;
    if (char === '"' || char === "'") {
      const end = stringEnd(args, i);
      current += args.slice(i, end + 1);
      i = end;
      continue;
    }
    if (char === "(" || char === "[" || char === "{") depth++;
    if (char === ")" || char === "]" || char === "}") depth--;
    if (char === "," && depth === 0) {
      if (current.trim()) parts.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  if (current.trim()) parts.push(current);
  return parts;
}

/** A Starlark string literal's value, or undefined for anything else (a variable, a concatenation). */
function literal(expression: string | undefined): string | undefined {
  const match = expression === undefined ? null : /^\s*(["'])((?:(?!\1)[^\\]|\\.)*)\1\s*$/.exec(expression);
  return match ? match[2]!.replace(/\\(.)/g, "$1") : undefined;
}

/** `{'APP': 'auth', "NODE_ENV": "production"}`: the pairs whose key and value are literals. */
function dictionary(expression: string | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  const body = expression?.trim();
  if (!body?.startsWith("{") || !body.endsWith("}")) return result;
  for (const pair of splitArguments(body.slice(1, -1))) {
    let colon = -1;
    for (let i = 0; i < pair.length && colon < 0; i++) {
      if (pair[i] === '"' || pair[i] === "'") i = stringEnd(pair, i);
      else if (pair[i] === ":") colon = i;
    }
    if (colon < 0) continue;
    const key = literal(pair.slice(0, colon));
    const value = literal(pair.slice(colon + 1));
    if (key !== undefined && value !== undefined) result[key] = value;
  }
  return result;
}
