import { isSupportedNodeVersion } from "../../bin/require-node.js";

/**
 * The node of the shell that ran `npx create-service`, when it is one the generated service cannot
 * run on. Inside a clone on an older machine, npx runs us on the project's own Node 24, so our
 * process.version says nothing about the shell; npm's user agent ("npm/11.1.0 node/v20.20.2 linux x64")
 * names the node that npm itself runs on, which is the shell's. Only for npx (npm_command "exec"):
 * under `npm test` the agent names the node of whoever runs the tests, not a user's shell.
 */
export function unsupportedShellNode(env: NodeJS.ProcessEnv): string | undefined {
  if (env.npm_command !== "exec") return undefined;
  const version = /\bnode\/v(\d+\.\d+\.\d+)\b/.exec(env.npm_config_user_agent ?? "")?.[1];
  return version !== undefined && !isSupportedNodeVersion(version) ? version : undefined;
}
