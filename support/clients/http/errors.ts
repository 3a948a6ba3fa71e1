// One error type for every way a call to YouTrack, PowerOffice or Sesam can fail, carrying the evidence a
// failed test needs (what was sent where, what came back, every attempt). Everything in it is already
// redacted by the transport that built it; this file knows nothing about secrets.

export type ApiErrorCode =
  `http_${number}` | "timeout" | "network" | "invalid_response" | "aborted" | "retries_exhausted";

export interface AttemptRecord {
  attempt: number;
  code: ApiErrorCode | "ok";
  status?: number;
  durationMs: number;
  /** How long the retry policy waited after this attempt before the next one. */
  delayMs?: number;
  /** Why the policy did what it did after this attempt (Retry-After, lookup found the record, ...). */
  note?: string;
}

export interface ApiErrorInit {
  code: ApiErrorCode;
  message: string;
  method: string;
  url: string;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  retryable: boolean;
  /** True when the server cannot have seen the request (connection refused, connect timeout, DNS). */
  notSent?: boolean;
  attempts?: AttemptRecord[];
  issues?: unknown[];
  cause?: unknown;
}

export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly code: ApiErrorCode;
  readonly method: string;
  readonly url: string;
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly retryable: boolean;
  readonly notSent: boolean;
  readonly issues?: unknown[];
  readonly attempts: AttemptRecord[];

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.method = init.method;
    this.url = init.url;
    this.status = init.status;
    this.headers = init.headers;
    this.body = init.body;
    this.retryable = init.retryable;
    this.notSent = init.notSent ?? false;
    this.issues = init.issues;
    this.attempts = init.attempts ?? [];
  }

  /** A copy with other fields replaced; used by the retry policy to attach attempts or reword the message. */
  with(changes: Partial<ApiErrorInit>): ApiError {
    return new ApiError({ ...this.toInit(), ...changes });
  }

  toInit(): ApiErrorInit {
    return {
      code: this.code,
      message: this.message,
      method: this.method,
      url: this.url,
      status: this.status,
      headers: this.headers,
      body: this.body,
      retryable: this.retryable,
      notSent: this.notSent,
      attempts: this.attempts,
      issues: this.issues,
      cause: this.cause,
    };
  }

  /**
   * What a report attaches. A non-ApiError cause is reduced to its name and code: its message is already in
   * this error's (redacted) message, and undici errors hold sockets.
   */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      method: this.method,
      url: this.url,
      status: this.status,
      retryable: this.retryable,
      headers: this.headers,
      body: this.body,
      issues: this.issues,
      attempts: this.attempts,
      cause: describeCause(this.cause),
    };
  }
}

function describeCause(cause: unknown): unknown {
  if (cause === undefined) return undefined;
  if (cause instanceof ApiError) return cause.toJSON();
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return { name: cause.name, code: typeof code === "string" ? code : undefined };
  }
  return typeof cause;
}
