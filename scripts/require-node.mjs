// Run by `npm install` (prepare) and `npm test` (pretest) before anything that needs a supported Node.
// npm puts node_modules/.bin first on PATH, and tools/dev-node puts Node 24 there on the platforms
// the registry publishes it for; anywhere else the machine's own node must do, and this says so in one line.
import { requireSupportedNode } from "../bin/require-node.js";

requireSupportedNode("create-service");
