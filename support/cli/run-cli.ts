// One place that turns what a CLI's main ended with into its exit: bad input (an InputError: a command line, a
// variable, a document, a target that refused) is one line and exit 2, a missing file is named, anything else is a
// bug and shows whole with exit 1. Every CLI parses its options with node:util parseArgs through `parseCommandLine`.
import { parseArgs } from "node:util";
import type { ParseArgsConfig } from "node:util";
import { InputError, UsageError } from "../input-error.ts";

export { InputError, UsageError };

/** node:util parseArgs, its complaints as a UsageError (unknown option, missing value). */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // parseArgs goes on about '--' for an unknown option: the option is what the user needs to see.
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    const ambiguous = /^Option '([^']+)' argument is ambiguous/.exec(message);
    const missing = /^Option '(-[-\w]+)[^']*' argument missing/.exec(message);
    if (unknown) throw new UsageError(`unknown option ${unknown[1]}`);
    if (ambiguous)
      throw new UsageError(`${ambiguous[1]}: a value that starts with "-" is written ${ambiguous[1]}=<value>`);
    if (missing) throw new UsageError(`${missing[1]} needs a value`);
    throw new UsageError(message.split("\n")[0] ?? message);
  }
}

/** Splits `own options -- options for the tool it runs`. */
export function splitAtDashDash(argv: readonly string[]): { own: string[]; passed: string[] } {
  const at = argv.indexOf("--");
  return at < 0 ? { own: [...argv], passed: [] } : { own: argv.slice(0, at), passed: argv.slice(at + 1) };
}

/** The exit code and the line an error ends a CLI with. */
export function exitFor(error: unknown, name: string, usage: string): { code: number; message: string } {
  if (error instanceof UsageError) return { code: 2, message: `${name}: ${error.message}\n${usage}` };
  if (error instanceof InputError) return { code: 2, message: `${name}: ${error.message}` };
  const errno = error as NodeJS.ErrnoException | undefined;
  if (errno instanceof Error && errno.code === "ENOENT" && errno.path)
    return { code: 2, message: `${name}: ${errno.path} does not exist` };
  return { code: 1, message: `${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` };
}

/** Runs a CLI's main with the process's arguments and exits with its code, or with what `exitFor` makes of its error. */
export function runCli(name: string, usage: string, main: (argv: string[]) => number | Promise<number>): void {
  Promise.resolve()
    .then(() => main(process.argv.slice(2)))
    .then(
      (code) => process.exit(code),
      (error: unknown) => {
        const { code, message } = exitFor(error, name, usage);
        console.error(message);
        process.exit(code);
      },
    );
}
