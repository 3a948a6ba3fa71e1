// Plain-fetch clients for the emulator tests (fixtures.ts hands them out): the emulators are tested without the
// harness's own clients.
import { SANDBOX_CREDENTIALS } from "../../emulators/credentials.ts";

export const YT_TOKEN = SANDBOX_CREDENTIALS.youtrack.token;
export const PO = SANDBOX_CREDENTIALS.poweroffice;

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** One request; the body is parsed as JSON when it is JSON. */
export async function call<T = unknown>(url: string, init: RequestInit = {}): Promise<Answer<T>> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  if (text !== "" && /json/.test(res.headers.get("content-type") ?? "")) body = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: body as T, text };
}

/** Requests to the Hub users API with the sandbox token. */
export class Hub {
  constructor(readonly url: string) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { Authorization: `Bearer ${YT_TOKEN}`, Accept: "application/json", ...extra };
  }

  get<T = unknown>(path: string): Promise<Answer<T>> {
    return call<T>(`${this.url}${path}`, { headers: this.headers() });
  }

  post<T = unknown>(path: string, body: unknown): Promise<Answer<T>> {
    return call<T>(`${this.url}${path}`, {
      method: "POST",
      headers: this.headers({ "Content-Type": "application/json" }),
      body: JSON.stringify(body),
    });
  }

  delete(path: string): Promise<Answer> {
    return call(`${this.url}${path}`, { method: "DELETE", headers: this.headers() });
  }

  /** Creates a user and returns its full JSON. */
  async user(login: string, email?: string, name?: string): Promise<HubUser> {
    const answer = await this.post<HubUser>("/hub/api/rest/users", {
      login,
      ...(name ? { name } : {}),
      ...(email ? { profile: { email: { email } } } : {}),
    });
    if (answer.status !== 200) throw new Error(`create ${login}: ${answer.status} ${answer.text}`);
    return answer.body;
  }
}

export interface HubUser {
  id: string;
  login: string;
  name: string;
  type: string;
  profile: { email?: { email: string; verified: boolean; type: string } };
}

export function basic(applicationKey: string = PO.applicationKey, clientKey: string = PO.clientKey): string {
  return `Basic ${Buffer.from(`${applicationKey}:${clientKey}`).toString("base64")}`;
}

/** Requests to PowerOffice Go v2 with a token fetched once. */
export class Go {
  #token: string | undefined;
  constructor(readonly url: string) {}

  requestToken(headers: Record<string, string> = {}, body = "grant_type=client_credentials"): Promise<Answer> {
    return call(`${this.url}/OAuth/Token`, {
      method: "POST",
      headers: {
        Authorization: basic(),
        "Content-Type": "application/x-www-form-urlencoded",
        "Ocp-Apim-Subscription-Key": PO.subscriptionKey,
        ...headers,
      },
      body,
    });
  }

  async token(): Promise<string> {
    if (this.#token) return this.#token;
    const answer = await this.requestToken();
    if (answer.status !== 200) throw new Error(`token: ${answer.status} ${answer.text}`);
    this.#token = (answer.body as { access_token: string }).access_token;
    return this.#token;
  }

  async headers(extra: Record<string, string> = {}): Promise<Record<string, string>> {
    return {
      Authorization: `Bearer ${await this.token()}`,
      "Ocp-Apim-Subscription-Key": PO.subscriptionKey,
      ...extra,
    };
  }

  async get<T = unknown>(path: string): Promise<Answer<T>> {
    return call<T>(`${this.url}${path}`, { headers: await this.headers() });
  }

  async post<T = unknown>(path: string, body: unknown): Promise<Answer<T>> {
    return call<T>(`${this.url}${path}`, {
      method: "POST",
      headers: await this.headers({ "Content-Type": "application/json" }),
      body: JSON.stringify(body),
    });
  }

  async patch<T = unknown>(path: string, ops: unknown, type = "application/json-patch+json"): Promise<Answer<T>> {
    return call<T>(`${this.url}${path}`, {
      method: "PATCH",
      headers: await this.headers({ "Content-Type": type }),
      body: JSON.stringify(ops),
    });
  }

  async delete(path: string): Promise<Answer> {
    return call(`${this.url}${path}`, { method: "DELETE", headers: await this.headers() });
  }

  async customer(fields: Record<string, unknown>): Promise<Customer> {
    const answer = await this.post<Customer>("/v2/Customers", fields);
    if (answer.status !== 201) throw new Error(`create customer: ${answer.status} ${answer.text}`);
    return answer.body;
  }
}

/** Requests to PowerOffice Go's legacy v1 host: its own token endpoint, no subscription key. */
export class V1 {
  #token: string | undefined;
  constructor(readonly url: string) {}

  requestToken(body = "grant_type=client_credentials", headers: Record<string, string> = {}): Promise<Answer<V1Token>> {
    return call<V1Token>(`${this.url}/OAuth/Token`, {
      method: "POST",
      headers: { Authorization: basic(), "Content-Type": "application/x-www-form-urlencoded", ...headers },
      body,
    });
  }

  async token(): Promise<string> {
    if (this.#token) return this.#token;
    const answer = await this.requestToken();
    if (answer.status !== 200) throw new Error(`v1 token: ${answer.status} ${answer.text}`);
    this.#token = answer.body.access_token;
    return this.#token;
  }

  async get<T = V1Page>(path: string, token?: string): Promise<Answer<T>> {
    return call<T>(`${this.url}${path}`, { headers: { Authorization: `Bearer ${token ?? (await this.token())}` } });
  }
}

export interface V1Token {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
}

export interface V1Page {
  data: Record<string, unknown>[];
  count: number;
  success: boolean;
}

export interface Customer {
  Id: number;
  Number: number;
  Name: string;
  FirstName: string | null;
  LastName: string | null;
  IsPerson: boolean;
  EmailAddress: string | null;
  InvoiceDeliveryType: string;
  MailAddress: { CountryCode: string; City: string | null; Id: number };
  LastChangedDateTimeOffset: string;
}

export interface ContactPerson {
  Id: number;
  ContactId: number;
  FirstName: string;
  LastName: string;
  EmailAddress: string | null;
  LastChangedDateTimeOffset: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  traceId: string;
  errors?: Record<string, string[]>;
}
