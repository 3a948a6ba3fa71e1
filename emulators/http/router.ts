import type { Handler } from "./types.ts";

interface Route {
  method: string;
  pattern: string;
  segments: string[];
  caseInsensitive: boolean;
  handler: Handler;
}

export type RouteMatch =
  | { kind: "found"; handler: Handler; params: Record<string, string>; route: string }
  | { kind: "method-not-allowed"; allowed: string[]; route: string }
  | { kind: "not-found" };

/**
 * A tiny path router: literal segments and `:name` parameters. Case-insensitive routes model ASP.NET, whose route
 * templates ignore case (Sesam's connector calls `partycontactperson` in lower case).
 */
export class Router {
  readonly #routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler, options: { caseInsensitive?: boolean } = {}): this {
    this.#routes.push({
      method: method.toUpperCase(),
      pattern,
      segments: split(pattern),
      caseInsensitive: options.caseInsensitive ?? false,
      handler,
    });
    return this;
  }

  match(method: string, path: string): RouteMatch {
    const parts = split(path);
    const allowed: string[] = [];
    let matchedPattern: string | undefined;
    for (const route of this.#routes) {
      const params = matchSegments(route, parts);
      if (!params) continue;
      if (route.method === method.toUpperCase()) {
        return { kind: "found", handler: route.handler, params, route: route.pattern };
      }
      allowed.push(route.method);
      matchedPattern ??= route.pattern;
    }
    if (matchedPattern !== undefined) return { kind: "method-not-allowed", allowed, route: matchedPattern };
    return { kind: "not-found" };
  }
}

function split(path: string): string[] {
  return path.split("/").filter((segment) => segment.length > 0);
}

function matchSegments(route: Route, parts: string[]): Record<string, string> | null {
  if (route.segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const expected = route.segments[i] as string;
    const actual = parts[i] as string;
    if (expected.startsWith(":")) {
      params[expected.slice(1)] = safeDecode(actual);
    } else if (route.caseInsensitive ? expected.toLowerCase() !== actual.toLowerCase() : expected !== actual) {
      return null;
    }
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
