import { EXIT_INTERRUPTED } from "../shared/errors.js";

/**
 * Ctrl-C during a long step (npm install) aborts that step instead of killing
 * create-service at once, so it can still say what was left undone. A second
 * Ctrl-C exits right away, as Node would have the first time.
 */
export async function runInterruptible<T>(work: (cancel: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    controller.abort();
  };
  process.on("SIGINT", onInterrupt);
  try {
    return await work(controller.signal);
  } finally {
    process.off("SIGINT", onInterrupt);
  }
}
