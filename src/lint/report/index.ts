import type { Reporter } from "./context.js";
import { stylish } from "./stylish.js";
import { json } from "./json.js";
import { sarif } from "./sarif.js";
import { github } from "./github.js";
import { markdown } from "./markdown.js";
import { gitlab } from "./gitlab.js";
import { junit } from "./junit.js";

/** Reporter name → reporter; the names drive --format's choices and help. */
export const REPORTERS: ReadonlyMap<string, Reporter> = new Map([
  ["stylish", stylish],
  ["json", json],
  ["sarif", sarif],
  ["github", github],
  ["markdown", markdown],
  ["gitlab", gitlab],
  ["junit", junit],
]);

export type { Reporter, ReportContext } from "./context.js";
