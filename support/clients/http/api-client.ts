// What the resource clients call: one API call = auth headers + transport attempts under the retry policy +
// the response check. Resource files describe calls (method, path, schema, how safe to repeat) and nothing else.
import { ApiError } from "./errors.ts";
import type { ResponseHandler } from "./response.ts";
import { withRetry, type RetryPolicy, type Safety } from "./retry.ts";
import type { HttpMethod, RequestBody, Transport } from "./transport.ts";
import type { Query } from "./url.ts";

export interface Auth {
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /**
   * Called once per call after a 401 with the headers that were rejected; true when fresh credentials were
   * obtained and the request should be sent once more.
   */
  refresh?(rejected: Record<string, string>, signal?: AbortSignal): Promise<boolean>;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface CallSpec<T> extends CallOptions {
  method: HttpMethod;
  path: string;
  query?: Query;
  body?: RequestBody;
  headers?: Record<string, string>;
  safety: Safety;
  response: ResponseHandler<T>;
  recover?: () => Promise<T | null>;
  /**
   * For deletes: when an earlier attempt's outcome is unknown, a 404 means that attempt did the work, so the
   * call succeeds with this value.
   */
  goneAfterUnknown?: () => T;
}

export class ApiClient {
  readonly transport: Transport;
  readonly #policy: RetryPolicy;
  readonly #auth: Auth;

  constructor(transport: Transport, policy: RetryPolicy, auth: Auth) {
    this.transport = transport;
    this.#policy = policy;
    this.#auth = auth;
  }

  call<T>(spec: CallSpec<T>): Promise<T> {
    let sends = 0;
    let refreshed = false;
    const send = async (headers: Record<string, string>) =>
      this.transport.send(
        {
          method: spec.method,
          path: spec.path,
          query: spec.query,
          body: spec.body,
          headers: { ...headers, ...spec.headers },
          signal: spec.signal,
        },
        ++sends,
      );
    return withRetry({
      policy: this.#policy,
      safety: spec.safety,
      signal: spec.signal,
      recover: spec.recover,
      run: async ({ outcomeUnknown }) => {
        let headers = await this.#headers(spec);
        let res = await send(headers);
        // An expired or revoked token: the request was rejected before it was handled, so one replay is safe.
        const refresh = this.#auth.refresh?.bind(this.#auth);
        if (res.status === 401 && !refreshed && refresh) {
          refreshed = true;
          const rejected = headers;
          if (await this.#guard(spec, () => refresh(rejected, spec.signal))) {
            headers = await this.#headers(spec);
            res = await send(headers);
          }
        }
        if (res.status === 404 && outcomeUnknown && spec.goneAfterUnknown) return spec.goneAfterUnknown();
        if (res.status < 200 || res.status >= 300) throw this.transport.httpError(res);
        const invalid = (problem: string, issues?: unknown[]): ApiError =>
          this.transport.invalidResponse(res, problem, issues);
        return spec.response(res, invalid);
      },
    });
  }

  #headers(spec: CallSpec<unknown>): Promise<Record<string, string>> {
    return this.#guard(spec, () => this.#auth.headers(spec.signal));
  }

  // Getting credentials (PowerOffice's token) is part of the call: the caller aborting it is `aborted` too.
  async #guard<R>(spec: CallSpec<unknown>, step: () => Promise<R>): Promise<R> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof ApiError || !spec.signal?.aborted) throw error;
      const url = this.transport.redactor.text(this.transport.url(spec.path, spec.query));
      throw new ApiError({
        code: "aborted",
        message: `${spec.method} ${url} was aborted by the caller while getting credentials`,
        method: spec.method,
        url,
        retryable: false,
        cause: error,
      });
    }
  }

  close(): Promise<void> {
    return this.transport.close();
  }
}
