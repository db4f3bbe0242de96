import { ts } from "../ts.js";
import type { ExtractContext, ObjectInfo } from "./context.js";

/** What an extractor (one per library family) gives the walker: the hooks it wants called, and on which nodes. */
export interface Extractor {
  family: string;
  /**
   * The modules (or their subpaths) a file must import for any of this extractor's hooks to find
   * anything: in other files the walker leaves the extractor out of its dispatch altogether. Only
   * for extractors whose every hook starts with that check (a library's own objects, never one
   * that follows objects imported from the project's other files).
   */
  modules?: readonly string[];
  /**
   * Which calls `call` wants, so the walker can dispatch without asking every
   * extractor about every call: method names of `x.name(...)`, and whether it
   * wants calls of a bare identifier `name(...)`. Both absent: every call.
   */
  callProperties?: readonly string[];
  callIdentifiers?: boolean;
  /** Calls of anything else: an element access `router[route.method](...)`, a call's result `require("./routes")(app)`. */
  callOthers?: boolean;
  /** Does this expression create an object routes or calls hang on (an app, a router, a client)? */
  factory?(expr: ts.Expression, ctx: ExtractContext): ObjectInfo | undefined;
  call?(node: ts.CallExpression, ctx: ExtractContext): void;
  newExpression?(node: ts.NewExpression, ctx: ExtractContext): void;
  classDeclaration?(node: ts.ClassDeclaration, ctx: ExtractContext): void;
  /** String and template literals that look like SQL. */
  sql?(text: string, node: ts.Node, ctx: ExtractContext): void;
  /** What the module exports as a whole: `export default x`, `module.exports = x` (config files such as a knexfile). */
  moduleExport?(expr: ts.Expression, ctx: ExtractContext): void;
  /** Once per file, after the walk: for facts that need the whole file (a rare library's own pass over it). */
  fileEnd?(ctx: ExtractContext): void;
}
