#!/usr/bin/env node
import { requireSupportedNode } from "./require-node.js";

requireSupportedNode("arch-lint");
// `arch-lint --print-model | head`: a reader that stops early is not an error.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});
const cli = await import("../dist/cli/arch-lint.js").catch((error) => {
  if (error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
  process.stderr.write("arch-lint: the CLI is not built; run npm install (or npm run build) in its package folder\n");
  process.exit(2);
});
process.exitCode = await cli.main(process.argv.slice(2));
