import { createHash } from "node:crypto";
import type { Diagnostic, LintResult } from "../../types.js";
import { countFindings, describeSuppressed, displayPath, plural, type ReportContext } from "../context.js";
import type { ArchGraph } from "../graph.js";
import { describeService, perService } from "../services.js";
import { CLIENT_SCRIPT } from "./client.js";
import { jsonForScript, reportData } from "./data.js";
import type { Snippet } from "./snippets.js";
import { STYLE } from "./style.js";

/** Diagnostics beyond this many are left to --format json: the page is read, not searched. */
const MAX_DIAGNOSTICS = 300;

export interface HtmlReportInput {
  result: LintResult;
  ctx: ReportContext;
  graph: ArchGraph;
  /** The picture, as svgForHtml leaves Graphviz's SVG. */
  svg: string;
  /** Code around each place the findings name (collectSnippets). */
  snippets: ReadonlyMap<string, Snippet>;
}

/** Text for HTML content and attribute values: everything taken from the scanned code goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

/**
 * `arch-lint --format html`: one self-contained page (style, script, picture and data inline) that
 * works offline. Its Content-Security-Policy allows nothing to be fetched and only its own style and
 * script (by hash) to run, so even text from the scanned code that escaped its escaping could neither
 * run nor call out. Pure: the lint result, the SVG and the snippets in, the page out.
 */
export function htmlReport({ result, ctx, graph, svg, snippets }: HtmlReportInput): string {
  const data = reportData(result, ctx, graph, snippets);
  const counts = countFindings(result.findings);
  const csp = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(CLIENT_SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;
  const suppressed = describeSuppressed(result.findings);
  const headline = !result.model.services.length && !result.findings.length ? "nothing was checked: no service was found" : `${plural(counts.errors, "error")}, ${plural(counts.warnings, "warning")}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>arch-lint report: ${escapeHtml(headline)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>arch-lint: ${escapeHtml(headline)}</h1>
<p class="summary">${escapeHtml(result.summary)}</p>
${suppressed ? `<p class="muted">${escapeHtml(suppressed)}.</p>\n` : ""}<p class="muted">arch-lint ${escapeHtml(ctx.toolVersion)}</p>
</header>
<main>
<section id="picture" aria-labelledby="picture-title">
<h2 id="picture-title">Architecture</h2>
<a class="skip" href="#findings-title">Skip the picture's nodes: to the findings</a>
<div class="toolbar" role="toolbar" aria-label="Picture">
<button type="button" id="zoom-out" aria-label="Zoom out">−</button>
<button type="button" id="zoom-in" aria-label="Zoom in">+</button>
<button type="button" id="zoom-fit">Fit</button>
<button type="button" id="zoom-reset">100%</button>
<button type="button" id="clear">Clear highlight</button>
<span class="muted hint">Click or press Enter on a node to list its findings.</span>
</div>
<div class="picture-row">
<div id="graph" tabindex="-1">${svg}</div>
<aside id="node-panel" aria-live="polite"><p class="muted">No node selected.</p></aside>
</div>
</section>
<section id="findings" aria-labelledby="findings-title">
<h2 id="findings-title" tabindex="-1">Findings</h2>
<noscript><p>The list of findings is drawn by the page's script; run arch-lint --format markdown or json to read them without one.</p></noscript>
<form class="filters" aria-label="Filter findings">
<label>Rule <select id="filter-rule"><option value="">all</option></select></label>
<label>Service <select id="filter-service"><option value="">all</option></select></label>
<label>Severity <select id="filter-severity"><option value="">all</option><option value="error">error</option><option value="warn">warning</option></select></label>
<output id="finding-count" aria-live="polite"></output>
</form>
<ol id="finding-list"></ol>
</section>
${summarySection(result)}
${diagnosticsSection(result, ctx)}
</main>
<script type="application/json" id="report-data">${jsonForScript(data)}</script>
<script>${CLIENT_SCRIPT}</script>
</body>
</html>
`;
}

function summarySection(result: LintResult): string {
  const rows = perService(result).map((service) => {
    const flagged = service.notUnderstood || service.language ? ' class="flagged"' : "";
    return `<tr${flagged}><th scope="row">${escapeHtml(service.name)}</th><td>${escapeHtml(describeService(service))}</td></tr>`;
  });
  return `<section id="understood" aria-labelledby="understood-title">
<h2 id="understood-title">What was understood</h2>
<table><thead><tr><th scope="col">Service</th><th scope="col">Found</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody></table>
</section>`;
}

function diagnosticsSection(result: LintResult, ctx: ReportContext): string {
  // What the scan could not understand first, as the other reports order it.
  const ordered = [...result.diagnostics.filter((d) => d.kind === "not-understood"), ...result.diagnostics.filter((d) => d.kind !== "not-understood")];
  if (!ordered.length) return `<section id="diagnostics" aria-labelledby="diagnostics-title">\n<h2 id="diagnostics-title">Diagnostics</h2>\n<p class="muted">None.</p>\n</section>`;
  const where = (d: Diagnostic) => (d.file ? `<code>${escapeHtml(displayPath(result, ctx, d.file))}${d.line ? `:${d.line}` : ""}</code> ` : "");
  const items = ordered.slice(0, MAX_DIAGNOSTICS).map((d) => `<li><span class="kind">${escapeHtml(d.kind)}</span> ${where(d)}${escapeHtml(d.message)}</li>`);
  if (ordered.length > MAX_DIAGNOSTICS) items.push(`<li class="muted">… and ${ordered.length - MAX_DIAGNOSTICS} more (see --format json)</li>`);
  return `<section id="diagnostics" aria-labelledby="diagnostics-title">
<h2 id="diagnostics-title">Diagnostics (${ordered.length})</h2>
<ul>
${items.join("\n")}
</ul>
</section>`;
}
