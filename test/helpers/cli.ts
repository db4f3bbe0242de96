import { execa } from "execa";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const CREATE_SERVICE_BIN = fileURLToPath(new URL("../../bin/create-service.js", import.meta.url));

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs the built create-service binary as a user would: a child process, no terminal on stdin. */
export async function runCreateService(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  const result = await execa(process.execPath, [CREATE_SERVICE_BIN, ...args], {
    cwd: opts.cwd,
    env: { NO_COLOR: "1", ...opts.env },
    reject: false,
    stdin: "ignore",
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** Non-empty lines of a stream's output. */
export const lines = (text: string): string[] => text.split("\n").filter((line) => line.trim() !== "");
