import { InputError } from "../input-error.ts";

/** A configuration problem, told in one line that names the variable. */
export class ConfigError extends InputError {
  readonly variable: string;
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
    this.variable = variable;
  }
}
