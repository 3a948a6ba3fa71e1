// Counts the HTTP requests a client call makes, from the request log, and checks the documented number.
import { expect, test } from "@playwright/test";
import type { RequestLogEntry } from "../../../support/clients/http/request-log.ts";

export function counter(log: readonly RequestLogEntry[]) {
  return async <T>(method: string, call: () => Promise<T>, expected: number): Promise<T> => {
    const before = log.length;
    const result = await call();
    const made = log.length - before;
    test.info().annotations.push({ type: "requests", description: `${method}: ${made}` });
    expect(made, `${method} made ${made} requests`).toBe(expected);
    return result;
  };
}
