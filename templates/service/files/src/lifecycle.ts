import type { Logger } from "./logger.ts";

/**
 * Graceful shutdown on SIGTERM (Kubernetes, docker stop) and SIGINT (Ctrl-C):
 * the steps run in order, each after the previous one finished; the whole
 * sequence is bounded, and a second signal or the deadline exits at once.
 */

export interface ShutdownStep {
  name: string;
  run: () => Promise<void> | void;
}

export function handleShutdownSignals(steps: readonly ShutdownStep[], options: { timeoutMs: number; logger: Logger; onStart?: () => void }): void {
  let started = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (started) {
      options.logger.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    started = true;
    options.onStart?.();
    options.logger.info({ signal, timeoutMs: options.timeoutMs }, "shutting down");
    const deadline = setTimeout(() => {
      options.logger.error({ timeoutMs: options.timeoutMs }, "shutdown took too long: exiting anyway");
      process.exit(1);
    }, options.timeoutMs);
    deadline.unref();
    let failed = false;
    for (const step of steps) {
      try {
        await step.run();
      } catch (error) {
        failed = true;
        options.logger.error({ err: error, step: step.name }, "shutdown step failed");
      }
    }
    options.logger.info("shutdown complete");
    process.exit(failed ? 1 : 0);
  };
  process.on("SIGTERM", (signal) => void shutdown(signal));
  process.on("SIGINT", (signal) => void shutdown(signal));
}
