import { CommanderError, type Command } from "commander";
import type { CliIo } from "./io.js";
import { EXIT_OK, EXIT_USAGE } from "../shared/errors.js";

/**
 * Parses argv with commander, writing through `io` and never exiting the
 * process. Returns an exit code when commander already answered (help,
 * version: 0) or refused the arguments (2, with our one-line error format);
 * undefined when the command should go on.
 */
export function parseArgv(program: Command, argv: string[], io: CliIo, tool: string): number | undefined {
  program.exitOverride().configureOutput({
    writeOut: (text) => void io.stdout.write(text),
    writeErr: (text) => void io.stderr.write(text),
    outputError: (text, write) => write(`${tool}: ${text.replace(/^error: /, "").trimEnd().replace(/\.$/, "")}; run ${program.name()} --help for usage\n`),
  });
  try {
    program.parse(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      const informational = error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help";
      return informational ? EXIT_OK : EXIT_USAGE;
    }
    throw error;
  }
  return undefined;
}
