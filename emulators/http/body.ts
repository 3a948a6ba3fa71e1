import type { IncomingMessage } from "node:http";

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** A request body the emulator cannot use; each service turns it into its own error body. */
export class BodyError extends Error {
  override name = "BodyError";
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

export function readBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new BodyError(413, `Request body is larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on("error", (error) => {
      if (!failed) reject(error);
    });
  });
}

/** Parses JSON, with a 400 that says where the JSON broke. An empty body is `undefined`. */
export function parseJson(raw: Buffer): unknown {
  const text = raw.toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BodyError(400, `Malformed JSON body: ${reason}`);
  }
}

export function parseForm(raw: Buffer): URLSearchParams {
  return new URLSearchParams(raw.toString("utf8"));
}

/** The media type of a Content-Type header, lower-cased, without parameters ("" when absent). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

export function isJsonMediaType(type: string): boolean {
  return type === "application/json" || type === "text/json" || /^application\/[\w.-]+\+json$/.test(type);
}
