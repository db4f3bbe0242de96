import { Command, Option } from "commander";
import type { OptionSpec, TemplateSpec } from "../scaffold/template-spec.js";
import { flagName, formatOptionValue } from "../scaffold/option-values.js";
import { defaultValue } from "../scaffold/answers.js";
import { describeNameRules } from "../scaffold/service-name.js";
import { BUILTIN_TEMPLATES, DEFAULT_TEMPLATE } from "../scaffold/builtin-templates.js";
import { describeNamePlaceholders, hasPlaceholder } from "../scaffold/name-placeholders.js";

/** The flags create-service owns; template options are added from template.yaml. */
export interface CoreFlags {
  dir?: string;
  yes?: boolean;
  dryRun?: boolean;
  force?: boolean;
  skipInstall?: boolean;
  skipGit?: boolean;
  template?: string;
  json?: boolean;
  quiet?: boolean;
}

/** Help examples as data; one that uses template flags shows only when the template declares them. */
const EXAMPLES: Array<{ line: string; needs?: string[] }> = [
  { line: "create-service orders                       ask for anything not given (in a terminal)" },
  { line: "create-service orders --yes                 take the defaults for everything not given" },
  { line: `create-service orders --port 8080 --description "Takes and tracks orders"`, needs: ["port", "description"] },
  { line: "create-service orders --publishes order.created --consumes inventory.reserved --calls inventory --yes", needs: ["publishes", "consumes", "calls"] },
  { line: "create-service orders --dir services/orders --skip-install --skip-git" },
  { line: "create-service orders --dry-run             show the files that would be written" },
  { line: "create-service edge --template gateway --routes orders,inventory --yes   an API gateway in front of two services" },
  { line: "create-service orders --template ./my-template --yes" },
  { line: "create-service orders --yes --json          machine-readable result on stdout" },
  { line: "create-service upgrade [dir]                bring a generated service to its template's current version (see create-service upgrade --help)" },
];

const examples = (spec: TemplateSpec): string => {
  const declared = new Set(spec.options.map((option) => option.key));
  const shown = EXAMPLES.filter((example) => (example.needs ?? []).every((key) => declared.has(key)));
  return `
Examples:
${shown.map((example) => `  $ ${example.line}`).join("\n")}

Built-in templates (--template <name>):
${BUILTIN_TEMPLATES.map((template) => `  ${template.name.padEnd(10)}${template.summary}${template.name === DEFAULT_TEMPLATE ? " (the default)" : ""}`).join("\n")}

Exit codes: 0 success; 1 failure (a template file that does not render, a failed write, git or npm step);
2 usage or configuration error (bad flag, name or value, target exists or is not writable, an invalid
--template folder or template.yaml); 130/143 interrupted by SIGINT/SIGTERM.
Inside a workspace root (npm, yarn or pnpm workspaces, Nx, Turborepo) the service goes into the
workspace's services folder and is added to its workspaces list.
`;
};

/** Builds the commander program; `spec` supplies the template's own options. */
export function buildProgram(spec: TemplateSpec, version: string): Command {
  const program = new Command("create-service")
    .description(`Generate a production-grade Node.js service from the "${spec.name}" template (v${spec.version}).`)
    .version(version, "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "show this help")
    .argument("[name]", `service name: ${describeNameRules(spec.serviceName)} (e.g. orders)`)
    .optionsGroup("Options:")
    .option("--dir <path>", "folder to create (default: ./<name>, or <services folder>/<name> in a workspace)")
    .option("-y, --yes", "use defaults for every option not given; never prompt")
    .option("--dry-run", "print the files that would be written, and write nothing")
    .option("--force", "write into an existing, non-empty folder, replacing files with the same path")
    .option("--skip-install", "do not run npm install")
    .option("--skip-git", "do not create a git repository and first commit")
    .option("--template <name|dir>", `the built-in template to use (${BUILTIN_TEMPLATES.map((template) => template.name).join(", ")}; default: ${DEFAULT_TEMPLATE}) or your own template folder (template.yaml + files/)`)
    .option("--json", "print the result as JSON on stdout (implies no prompts and no progress output)")
    .option("-q, --quiet", "print only errors")
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .addHelpText("after", examples(spec));

  program.optionsGroup(`Template options (${spec.name} template; from its template.yaml):`);
  for (const option of spec.options) {
    for (const flag of templateFlags(option)) program.addOption(flag);
  }
  return program;
}

function templateFlags(option: OptionSpec): Option[] {
  const flag = flagName(option);
  const fallback = safeDefault(option);
  const shownDefault = fallback === undefined ? "" : ` (default: ${formatOptionValue(fallback) || "none"})`;
  switch (option.type) {
    case "boolean":
      return [
        new Option(flag, `${option.description}${fallback === true ? " (default: on)" : ""}`),
        new Option(`--no-${flag.slice(2)}`, `turn off ${flag}`),
      ];
    case "integer":
      return [new Option(`${flag} <n>`, `${option.description}${rangeSuffix(option.min, option.max)}${shownDefault}`)];
    case "choice":
      return [new Option(`${flag} <choice>`, `${option.description}: ${option.choices.join(" | ")}${shownDefault}`)];
    case "list":
      return [new Option(`${flag} <items>`, `${option.description}${/comma-separated/.test(option.description) ? "" : ", comma-separated"}${shownDefault}`)];
    case "string":
      return [new Option(`${flag} <text>`, `${option.description}${shownDefault}`)];
  }
}

function rangeSuffix(min: number | undefined, max: number | undefined): string {
  return min !== undefined && max !== undefined ? `, ${min}-${max}` : "";
}

/** Help comes before the name: a default computed from it is described (`The <name> service`, `derived from <name>, 20000-25999`). */
function safeDefault(option: OptionSpec) {
  if (typeof option.default === "string" && hasPlaceholder(option.default)) return describeNamePlaceholders(option.default);
  try {
    return defaultValue(option, "<name>");
  } catch {
    return undefined;
  }
}
