import { processIo, type CliIo } from "./io.js";
import { formatJsonError } from "./create-service-output.js";
import { EXIT_OK, UsageError, errnoCode, renderError } from "../shared/errors.js";
import { packageVersion } from "../shared/package-info.js";
import { UPGRADE } from "./upgrade-name.js";

const TOOL = "create-service";


/**
 * `create-service <name> [options]`. Returns the exit code; only the launcher
 * touches `process.exitCode`, so tests run this in-process.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const json = argv.includes("--json");
  const debug = Boolean(io.env.DEBUG);
  try {
    // --version answers before the generator (commander, yaml, handlebars) is even loaded.
    if (argv.includes("--version") || argv.includes("-V")) {
      io.stdout.write(`${packageVersion()}\n`);
      return EXIT_OK;
    }
    if (argv[0] === UPGRADE) {
      const { upgradeService } = await import("./upgrade-command.js");
      return await upgradeService(argv.slice(1), io);
    }
    const { createService } = await import("./create-service-command.js");
    return await createService(argv, io);
  } catch (error) {
    const rendered = renderError(describePermissionError(error), { tool: TOOL, debug });
    io.stderr.write(`${rendered.text}\n`);
    if (json) io.stdout.write(formatJsonError(rendered.text.replace(`${TOOL}: `, ""), rendered.exitCode));
    return rendered.exitCode;
  }
}

/**
 * A file or folder we may not read or write (a template, a workspace file) is
 * the user's to fix, not a bug: one line naming it, exit 2. The places that
 * can say more (the target folder) do so before this.
 */
function describePermissionError(error: unknown): unknown {
  const code = errnoCode(error);
  if (code !== "EACCES" && code !== "EPERM") return error;
  const { path, syscall } = error as { path?: unknown; syscall?: unknown };
  if (typeof path !== "string") return error;
  return new UsageError(`${path}: permission denied${typeof syscall === "string" ? ` (${syscall})` : ""}; change its permissions, or choose another --dir or --template`);
}
