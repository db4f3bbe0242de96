import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import Handlebars from "handlebars";
import { minimatch } from "minimatch";
import { FailureError, UsageError } from "../shared/errors.js";
import { CASE_CONVERSIONS, kebabCase } from "./case.js";
import { portFor } from "./port-plan.js";
import { EXECUTABLE_MODE, FILE_MODE, VirtualTree } from "./virtual-tree.js";
import { TEMPLATE_FILES_DIR, TEMPLATE_SPEC_FILE, type TemplateSpec } from "./template-spec.js";

/**
 * Template folder -> virtual tree. Files ending in `.hbs` are Handlebars
 * templates (the suffix is dropped); every other file is copied byte for byte.
 * Path segments may hold `__key__` or `__key@case__` placeholders, and one
 * `__key[]__` (or `__key[]@case__`) placeholder that names a list option: the
 * file is then rendered once per item, with the item as `{{item}}`.
 * `when` in template.yaml drops files whose option is not set.
 */

export const TEMPLATE_SUFFIX = ".hbs";
const PATH_PLACEHOLDER = /__([a-zA-Z][a-zA-Z0-9]*)(?:@([a-z]+))?__/g;
const EACH_PLACEHOLDER = /__([a-zA-Z][a-zA-Z0-9]*)\[\](?:@([a-z]+))?__/;

export type RenderContext = Record<string, unknown>;

/** Our own Handlebars environment, so helpers never leak into a user's global instance. */
function createHandlebars(): typeof Handlebars {
  const handlebars = Handlebars.create();
  for (const [name, convert] of Object.entries(CASE_CONVERSIONS)) {
    handlebars.registerHelper(name, strictArgs(name, (value) => convert(String(value))));
  }
  // Values that land inside JS or JSON source are emitted as JSON literals, so a
  // quote in a description can never break out of the string it belongs to.
  handlebars.registerHelper("json", strictArgs("json", (value) => JSON.stringify(value)));
  handlebars.registerHelper("eq", strictArgs("eq", (a, b) => a === b));
  handlebars.registerHelper("includes", strictArgs("includes", (list, item) => Array.isArray(list) && list.includes(item)));
  // `{{#if (or publishes.length consumes.length)}}`: the block form of `when:`'s `a|b`.
  handlebars.registerHelper("or", strictArgs("or", (...values) => values.some(isSet)));
  // `{{portFor this}}`: the default port of the service named this, the same number its own generation picks.
  handlebars.registerHelper("portFor", strictArgs("portFor", (serviceName) => portFor(String(serviceName))));
  return handlebars;
}

/**
 * Handlebars' strict mode checks `{{name}}` but not a helper's arguments, so a
 * typo in `{{pascal nmae}}` would print "Undefined". Our helpers refuse a
 * missing argument and name it (the compile option `trackIds` supplies the name).
 */
function strictArgs(helper: string, fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return (...args) => {
    const options = args.pop() as { ids?: unknown[] };
    const missing = args.findIndex((arg) => arg === undefined);
    if (missing === -1) return fn(...args);
    const id = options.ids?.[missing];
    throw new Handlebars.Exception(`"${typeof id === "string" ? id : `argument ${missing + 1}`}" not defined (passed to ${helper})`, options as hbs.AST.Node);
  };
}

export function renderTemplate(spec: TemplateSpec, context: RenderContext): VirtualTree {
  const handlebars = createHandlebars();
  const tree = new VirtualTree();
  const filesRoot = join(spec.dir, TEMPLATE_FILES_DIR);
  const sources = new Map<string, Source>();
  for (const relativePath of listTemplateFiles(filesRoot)) {
    if (!isWanted(relativePath, spec.when, context)) continue;
    const sourcePath = join(filesRoot, relativePath);
    const isTemplate = relativePath.endsWith(TEMPLATE_SUFFIX);
    const bytes = readFileSync(sourcePath);
    const mode = statSync(sourcePath).mode & 0o111 ? EXECUTABLE_MODE : FILE_MODE;
    for (const { path, itemContext, item } of expandEach(relativePath, context)) {
      const outputPath = renderPath(path, spec.rename, itemContext);
      const source: Source = { relativePath, item };
      const earlier = sources.get(outputPath);
      if (earlier !== undefined) throw outputClash(outputPath, earlier, source);
      sources.set(outputPath, source);
      const content = isTemplate ? renderContent(handlebars, relativePath, bytes.toString("utf8"), itemContext) : bytes;
      try {
        tree.write(outputPath, content, mode);
      } catch (error) {
        throw new FailureError(`template file ${relativePath}: ${(error as Error).message}`);
      }
    }
  }
  if (tree.size === 0) throw new FailureError(`template ${spec.name} has no files under ${filesRoot}; is this the right template folder?`);
  return tree;
}

/** Where an output path came from: a template file, and the list item it was written for, if any. */
interface Source {
  relativePath: string;
  item?: { key: string; value: string };
}

/**
 * Two template files rendering to one path. `README.md` beside `README.md.hbs`, or `_gitignore` beside
 * `.gitignore`, is the template's own mistake; a list item whose file lands on one the template writes
 * anyway (`--consumes index` beside the handlers' index.ts) is the user's, with a name to change.
 */
function outputClash(outputPath: string, earlier: Source, later: Source): Error {
  const item = later.item ?? earlier.item;
  if (item !== undefined) {
    const other = later.item ? earlier : later;
    const clash = other.item ? `${flagOf(other.item.key)} ${other.item.value} gives it too` : `the template writes that file itself`;
    return new UsageError(`${flagOf(item.key)} ${item.value}: its file would be ${outputPath}, but ${clash}; choose another name for ${item.value}`);
  }
  return new FailureError(`template file ${later.relativePath}: renders to ${outputPath}, as ${earlier.relativePath} does; remove one of them`);
}

const flagOf = (key: string): string => `--${kebabCase(key)}`;

/** Renders a text of template.yaml (its nextSteps) like a file, so it may say what the files say. */
export function renderSpecText(key: string, source: string, context: RenderContext): string {
  return renderContent(createHandlebars(), `${TEMPLATE_SPEC_FILE} ${key}`, source, context);
}

/** Applies template.yaml's `when` conditions to a template path. */
function isWanted(relativePath: string, when: TemplateSpec["when"], context: RenderContext): boolean {
  return when.every(({ glob, anyOf, negate }) => {
    if (!minimatch(relativePath, glob, { dot: true })) return true;
    return anyOf.some((key) => isSet(context[key])) !== negate;
  });
}

const isSet = (value: unknown): boolean =>
  Array.isArray(value) ? value.length > 0 : typeof value === "string" ? value !== "" : Boolean(value);

/** One (path, context) pair per item of a `__list[]__` placeholder, or the path itself. */
function expandEach(relativePath: string, context: RenderContext): Array<{ path: string; itemContext: RenderContext; item?: Source["item"] }> {
  const match = EACH_PLACEHOLDER.exec(relativePath);
  if (!match) return [{ path: relativePath, itemContext: context }];
  const [placeholder, key, conversion] = match as unknown as [string, string, string | undefined];
  const list = context[key];
  if (!Array.isArray(list)) throw new FailureError(`template path ${relativePath}: "${key}" is not a list option of this template`);
  return list.map((item: unknown) => ({
    path: relativePath.replace(placeholder, `__item${conversion ? `@${conversion}` : ""}__`),
    itemContext: { ...context, item },
    item: { key, value: String(item) },
  }));
}

function renderContent(handlebars: typeof Handlebars, file: string, source: string, context: RenderContext): string {
  try {
    // strict: a variable the template names but the answers lack is an error, not an empty string.
    // noEscape: we generate code, where HTML escaping would corrupt quotes and ampersands.
    // trackIds: tells a helper the name of each argument (see strictArgs).
    const options = { strict: true, noEscape: true, trackIds: true } as CompileOptions;
    return handlebars.compile(source, options)(context);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").replace(/ in \[object Object\]/, "");
    throw new FailureError(`template file ${file}: ${message}`);
  }
}

/** Renders placeholders segment by segment and applies the template's renames. */
export function renderPath(relativePath: string, rename: Record<string, string>, context: RenderContext): string {
  const segments = relativePath.split("/");
  return segments
    .map((segment, index) => {
      const isFile = index === segments.length - 1;
      let out = segment.replace(PATH_PLACEHOLDER, (_match, key: string, conversion: string | undefined) => {
        const value = context[key];
        if (typeof value !== "string" && typeof value !== "number") {
          throw new FailureError(`template path ${relativePath}: "${key}" is not a text option of this template`);
        }
        if (conversion === undefined) return String(value);
        const convert = CASE_CONVERSIONS[conversion];
        if (!convert) throw new FailureError(`template path ${relativePath}: unknown case "${conversion}" (use ${Object.keys(CASE_CONVERSIONS).join(", ")})`);
        return convert(String(value));
      });
      if (isFile && out.endsWith(TEMPLATE_SUFFIX)) out = out.slice(0, -TEMPLATE_SUFFIX.length);
      out = rename[out] ?? out;
      if (out === "" || out === "." || out === ".." || out.includes("/")) {
        throw new FailureError(`template path ${relativePath}: renders to the invalid name ${JSON.stringify(out)}`);
      }
      return out;
    })
    .join("/");
}

/** Every regular file under the template's files/ folder, as sorted POSIX paths. */
function listTemplateFiles(root: string, prefix = ""): string[] {
  const entries = readdirSync(join(root, prefix), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
  const files: string[] = [];
  for (const entry of entries) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...listTemplateFiles(root, relative));
    else if (entry.isFile()) files.push(relative);
    else throw new FailureError(`template file ${relative}: only regular files and folders are allowed in a template (found a link or device)`);
  }
  return files;
}
