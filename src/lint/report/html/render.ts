import type { LintResult } from "../../types.js";
import type { ReportContext } from "../context.js";
import { dotOf } from "../graph-dot.js";
import { renderSvg, svgForHtml } from "../graph-svg.js";
import { buildGraph } from "../graph.js";
import { htmlReport } from "./page.js";
import { collectSnippets } from "./snippets.js";

/**
 * `arch-lint --format html`: the steps around the pure page (page.ts): lay the picture out with
 * Graphviz (WebAssembly, asynchronous to load) and read the code around each finding's places
 * through `ctx.sourceLine`, the CLI's reader of the scanned files.
 */
export async function renderHtmlReport(result: LintResult, ctx: ReportContext): Promise<string> {
  const graph = buildGraph(result);
  const svg = svgForHtml(await renderSvg(dotOf(graph)));
  const snippets = collectSnippets(result.findings, ctx.sourceLine ?? (() => undefined));
  return htmlReport({ result, ctx, graph, svg, snippets });
}
