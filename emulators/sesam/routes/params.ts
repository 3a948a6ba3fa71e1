// The node API's query and form parameters; a bad one throws the node's 400 (EmulatorServer sends it).
import { nodeError } from "../errors.ts";

/** A boolean query or form parameter: true/false/1/0; absent or empty: the default. */
export function booleanParam(name: string, value: string | null | undefined, fallback: boolean): boolean {
  if (value === null || value === undefined || value === "") return fallback;
  if (value === "true" || value === "1" || value === "True") return true;
  if (value === "false" || value === "0" || value === "False") return false;
  throw nodeError.badParameter(name, "expected true or false");
}

export function integerParam(name: string, value: string | null | undefined, fallback: number, min = 0): number {
  if (value === null || value === undefined || value === "") return fallback;
  if (!/^-?\d+$/.test(value) || Number(value) < min) {
    throw nodeError.badParameter(name, `"${value}" is not an integer >= ${min}`);
  }
  return Number(value);
}
