/**
 * Errors the CLIs expect and render as one line. Anything else that escapes is
 * a bug and is reported as such (see `renderError`).
 *
 * Exit codes follow eslint: 0 success, 1 failure, 2 usage or configuration error.
 */

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** Interrupted by Ctrl-C (SIGINT), as a shell reports it: 128 + 2. */
export const EXIT_INTERRUPTED = 130;

/** The user asked for something we cannot do: a bad flag, name, path or template. */
export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE;
  override readonly name = "UsageError";
}

/** Something went wrong that is not the user's input (a failed step, a broken template). */
export class FailureError extends Error {
  readonly exitCode = EXIT_FAILURE;
  override readonly name = "FailureError";
}

/** The user cancelled an interactive prompt (Ctrl-C, Ctrl-D). */
export class CancelledError extends Error {
  readonly exitCode = EXIT_FAILURE;
  override readonly name = "CancelledError";
}

export type ExpectedError = UsageError | FailureError | CancelledError;

export function isExpectedError(error: unknown): error is ExpectedError {
  return error instanceof UsageError || error instanceof FailureError || error instanceof CancelledError;
}

export interface RenderedError {
  exitCode: number;
  text: string;
}

/**
 * Turns any thrown value into the line(s) the user sees. A stack trace is shown
 * only when DEBUG is set, because users act on the message, not on our internals.
 */
export function renderError(error: unknown, opts: { tool: string; debug: boolean }): RenderedError {
  if (isExpectedError(error)) {
    const detail = opts.debug && error.stack ? `\n${error.stack}` : "";
    return { exitCode: error.exitCode, text: `${opts.tool}: ${error.message}${detail}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  const detail = opts.debug && error instanceof Error && error.stack ? `\n${error.stack}` : "";
  return {
    exitCode: EXIT_FAILURE,
    text: `${opts.tool}: unexpected error: ${message} (this is a bug; rerun with DEBUG=1 for details and please report it)${detail}`,
  };
}

/** Node's system errors carry a string `code` such as ENOENT or EACCES. */
export function errnoCode(error: unknown): string | undefined {
  if (error && typeof error === "object" && "code" in error && typeof (error as { code: unknown }).code === "string") {
    return (error as { code: string }).code;
  }
  return undefined;
}
