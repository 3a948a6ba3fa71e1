// The request log: one entry per HTTP attempt, already redacted, so specs can attach request/response pairs
// to a failed test's report and benchmarks can count requests.

export type Service = "youtrack" | "poweroffice" | "sesam";

export interface RequestLogEntry {
  service: Service;
  method: string;
  url: string;
  status?: number;
  durationMs: number;
  /** 1-based, counting every HTTP request a single client call made (retries, the replay after a 401). */
  attempt: number;
  startedAt: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  /** The failure code and message when no usable answer came back (timeout, network, aborted). */
  error?: string;
}

export type RequestLogHook = (entry: RequestLogEntry) => void;

// Bodies in the log are cut to keep reports readable; errors keep the whole (redacted) body.
const LOG_BODY_LIMIT = 64 * 1024;

export function truncateForLog(body: string | undefined): string | undefined {
  if (body === undefined || body.length <= LOG_BODY_LIMIT) return body;
  return `${body.slice(0, LOG_BODY_LIMIT)}... [${body.length - LOG_BODY_LIMIT} more characters]`;
}
