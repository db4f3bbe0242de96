import type { Value } from "../types.js";

/** What stands in for credentials that are not known: any text a URL's user-info may hold. */
const PLACEHOLDER = "credentials";

/**
 * A connection URL with the parts written into its user-info (`scheme://${USER}:${PASSWORD}@host/db`) replaced by a
 * placeholder: who connects does not change which datastore it is, so variables that only carry credentials (a Secret
 * the repository does not hold) leave the host, port and database as the code writes them. Undefined when the value has
 * no such parts, or when anything but the user-info is not plain text as far as the `@` (the host itself may come from
 * a variable then, which the caller resolves as usual).
 */
export function withoutCredentialParts(url: Value): Value | undefined {
  const parts: Value["parts"] = [];
  let state: "scheme" | "userinfo" | "after" = "scheme";
  let replaced = false;
  for (const part of url.parts) {
    if (state === "after") {
      parts.push(part);
      continue;
    }
    if (part.kind !== "text") {
      // Before `://` a variable may be the whole URL or its scheme: nothing to say about its user-info.
      if (state === "scheme") return undefined;
      parts.push({ kind: "text", text: PLACEHOLDER });
      replaced = true;
      continue;
    }
    let text = part.text;
    if (state === "scheme") {
      const scheme = text.indexOf("://");
      if (scheme < 0) return undefined;
      parts.push({ kind: "text", text: text.slice(0, scheme + 3) });
      text = text.slice(scheme + 3);
      state = "userinfo";
    }
    const at = text.indexOf("@");
    // User-info ends at the first `@`; a `/`, `?` or `#` before it means the authority ended with no user-info at all.
    const end = text.search(/[/?#]/);
    if (at < 0) {
      if (end >= 0) return undefined;
      parts.push({ kind: "text", text });
      continue;
    }
    if (end >= 0 && end < at) return undefined;
    parts.push({ kind: "text", text });
    state = "after";
  }
  return state === "after" && replaced ? { parts: mergeText(parts) } : undefined;
}

function mergeText(parts: Value["parts"]): Value["parts"] {
  const out: Value["parts"] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (part.kind === "text" && last?.kind === "text") out[out.length - 1] = { kind: "text", text: last.text + part.text };
    else out.push(part);
  }
  return out;
}
