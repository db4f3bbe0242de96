import { Writable } from "node:stream";
import { main } from "../../src/cli/arch-lint.js";

/** A stdout or stderr for arch-lint's main() run in this process: keeps what was written. */
export class Capture extends Writable {
  text = "";
  isTTY = false;
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs arch-lint's main() in this process (no build, no child process): its exit code and what it printed. */
export async function runArchLint(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(argv, { stdin: process.stdin, stdout, stderr, cwd, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
