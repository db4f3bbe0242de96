#!/usr/bin/env node
import { requireSupportedNode } from "./require-node.js";

requireSupportedNode("create-service");
const cli = await import("../dist/cli/create-service.js").catch((error) => {
  if (error?.code !== "ERR_MODULE_NOT_FOUND") throw error;
  process.stderr.write("create-service: the CLI is not built; run npm install (or npm run build) in its package folder\n");
  process.exit(1);
});
process.exitCode = await cli.main(process.argv.slice(2));
