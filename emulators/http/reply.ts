import type { ServerResponse } from "node:http";
import type { Reply } from "./types.ts";

const JSON_TYPE = "application/json; charset=utf-8";

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body, headers: { "Content-Type": JSON_TYPE, ...headers } };
}

export function empty(status: number, headers: Record<string, string> = {}): Reply {
  return { status, headers };
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.writableEnded || res.destroyed) return;
  const headers: Record<string, string> = { ...reply.headers };
  let payload: Buffer | undefined;
  if (typeof reply.body === "string") {
    payload = Buffer.from(reply.body, "utf8");
  } else if (Buffer.isBuffer(reply.body)) {
    payload = reply.body;
  } else if (reply.body !== undefined) {
    payload = Buffer.from(JSON.stringify(reply.body), "utf8");
    if (!hasHeader(headers, "content-type")) headers["Content-Type"] = JSON_TYPE;
  }
  headers["Content-Length"] = String(payload?.length ?? 0);
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}
