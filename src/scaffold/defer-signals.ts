/**
 * Holds SIGINT and SIGTERM while something must not be cut short. With a
 * listener installed, Node no longer dies on the signal; it runs the listener
 * between tasks, and this listener only records the signal for the caller.
 */
export interface DeferredSignals {
  /** Stops holding; resolves to the first signal that arrived meanwhile, if any. */
  release(): Promise<NodeJS.Signals | undefined>;
}

export function deferSignals(): DeferredSignals {
  let received: NodeJS.Signals | undefined;
  const record = (signal: NodeJS.Signals): void => {
    received ??= signal;
  };
  process.on("SIGINT", record);
  process.on("SIGTERM", record);
  return {
    async release() {
      // A signal that came during synchronous work is queued: the event loop's next poll phase delivers it
      // to `record` before the listeners go (removed first, it would be dropped and the user's Ctrl-C lost).
      // Two immediates: when the work ran from a poll-phase callback, the first one runs before any poll.
      await new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
      process.removeListener("SIGINT", record);
      process.removeListener("SIGTERM", record);
      return received;
    },
  };
}
