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

export interface ShutdownOptions {
  timeoutMs: number;
  logger: Logger;
  onStart?: () => void;
  /** For tests: where signals come from and how the process ends. */
  signals?: Pick<NodeJS.EventEmitter, "on">;
  exit?: (code: number) => void;
}

export function handleShutdownSignals(steps: readonly ShutdownStep[], options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let started = false;
  const shutdown = async (signal: NodeJS.Signals): Promise<void> => {
    if (started) {
      options.logger.warn({ signal }, "second signal: exiting now");
      exit(1);
      return;
    }
    started = true;
    options.onStart?.();
    options.logger.info({ signal, timeoutMs: options.timeoutMs }, "shutting down");
    const deadline = setTimeout(() => {
      options.logger.error({ timeoutMs: options.timeoutMs }, "shutdown took too long: exiting anyway");
      exit(1);
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
    clearTimeout(deadline);
    options.logger.info("shutdown complete");
    exit(failed ? 1 : 0);
  };
  const signals = options.signals ?? process;
  signals.on("SIGTERM", () => void shutdown("SIGTERM"));
  signals.on("SIGINT", () => void shutdown("SIGINT"));
}
