import { Graphviz } from "@hpcc-js/wasm-graphviz";

/**
 * DOT → SVG in this process, by Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz:
 * the wasm is inlined in the package's JavaScript, so nothing is fetched and no system
 * Graphviz is needed). Chosen over @viz-js/viz (same Graphviz 16.1): it laid out the 50-service
 * bench graph in about half the time (≈0.55 s against ≈0.9–1.6 s) and installs at 2.1 MB
 * against 4.9 MB; docs/arch-lint.md has the comparison.
 *
 * Loading compiles the module (about 0.1 s), once per process.
 */
let loaded: Promise<Graphviz> | undefined;

export async function renderSvg(dot: string): Promise<string> {
  const graphviz = await (loaded ??= Graphviz.load());
  // Our DOT is generated and its strings escaped (graph-dot.ts): a layout error here is a bug, thrown as one.
  return graphviz.dot(dot, "svg");
}

/**
 * The SVG as it goes inside an HTML page: without the XML prolog, doctype and comments (Graphviz writes each
 * node's name into a comment: scanned text the page has no use for), and scaled by its viewBox, not fixed points.
 */
export function svgForHtml(svg: string): string {
  return svg
    .replace(/<\?xml[^>]*\?>\s*/g, "")
    .replace(/<!DOCTYPE[^>]*>\s*/g, "")
    .replace(/<!--[\s\S]*?-->\s*/g, "")
    .replace(/<svg\b([^>]*)>/, (_all, attributes: string) => `<svg${attributes.replace(/\s(width|height)="[^"]*"/g, "")} role="group" aria-label="The architecture: services, datastores and topics">`);
}
