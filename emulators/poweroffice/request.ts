import { isJsonMediaType, mediaType, parseJson } from "../http/body.ts";
import type { RequestContext } from "../http/types.ts";
import { parseTicks } from "./clock.ts";
import { v2Error } from "./errors.ts";
import type { Errors } from "./model.ts";

// Helpers for reading a v2 request the way ASP.NET Core model binding does: query keys ignore case, a
// repeated key gives several values, bad values give a ValidationProblemDetails (thrown: EmulatorServer sends it).

const DEFAULT_PAGE_SIZE = 5000;
const MAX_PAGE_SIZE = 20_000;

export function queryValues(query: URLSearchParams, name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [key, value] of query) if (key.toLowerCase() === wanted) values.push(value);
  return values;
}

function queryValue(query: URLSearchParams, name: string): string | null {
  return queryValues(query, name)[0] ?? null;
}

export interface Paging {
  pageNumber: number;
  pageSize: number;
}

export function readPaging(query: URLSearchParams, errors: Errors): Paging {
  const read = (name: string, fallback: number, max: number): number => {
    const raw = queryValue(query, name);
    if (raw === null || raw.trim() === "") return fallback;
    const value = Number(raw);
    if (!/^\s*\d+\s*$/.test(raw) || value < 1 || value > max) {
      errors[name] = [`The value '${raw}' is not valid for ${name}: use a whole number from 1 to ${max}.`];
      return fallback;
    }
    return value;
  };
  return {
    pageNumber: read("PageNumber", 1, Number.MAX_SAFE_INTEGER),
    pageSize: read("PageSize", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
  };
}

export function page<T>(items: T[], paging: Paging): T[] {
  const start = (paging.pageNumber - 1) * paging.pageSize;
  return items.slice(start, start + paging.pageSize);
}

/** A `…DateTimeOffsetGreaterThan` filter as ticks; undefined when absent. */
export function readTicks(query: URLSearchParams, name: string, errors: Errors): bigint | undefined {
  const raw = queryValue(query, name);
  if (raw === null || raw.trim() === "") return undefined;
  const ticks = parseTicks(raw);
  if (ticks === null) errors[name] = [`The value '${raw}' is not valid.`];
  return ticks ?? undefined;
}

/** Comma-separated ids, in one value or in repeated keys. */
export function readIds(query: URLSearchParams, name: string, errors: Errors): Set<number> | undefined {
  const parts = queryValues(query, name)
    .flatMap((value) => value.split(","))
    .map((part) => part.trim())
    .filter((part) => part !== "");
  if (parts.length === 0) return undefined;
  const bad = parts.find((part) => !/^\d+$/.test(part));
  if (bad !== undefined) {
    errors[name] = [`The value '${bad}' is not valid.`];
    return undefined;
  }
  return new Set(parts.map(Number));
}

/** `customerNos`: "10000-11000, 12000, 13000-" (ranges inclusive, an open end means "and above"). */
export function readNumberRanges(
  query: URLSearchParams,
  name: string,
  errors: Errors,
): ((n: number | null) => boolean) | undefined {
  const raw = queryValue(query, name);
  if (raw === null || raw.trim() === "") return undefined;
  const ranges: [number, number][] = [];
  for (const part of raw
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "")) {
    const match = /^(\d+)(?:\s*(-)\s*(\d+)?)?$/.exec(part);
    if (!match) {
      errors[name] = [`The value '${part}' is not a number or a range of numbers.`];
      return undefined;
    }
    const from = Number(match[1]);
    const to = match[2] ? (match[3] ? Number(match[3]) : Number.MAX_SAFE_INTEGER) : from;
    ranges.push([from, to]);
  }
  return (n) => n !== null && ranges.some(([from, to]) => n >= from && n <= to);
}

/** A route id: ASP.NET answers 400 when a `long` parameter does not bind. */
export function readId(ctx: RequestContext, name: string): number {
  const raw = ctx.params[name] ?? "";
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    throw v2Error.validationProblem({ [name]: [`The value '${raw}' is not valid.`] });
  }
  return Number(raw);
}

/** The query's binding errors, collected by the readers above, as one 400. */
export function assertValid(errors: Errors): void {
  if (Object.keys(errors).length > 0) throw v2Error.validationProblem(errors);
}

/**
 * A JSON request body: 415 for a media type that is not JSON (PATCH also takes application/json-patch+json,
 * which matches `application/*+json`), 400 for an empty or malformed body.
 */
export async function readJson(ctx: RequestContext): Promise<unknown> {
  const type = mediaType(ctx.headers["content-type"]);
  if (!isJsonMediaType(type)) {
    throw v2Error.problem(415, `Content type '${type || "(none)"}' is not supported; send JSON.`);
  }
  const body = parseJson(await ctx.body());
  if (body === undefined) throw v2Error.validationProblem({ "": ["A non-empty request body is required."] });
  return body;
}
