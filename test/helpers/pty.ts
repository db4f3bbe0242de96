import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";

/**
 * Runs a command under a real pseudo-terminal through util-linux `script`, so
 * the program sees a TTY on stdin and stdout exactly as in a user's terminal.
 */
export class PtySession {
  readonly #child: ChildProcessWithoutNullStreams;
  #output = "";
  readonly exited: Promise<number>;

  constructor(command: string, opts: { cwd: string; env?: NodeJS.ProcessEnv }) {
    this.#child = spawn("script", ["--quiet", "--return", "--flush", "--command", command, "/dev/null"], {
      cwd: opts.cwd,
      env: { ...process.env, TERM: "xterm", COLUMNS: "200", ...opts.env },
    });
    this.#child.stdout.on("data", (chunk: Buffer) => {
      this.#output += chunk.toString("utf8");
    });
    this.exited = new Promise((resolve) => this.#child.on("exit", (code) => resolve(code ?? -1)));
  }

  /** Everything printed so far, with terminal escape sequences removed. */
  get screen(): string {
    // eslint-disable-next-line no-control-regex
    return this.#output.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");
  }

  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.screen)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; screen so far:\n${this.screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Types text followed by Enter. */
  answer(text: string): void {
    this.#child.stdin.write(`${text}\r`);
  }

  /** Sends raw key codes, e.g. "\u0003" for Ctrl-C or "\u007f" for Backspace. */
  press(keys: string): void {
    this.#child.stdin.write(keys);
  }

  kill(): void {
    this.#child.kill("SIGKILL");
  }
}
