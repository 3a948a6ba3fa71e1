/**
 * What the user gave was wrong (an argument, a variable, a document, a target that refuses): every such error
 * extends this, so a CLI tells it in one line and exits 2, and anything else is a bug (exit 1, the whole error).
 */
export class InputError extends Error {
  override name = "InputError";
}

/** A command line the CLI cannot use: told with the CLI's usage. */
export class UsageError extends InputError {
  override name = "UsageError";
}
