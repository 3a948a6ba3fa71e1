import { randomBytes } from "node:crypto";

export interface IssuedToken {
  token: string;
  expiresAt: number;
  /** Whose rate limit the calls made with it count against (v2: the subscription key; v1: the application key). */
  throttleKey: string;
}

export type TokenCheck =
  | { ok: true; token: IssuedToken }
  | { ok: false; reason: "missing" | "malformed" | "unknown" }
  | { ok: false; reason: "expired"; expiresAt: number };

/** Opaque access tokens with an expiry fixed when issued (a lifetime change applies to later tokens). */
export class TokenIssuer {
  readonly #tokens = new Map<string, IssuedToken>();

  issue(lifetimeSeconds: number, throttleKey: string, now = Date.now()): IssuedToken {
    this.#forgetExpired(now);
    const issued = {
      token: randomBytes(32).toString("base64url"),
      expiresAt: now + lifetimeSeconds * 1000,
      throttleKey,
    };
    this.#tokens.set(issued.token, issued);
    return issued;
  }

  check(authorization: string | undefined, now = Date.now()): TokenCheck {
    if (!authorization) return { ok: false, reason: "missing" };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return { ok: false, reason: "malformed" };
    const issued = this.#tokens.get(match[1] as string);
    if (!issued) return { ok: false, reason: "unknown" };
    if (issued.expiresAt <= now) return { ok: false, reason: "expired", expiresAt: issued.expiresAt };
    return { ok: true, token: issued };
  }

  #forgetExpired(now: number): void {
    // Keep expired tokens for an hour so a client still gets "expired" rather than "unknown".
    for (const [token, issued] of this.#tokens) if (issued.expiresAt + 3_600_000 < now) this.#tokens.delete(token);
  }
}

/** Reads `Authorization: Basic base64(applicationKey:clientKey)`; undefined when absent or malformed. */
export function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] as string, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
