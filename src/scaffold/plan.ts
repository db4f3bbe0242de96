import type { TemplateSpec } from "./template-spec.js";
import type { Answers } from "./option-values.js";
import { renderSpecText, renderTemplate, type RenderContext } from "./render.js";
import { buildManifest, MANIFEST_FILE } from "./manifest.js";
import { FailureError } from "../shared/errors.js";
import type { VirtualTree } from "./virtual-tree.js";
import type { VendoredTool } from "./tool-package.js";

export interface PlanInput {
  spec: TemplateSpec;
  name: string;
  answers: Answers;
  toolVersion: string;
  /** A development build of create-service, packed into the service; without it the service names the release. */
  vendoredTool?: VendoredTool;
}

/** What templates see: the name, every answer, the template and the tool. */
function templateContext(input: PlanInput): RenderContext {
  return {
    name: input.name,
    ...input.answers,
    template: { name: input.spec.name, version: input.spec.version },
    // A service pins the arch-lint it was generated with, so a newer release's rules never fail its CI unasked:
    // `dependency` is its devDependency spec, `vendored` the tarball's path in the service ("" for a release).
    tool: {
      name: "create-service",
      version: input.toolVersion,
      dependency: input.vendoredTool ? `file:${input.vendoredTool.path}` : input.toolVersion,
      vendored: input.vendoredTool?.path ?? "",
    },
  };
}

/** Everything a generation writes, decided before anything is written. */
export function planService(input: PlanInput): VirtualTree {
  const context = templateContext(input);
  const tree = renderTemplate(input.spec, context);
  if (tree.exists(MANIFEST_FILE)) throw new FailureError(`template ${input.spec.name} must not contain ${MANIFEST_FILE}: create-service writes it`);
  // Written only when the service refers to it (its package.json does); a template that never names it gets no tarball.
  const vendored = input.vendoredTool;
  if (vendored && mentions(tree, vendored.path)) {
    if (tree.exists(vendored.path)) throw new FailureError(`template ${input.spec.name} must not contain ${vendored.path}: create-service writes it`);
    tree.write(vendored.path, vendored.load());
  }
  const manifest = buildManifest(tree, {
    toolVersion: input.toolVersion,
    template: { name: input.spec.name, version: input.spec.version },
    name: input.name,
    answers: input.answers,
  });
  tree.write(MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
  return tree;
}

/** The template's own next steps (its ports, say), or "" when it declares none. */
export function planNextSteps(input: PlanInput): string {
  return input.spec.nextSteps === undefined ? "" : renderSpecText("nextSteps", input.spec.nextSteps, templateContext(input)).trim();
}

function mentions(tree: VirtualTree, text: string): boolean {
  return tree.entries().some(([, file]) => file.content.includes(text));
}
