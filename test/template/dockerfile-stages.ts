import { Arg, Cmd, Copy, DockerfileParser, Env, From, Healthcheck, ModifiableInstruction, Run, type Instruction } from "dockerfile-ast";

/**
 * A Dockerfile read into its stages and, in each, the instructions the
 * Dockerfile rehearsal (dockerfile-rehearsal.ts) knows how to carry out.
 * dockerfile-ast does the parsing (line continuations, flags, ENV and ARG
 * properties, stage names, heredocs); this module only says what each
 * instruction asks for. Anything it does not model, an instruction or a flag,
 * is an UnsupportedDockerfileError naming the line, so a Dockerfile cannot
 * outgrow the rehearsal without the rehearsal saying so.
 *
 * Pure: no file system, no processes. Values stay as written ($VAR and all);
 * the rehearsal expands them with expandVariables, since only it knows the
 * ARG and ENV values in force at each instruction.
 */

/** How RUN, CMD and HEALTHCHECK give their command: a JSON array (exec form) or a line for /bin/sh -c (shell form). */
export type CommandForm = { form: "exec"; argv: string[] } | { form: "shell"; script: string };

interface At {
  /** 1-based line of the instruction in the Dockerfile. */
  line: number;
  /** The instruction as written (continuations joined), for messages. */
  text: string;
}

export type Step =
  | (At & { kind: "ARG"; name: string; defaultValue: string | undefined })
  | (At & { kind: "ENV"; vars: Array<[name: string, value: string]> })
  | (At & { kind: "WORKDIR"; path: string })
  | (At & { kind: "COPY"; from: string | undefined; chown: string | undefined; chmod: string | undefined; sources: string[]; dest: string })
  | (At & { kind: "RUN"; command: CommandForm })
  | (At & { kind: "USER"; user: string })
  | (At & { kind: "EXPOSE"; ports: string[] })
  | (At & { kind: "HEALTHCHECK"; options: Record<string, string>; test: CommandForm | "NONE" })
  | (At & { kind: "CMD"; command: CommandForm });

export interface Stage {
  /** Position among the stages, from 0 (what COPY --from=0 names). */
  index: number;
  /** The name after AS, if any. */
  name: string | undefined;
  /** The image after FROM, as written (may hold ${ARG}). */
  image: string;
  line: number;
  steps: Step[];
}

export interface ParsedDockerfile {
  /** Parser directives (# syntax=..., # escape=...). */
  directives: Record<string, string>;
  /** ARGs before the first FROM: visible to FROM lines, and inside a stage only once redeclared there. */
  globalArgs: Array<{ name: string; defaultValue: string | undefined }>;
  stages: Stage[];
}

export class UnsupportedDockerfileError extends Error {
  constructor(line: number, text: string, why: string) {
    super(
      `Dockerfile line ${line}: \`${text}\`: ${why}. The rehearsal (test/template/dockerfile-stages.ts and dockerfile-rehearsal.ts) ` +
        "does not know how to carry this out; teach it, or keep the Dockerfile within what it rehearses.",
    );
    this.name = "UnsupportedDockerfileError";
  }
}

/** Flags each instruction may carry; any other flag is unsupported. */
const KNOWN_FLAGS: Record<string, readonly string[]> = {
  COPY: ["from", "chown", "chmod"],
  RUN: [],
  FROM: [],
  HEALTHCHECK: ["interval", "timeout", "start-period", "start-interval", "retries"],
  CMD: [],
};

export function parseDockerfile(content: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(content);
  const escape = dockerfile.getEscapeCharacter();
  const directives: Record<string, string> = {};
  for (const directive of dockerfile.getDirectives()) directives[directive.getName().toLowerCase()] = directive.getValue();

  const globalArgs: ParsedDockerfile["globalArgs"] = [];
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const line = instruction.getRange().start.line + 1;
    const text = oneLine(instruction, escape);
    const unsupported = (why: string): UnsupportedDockerfileError => new UnsupportedDockerfileError(line, text, why);
    const keyword = instruction.getKeyword();
    checkFlags(instruction, keyword, unsupported);
    if (hasHeredoc(instruction)) throw unsupported("heredocs are not rehearsed");

    if (keyword === "FROM" && instruction instanceof From) {
      const args = instruction.getArguments().map((argument) => argument.getValue());
      const image = args[0];
      if (image === undefined || !(args.length === 1 || (args.length === 3 && args[1]?.toUpperCase() === "AS"))) throw unsupported("expected FROM <image> [AS <name>]");
      stages.push({ index: stages.length, name: args.length === 3 ? args[2] : undefined, image, line, steps: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (keyword === "ARG" && instruction instanceof Arg) {
      const property = instruction.getProperty();
      if (property === null) throw unsupported("expected ARG <name>[=<default>]");
      const arg = { name: property.getName(), defaultValue: property.getValue() ?? undefined };
      if (stage === undefined) globalArgs.push(arg);
      else stage.steps.push({ kind: "ARG", line, text, ...arg });
      continue;
    }
    if (stage === undefined) throw unsupported("only ARG may come before the first FROM");

    switch (keyword) {
      case "ENV": {
        if (!(instruction instanceof Env)) throw unsupported("not parsed as ENV");
        const vars = instruction.getProperties().map((property): [string, string] => {
          const value = property.getValue();
          if (value === null) throw unsupported(`ENV ${property.getName()} has no value`);
          return [property.getName(), value];
        });
        if (vars.length === 0) throw unsupported("ENV without a variable");
        stage.steps.push({ kind: "ENV", line, text, vars });
        break;
      }
      case "WORKDIR":
        stage.steps.push({ kind: "WORKDIR", line, text, path: singleWord(instruction, unsupported) });
        break;
      case "USER":
        stage.steps.push({ kind: "USER", line, text, user: singleWord(instruction, unsupported) });
        break;
      case "EXPOSE": {
        const ports = plainWords(instruction, unsupported);
        if (ports.length === 0) throw unsupported("EXPOSE without a port");
        stage.steps.push({ kind: "EXPOSE", line, text, ports });
        break;
      }
      case "COPY": {
        if (!(instruction instanceof Copy)) throw unsupported("not parsed as COPY");
        const paths = execForm(instruction)?.argv ?? plainWords(instruction, unsupported);
        const dest = paths.at(-1);
        if (paths.length < 2 || dest === undefined) throw unsupported("COPY needs at least one source and a destination");
        stage.steps.push({
          kind: "COPY",
          line,
          text,
          from: flag(instruction, "from"),
          chown: flag(instruction, "chown"),
          chmod: flag(instruction, "chmod"),
          sources: paths.slice(0, -1),
          dest,
        });
        break;
      }
      case "RUN":
        if (!(instruction instanceof Run)) throw unsupported("not parsed as RUN");
        stage.steps.push({ kind: "RUN", line, text, command: command(instruction, escape, unsupported) });
        break;
      case "CMD":
        if (!(instruction instanceof Cmd)) throw unsupported("not parsed as CMD");
        stage.steps.push({ kind: "CMD", line, text, command: command(instruction, escape, unsupported) });
        break;
      case "HEALTHCHECK": {
        if (!(instruction instanceof Healthcheck)) throw unsupported("not parsed as HEALTHCHECK");
        const options: Record<string, string> = {};
        for (const item of instruction.getFlags()) {
          const value = item.getValue();
          if (value === null) throw unsupported(`--${item.getName()} needs a value`);
          options[item.getName()] = value;
        }
        const subcommand = instruction.getSubcommand()?.getValue().toUpperCase();
        if (subcommand === "NONE") {
          stage.steps.push({ kind: "HEALTHCHECK", line, text, options, test: "NONE" });
          break;
        }
        if (subcommand !== "CMD") throw unsupported("expected HEALTHCHECK [options] CMD <command> or HEALTHCHECK NONE");
        // dockerfile-ast leaves the command after CMD unparsed: Docker's own rule decides, a JSON array of strings is the exec form.
        const rest = (instruction.getArgumentsContent() ?? "").replace(/^\s*CMD\s*/i, "");
        stage.steps.push({ kind: "HEALTHCHECK", line, text, options, test: jsonArray(rest) ?? { form: "shell", script: rest } });
        break;
      }
      default:
        throw unsupported(`${keyword} is not an instruction the rehearsal carries out`);
    }
  }
  if (stages.length === 0) throw new UnsupportedDockerfileError(1, "", "the Dockerfile has no FROM");
  return { directives, globalArgs, stages };
}

/**
 * Docker's variable substitution in a builder word: $NAME, ${NAME},
 * ${NAME:-default}, ${NAME:+alternative}; \$ is a literal dollar sign; an
 * unset variable is empty.
 */
export function expandVariables(word: string, lookup: (name: string) => string | undefined): string {
  return word.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)|\$\{[^}]*\}/g, (match, braced?: string, modifier?: string, word?: string, bare?: string) => {
    if (match === "\\$") return "$";
    const name = braced ?? bare;
    if (name === undefined) throw new Error(`unsupported substitution ${match} (only \${NAME}, \${NAME:-word} and \${NAME:+word})`);
    const value = lookup(name);
    if (modifier === ":-") return value === undefined || value === "" ? (word ?? "") : value;
    if (modifier === ":+") return value === undefined || value === "" ? "" : (word ?? "");
    return value ?? "";
  });
}

/** The instruction on one line, as Docker reads it: continuations joined, comment lines inside them dropped. */
function oneLine(instruction: Instruction, escape: string): string {
  const lines = instruction.getTextContent().split(/\r?\n/);
  return lines
    .filter((line, index) => index === 0 || !/^\s*#/.test(line))
    .map((line) => (line.endsWith(escape) ? line.slice(0, -escape.length) : line))
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}

function checkFlags(instruction: Instruction, keyword: string, unsupported: (why: string) => Error): void {
  if (!(instruction instanceof ModifiableInstruction)) return;
  const known = KNOWN_FLAGS[keyword] ?? [];
  for (const item of instruction.getFlags()) {
    if (!known.includes(item.getName())) throw unsupported(`the flag --${item.getName()} of ${keyword} is not rehearsed`);
  }
}

function hasHeredoc(instruction: Instruction): boolean {
  return (instruction instanceof Run || instruction instanceof Copy) && instruction.getHeredocs().length > 0;
}

function flag(instruction: Copy, name: string): string | undefined {
  const found = instruction.getFlags().find((item) => item.getName() === name);
  if (found === undefined) return undefined;
  const value = found.getValue();
  if (value === null || value === "") throw new UnsupportedDockerfileError(instruction.getRange().start.line + 1, instruction.toString(), `--${name} needs a value`);
  return value;
}

/** Words without quotes: quoting rules of the builder's word splitting are not modelled. */
function plainWords(instruction: Instruction, unsupported: (why: string) => Error): string[] {
  const words = instruction.getArguments().map((argument) => argument.getValue());
  if (words.some((word) => /["']/.test(word))) throw unsupported("quoted words are not rehearsed");
  return words;
}

function singleWord(instruction: Instruction, unsupported: (why: string) => Error): string {
  const words = plainWords(instruction, unsupported);
  const [word] = words;
  if (words.length !== 1 || word === undefined) throw unsupported(`expected one word after ${instruction.getKeyword()}`);
  return word;
}

/** The exec form (a JSON array of strings), or undefined when the arguments are no such array. */
function execForm(instruction: Run | Cmd | Copy): { form: "exec"; argv: string[] } | undefined {
  return jsonArray(instruction.getArgumentsContent() ?? "");
}

function jsonArray(text: string): { form: "exec"; argv: string[] } | undefined {
  if (!text.trimStart().startsWith("[")) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === "string")) return { form: "exec", argv: value };
  } catch {
    // not JSON: Docker takes it as the shell form
  }
  return undefined;
}

function command(instruction: Run | Cmd, escape: string, unsupported: (why: string) => Error): CommandForm {
  const exec = execForm(instruction);
  if (exec !== undefined) return exec;
  // The shell form: the raw text after the flags, continuations joined, comment lines inside them dropped.
  const raw = instruction.getRawArgumentsContent();
  if (raw === null || raw.trim() === "") throw unsupported(`${instruction.getKeyword()} without a command`);
  const script = raw
    .split(/\r?\n/)
    .filter((line, index) => index === 0 || !/^\s*#/.test(line))
    .map((line) => (line.endsWith(escape) ? line.slice(0, -escape.length) : `${line}\n`))
    .join("")
    .trim();
  return { form: "shell", script };
}
