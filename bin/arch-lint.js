#!/usr/bin/env node
import { requireSupportedNode } from "./require-node.js";

requireSupportedNode("arch-lint");
// Exit 1 means findings: anything that ends the run otherwise (a crash, output that cannot be
// written) is 2, never Node's default 1 for an uncaught error.
const EXIT_CRASH = 2;
const debug = Boolean(process.env.DEBUG);
// `arch-lint --print-model | head`: a reader that stops early is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  process.stderr.write(`arch-lint: cannot write the report to standard output (${error.code ?? error.message}); write it to a file with --output <file> instead\n`);
  process.exit(EXIT_CRASH);
});
const crash = (error) => {
  const detail = debug && error instanceof Error && error.stack ? `\n${error.stack}` : "";
  process.stderr.write(`arch-lint: unexpected error: ${error instanceof Error ? error.message : String(error)} (this is a bug; rerun with DEBUG=1 for details and please report it)${detail}\n`);
  process.exit(EXIT_CRASH);
};
process.on("uncaughtException", crash);
process.on("unhandledRejection", crash);
const cli = await import("../dist/cli/arch-lint.js").catch((error) => {
  if (error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
  process.stderr.write("arch-lint: the CLI is not built; run npm install (or npm run build) in its package folder\n");
  process.exit(2);
});
process.exitCode = await cli.main(process.argv.slice(2));
