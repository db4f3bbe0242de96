import { Command, InvalidArgumentError, Option } from "commander";

/** The flags arch-lint owns. */
export interface ArchLintFlags {
  config?: string;
  format?: string;
  output?: string;
  maxWarnings?: number;
  rule?: string[];
  quiet?: boolean;
  color: boolean;
  printModel?: boolean;
  showEnv?: boolean;
  printSchema?: boolean;
  cache?: boolean;
  cacheLocation?: string;
  baseline?: string;
  updateBaseline?: boolean;
}

/** Reporter names; kept here (not imported from the reporters) so --help loads nothing else. */
export const FORMATS = ["stylish", "json", "sarif", "github", "markdown", "gitlab", "junit", "html"] as const;

const EXAMPLES = `
Examples:
  $ arch-lint                                   scan the current folder (a monorepo or one service)
  $ arch-lint services/orders services/users    scan some folders
  $ arch-lint --format sarif --output arch-lint.sarif
  $ arch-lint --format junit --output arch-lint.xml    a test report for Jenkins, GitLab or Azure Pipelines
  $ arch-lint --format gitlab --output gl-code-quality-report.json   GitLab's Code Quality widget
  $ arch-lint --format html --output arch-lint.html   one page to open offline: picture, findings, evidence
  $ arch-lint --rule sync-call-chain=error --max-warnings 0
  $ arch-lint --print-model                     the architecture it understood, as JSON

Config: arch-lint.config.yaml (or .yml, .json), looked up from the first path upward.
Suppress one finding: // arch-lint-disable-next-line <rule-id> -- reason
Adopt on an existing repository: arch-lint --baseline arch-lint.baseline.json --update-baseline,
  commit the file, then run arch-lint --baseline arch-lint.baseline.json in CI: only new findings fail.
Exit codes: 0 no errors (and warnings within --max-warnings), 1 findings, 2 usage or configuration error,
  no service found in code that runs one, a report that cannot be written, or a crash.
`;

/** A bad value is the user's to fix: commander reports an InvalidArgumentError as a usage error (exit 2). */
export function parseMaxWarnings(value: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError("It must be a whole number of warnings, 0 or more (e.g. --max-warnings 0)");
  return n;
}

export function buildProgram(version: string): Command {
  return new Command("arch-lint")
    .description("Find microservice anti-patterns in a repository: shared databases, synchronous call chains, unversioned routes, dual writes, unguarded calls, hardcoded endpoints, missing tracing, imports across services.")
    .version(version, "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "show this help")
    .argument("[paths...]", "folders to scan (default: the current folder)")
    .option("-c, --config <file>", "config file (default: arch-lint.config.yaml/.yml/.json, looked up from the first path upward)")
    .addOption(new Option("-f, --format <name>", "output format (default: stylish; github when GITHUB_ACTIONS=true)").choices(FORMATS))
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--max-warnings <n>", "exit 1 when there are more warnings than this", parseMaxWarnings)
    .option("--rule <id=severity>", "set a rule's severity: off, warn or error (repeatable)", (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option("-q, --quiet", "report errors only")
    .option("--no-color", "no colours in the output")
    .option("--print-model", "print the architecture model (services, libraries, routes, calls, datastores, topics) as JSON and exit; env values other than hosts, ports and database names are masked")
    .option("--show-env", "with --print-model: print every env value unmasked, passwords and tokens included (for debugging; keep it out of CI logs)")
    .option("--print-schema", "print the config file's JSON Schema and exit")
    .option("--cache", "reuse the facts of unchanged files from the last run (node_modules/.cache/arch-lint/facts.json)")
    .option("--cache-location <file>", "where --cache keeps its file")
    .option("--baseline <file>", "findings listed in this file are known: reported as suppressed, they do not fail the run")
    .option("--update-baseline", "write every current finding to the --baseline file (then nothing fails until a new one appears)")
    .showSuggestionAfterError(true)
    .addHelpText("after", EXAMPLES);
}

export interface GraphFlags {
  config?: string;
  format: "mermaid" | "dot" | "svg";
  output?: string;
}

export function buildGraphProgram(version: string): Command {
  return new Command("arch-lint graph")
    .description("Draw the architecture: services, synchronous calls (labelled with routes), datastores, topics; offending edges in red.")
    .version(version, "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "show this help")
    .argument("[paths...]", "folders to scan (default: the current folder)")
    .option("-c, --config <file>", "config file (default: looked up from the first path upward)")
    .addOption(new Option("-f, --format <name>", "mermaid, dot, or svg (drawn in-process by Graphviz compiled to WebAssembly)").choices(["mermaid", "dot", "svg"]).default("mermaid"))
    .option("-o, --output <file>", "write the graph to a file instead of stdout")
    .showSuggestionAfterError(true)
    .addHelpText("after", "\nExamples:\n  $ arch-lint graph > architecture.mmd\n  $ arch-lint graph --format svg --output architecture.svg\n  $ arch-lint graph --format dot > architecture.dot\n");
}

export interface InitFlags {
  force?: boolean;
}

export function buildInitProgram(version: string): Command {
  return new Command("arch-lint init")
    .description("Write arch-lint.config.yaml listing the services discovered in the folder, with comments.")
    .version(version, "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "show this help")
    .argument("[path]", "repository folder (default: the current folder)")
    .option("--force", "replace an existing config file")
    .allowExcessArguments(false);
}
