import type { IncomingHttpHeaders } from "node:http";

/** What a handler answers. The base server sends it, or loses it when a lost-response fault is drawn. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else (other than undefined) is sent as JSON. */
  body?: unknown;
}

export interface RequestContext {
  method: string;
  /** The path without the query string, as sent. */
  path: string;
  url: URL;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  /** The emulator's base URL, e.g. for links it builds. */
  baseUrl: string;
  /** The raw body, read once (limited in size). */
  body(): Promise<Buffer>;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;
