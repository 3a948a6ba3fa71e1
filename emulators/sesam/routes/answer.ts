// The one place a node handler's thrown NodeError becomes its reply; anything else is the server's to report.
import type { Handler, RequestContext } from "../../http/types.ts";
import { NodeError, nodeError } from "../errors.ts";

export function answer(handler: Handler): Handler {
  return async (ctx: RequestContext) => {
    try {
      return await handler(ctx);
    } catch (error) {
      if (error instanceof NodeError) return error.reply;
      throw error;
    }
  };
}

/** A boolean query or form parameter: true/false/1/0; absent or empty: the default. */
export function booleanParam(name: string, value: string | null | undefined, fallback: boolean): boolean {
  if (value === null || value === undefined || value === "") return fallback;
  if (value === "true" || value === "1" || value === "True") return true;
  if (value === "false" || value === "0" || value === "False") return false;
  throw nodeError.badParameter(name, "expected true or false");
}

export function integerParam(name: string, value: string | null | undefined, fallback: number, min = 0): number {
  if (value === null || value === undefined || value === "") return fallback;
  if (!/^-?\d+$/.test(value) || Number(value) < min) throw nodeError.badParameter(name, `"${value}" is not an integer >= ${min}`);
  return Number(value);
}
