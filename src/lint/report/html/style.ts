/**
 * The HTML report's style sheet: light and dark schemes (prefers-color-scheme), and the picture's
 * colours set by class (graph-dot.ts gives every node and edge its kind and `offending`), so that
 * Graphviz's fixed colours follow the scheme. The page's CSP allows this text by its hash.
 */
export const STYLE = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --panel: #f6f8fa; --border: #d1d9e0;
  --red: #cf222e; --warn: #9a6700; --accent: #0969da; --hl: #0969da;
  --service: #e8f0fe; --datastore: #fff4e0; --topic: #eaf6ea; --line: #444c56; --edge: #59636e;
  --code-bg: #f6f8fa; --mark: #fff8c5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --panel: #151b23; --border: #3d444d;
    --red: #ff7b72; --warn: #d29922; --accent: #4493f8; --hl: #79c0ff;
    --service: #1c2d4a; --datastore: #3b2e12; --topic: #1b3320; --line: #9198a1; --edge: #8b949e;
    --code-bg: #151b23; --mark: #3b2e12;
  }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
header, main { max-width: 1400px; margin: 0 auto; padding: 0 1.25rem; }
header { padding-top: 1rem; }
h1 { font-size: 1.5rem; margin: .5rem 0; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
.muted { color: var(--muted); }
.summary { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85rem; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: .85rem; }
button, select { font: inherit; color: var(--fg); background: var(--panel); border: 1px solid var(--border); border-radius: 6px; padding: .2rem .6rem; }
button:hover { border-color: var(--accent); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { position: static; display: inline-block; margin-bottom: .5rem; color: var(--accent); }
.toolbar { display: flex; gap: .4rem; align-items: center; flex-wrap: wrap; margin-bottom: .5rem; }
.hint { font-size: .85rem; }
.picture-row { display: flex; gap: 1rem; align-items: flex-start; }
#graph { flex: 1; min-width: 0; max-height: 75vh; overflow: auto; border: 1px solid var(--border); border-radius: 6px; background: var(--bg); }
#graph svg { display: block; }
#node-panel { width: 22rem; max-height: 75vh; overflow: auto; border: 1px solid var(--border); border-radius: 6px; padding: .5rem .75rem; background: var(--panel); }
#node-panel h3 { font-size: 1rem; margin: .25rem 0 .5rem; word-break: break-all; }
#node-panel ul { padding-left: 1.1rem; margin: 0; }
#node-panel li { margin: .3rem 0; }
#node-panel button { display: block; text-align: left; background: none; border: none; padding: 0; color: var(--accent); cursor: pointer; }
@media (max-width: 900px) { .picture-row { flex-direction: column; } #node-panel { width: 100%; } }

#graph svg text { fill: var(--fg); font-family: Helvetica, Arial, "DejaVu Sans", sans-serif; }
#graph svg .graph > polygon { fill: var(--bg); }
#graph svg .cluster :is(path, polygon) { fill: none; stroke: var(--muted); }
#graph svg .node :is(path, polygon, ellipse) { stroke: var(--line); }
#graph svg .node.service :is(path, polygon) { fill: var(--service); }
#graph svg .node.datastore :is(path, polygon, ellipse) { fill: var(--datastore); }
#graph svg .node.topic :is(path, polygon) { fill: var(--topic); }
#graph svg .edge path { stroke: var(--edge); }
#graph svg .edge polygon { fill: var(--edge); stroke: var(--edge); }
#graph svg .edge text { fill: var(--muted); }
#graph svg .offending :is(path, polygon, ellipse) { stroke: var(--red); }
#graph svg .edge.offending polygon { fill: var(--red); }
#graph svg .offending text { fill: var(--red); }
#graph svg .node:not(.legend) { cursor: pointer; }
#graph svg .node:not(.legend):focus { outline: none; }
#graph svg .node:not(.legend):focus-visible :is(path, polygon, ellipse) { stroke: var(--accent); stroke-width: 4; }
#graph svg.focus .node:not(.hl):not(.legend), #graph svg.focus .edge:not(.hl):not(.legend) { opacity: .18; }
#graph svg .hl :is(path, polygon, ellipse) { stroke: var(--hl); stroke-width: 4; }
#graph svg .edge.hl polygon { fill: var(--hl); }
#graph svg .edge.hl text { fill: var(--hl); font-weight: bold; }

.filters { display: flex; gap: 1rem; flex-wrap: wrap; align-items: center; margin-bottom: .5rem; }
#finding-list { list-style: none; padding: 0; margin: 0; }
.finding { border: 1px solid var(--border); border-left: 4px solid var(--warn); border-radius: 6px; margin: .4rem 0; background: var(--bg); }
.finding.error { border-left-color: var(--red); }
.finding.selected { box-shadow: 0 0 0 2px var(--hl); }
.finding-head { display: block; width: 100%; text-align: left; border: none; background: none; padding: .5rem .75rem; cursor: pointer; }
.badge { display: inline-block; font-size: .75rem; font-weight: bold; border-radius: 4px; padding: 0 .35rem; margin-right: .4rem; color: var(--bg); background: var(--warn); }
.error .badge { background: var(--red); }
.rule { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .8rem; color: var(--muted); margin-right: .4rem; }
.where { display: block; font-size: .8rem; color: var(--muted); font-family: ui-monospace, "DejaVu Sans Mono", monospace; word-break: break-all; }
.finding-body { padding: 0 .75rem .6rem; }
.finding-body ol { padding-left: 1.4rem; margin: .25rem 0; }
.finding-body li { margin: .35rem 0; }
.finding-body a { color: var(--accent); }
pre.code { background: var(--code-bg); border: 1px solid var(--border); border-radius: 4px; padding: .3rem 0; margin: .25rem 0; overflow-x: auto; }
pre.code span { display: block; padding: 0 .6rem; white-space: pre; }
pre.code span.at { background: var(--mark); }
pre.code .n { display: inline-block; min-width: 3.5em; color: var(--muted); user-select: none; padding: 0; }

table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid var(--border); vertical-align: top; }
tr.flagged td { color: var(--warn); }
#diagnostics ul { padding-left: 1.2rem; font-size: .9rem; }
.kind { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .8rem; color: var(--muted); }
`;
