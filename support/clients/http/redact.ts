// Masks secrets in everything a client hands out (error messages, URLs, headers, bodies, request-log entries).
// Two nets: the exact secrets the client was configured with or obtained at run time (access tokens), and
// patterns for credentials it was never told about (a token echoed in an error body, a JWT from a proxy).

export const REDACTED = "[REDACTED]";

// Shorter strings are not treated as secrets: masking "1" or "ab" everywhere would wreck the evidence.
const MIN_SECRET_LENGTH = 6;

const SENSITIVE_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "ocp-apim-subscription-key",
  "cookie",
  "set-cookie",
  "x-api-key",
]);

const SENSITIVE_KEYS = "access_token|refresh_token|id_token|client_secret|client_key|password|api_key|apikey|jwt|token";

const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Authorization values, whatever header or text they appear in.
  [/\b(Bearer|Basic)(\s+)[A-Za-z0-9._~+/=:-]+/gi, `$1$2${REDACTED}`],
  // YouTrack permanent tokens.
  [/\bperm:[A-Za-z0-9._~+/=-]+/g, REDACTED],
  // JWT-shaped strings (header.payload[.signature]).
  [/\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g, REDACTED],
  // JSON members holding credentials: "access_token": "..."
  [new RegExp(`("(?:${SENSITIVE_KEYS})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*(")`, "gi"), `$1${REDACTED}$2`],
  // Form or query parameters holding credentials: access_token=...
  [new RegExp(`\\b((?:${SENSITIVE_KEYS})=)[^&\\s"']+`, "gi"), `$1${REDACTED}`],
  // The subscription key written out as a header in free text.
  [/(Ocp-Apim-Subscription-Key["']?\s*[:=]\s*["']?)[^\s"',;}]+/gi, `$1${REDACTED}`],
];

export class Redactor {
  readonly #secrets = new Set<string>();
  #ordered: string[] = [];

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const secret of secrets) this.add(secret);
  }

  /** Registers a secret (and the forms it travels in: URL-encoded, as part of a Basic credential, ...). */
  add(secret: string | undefined): void {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) return;
    const before = this.#secrets.size;
    for (const form of [secret, encodeURIComponent(secret), Buffer.from(secret).toString("base64")]) {
      if (form.length >= MIN_SECRET_LENGTH) this.#secrets.add(form);
    }
    if (this.#secrets.size !== before) {
      // Longest first, so a secret that contains another is masked whole.
      this.#ordered = [...this.#secrets].sort((a, b) => b.length - a.length);
    }
  }

  text(value: string): string {
    let out = value;
    for (const secret of this.#ordered) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }

  headers(headers: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      const lower = name.toLowerCase();
      if (lower === "authorization" || lower === "proxy-authorization") {
        const scheme = /^\s*(\S+)\s+\S/.exec(value)?.[1];
        out[name] = scheme ? `${scheme} ${REDACTED}` : REDACTED;
      } else if (SENSITIVE_HEADERS.has(lower)) {
        out[name] = REDACTED;
      } else {
        out[name] = this.text(value);
      }
    }
    return out;
  }
}
