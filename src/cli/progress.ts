import type { Writable } from "node:stream";
import type { StepResult } from "../scaffold/post-steps.js";

/**
 * A spinner in a terminal, a plain start/end line elsewhere (CI logs, pipes),
 * nothing at all with --quiet or --json.
 */
export interface Progress {
  stream: Writable & { isTTY?: boolean };
  enabled: boolean;
}

export interface StepDisplay {
  /** The step handles Ctrl-C itself (see interrupt.ts), so the spinner must not exit the process on SIGINT. */
  handlesInterrupt?: boolean;
}

export async function runStep(progress: Progress, label: string, step: () => Promise<StepResult>, display: StepDisplay = {}): Promise<StepResult> {
  if (!progress.enabled) return step();
  if (!progress.stream.isTTY) {
    progress.stream.write(`${label}...\n`);
    return step();
  }
  const { default: yoctoSpinner } = await import("yocto-spinner");
  const spinner = yoctoSpinner({ text: label, stream: progress.stream as NodeJS.WriteStream, handleSignals: !display.handlesInterrupt }).start();
  const result = await step();
  if (result.status === "done") spinner.success(label);
  else if (result.status === "skipped" || result.status === "interrupted") spinner.warning(`${label}: ${result.detail ?? result.status}`);
  else spinner.error(`${label}: failed`);
  return result;
}
