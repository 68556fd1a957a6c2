// Exit codes of the CLI: 2 for bad input or usage (the user can fix it), 1 for our own failure.

/** Bad arguments or bad input: reported as one line on stderr, exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
}

/**
 * A failure the command reports in its own words (exit code 1, one line, no "internal error"):
 * e.g. a model the user asked for by name that cannot be loaded.
 */
export class CommandFailure extends Error {
  override name = 'CommandFailure';
}
