/**
 * Sends `signal` to the process group a detached child leads. A group already gone (the child and what it started have
 * exited, though the child's exit is not yet reported) is what stopping wants: ESRCH is no failure.
 */
export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}
