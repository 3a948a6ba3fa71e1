// The YouTrack client: Hub users behind a permanent token.
import { z } from "zod";
import { ApiClient } from "../http/api-client.ts";
import { commonOptionsShape, parseClientOptions } from "../http/options.ts";
import { Redactor } from "../http/redact.ts";
import { retryPolicy } from "../http/retry.ts";
import { Transport } from "../http/transport.ts";
import { hubRestBase } from "./paths.ts";
import { createUsersResource, type UsersResource } from "./users.ts";

export const YouTrackClientOptionsSchema = z.strictObject({
  /** The YouTrack URL, e.g. https://example.youtrack.cloud (Hub is reached under /hub). */
  baseUrl: z.url(),
  /** A permanent token, `perm:...`, sent as `Authorization: Bearer <token>`. */
  token: z.string().min(1),
  /** Hub's own URL when it is not `<baseUrl>/hub`. */
  hubUrl: z.url().optional(),
  /** How long after a write a read may still miss it (0: Hub documents no replica). */
  readLagMs: z.number().int().min(0).optional(),
  ...commonOptionsShape,
});
export type YouTrackClientOptions = z.input<typeof YouTrackClientOptionsSchema>;

export interface YouTrackClient {
  users: UsersResource;
  /** Masks this client's secrets; for callers that log things the client did not produce. */
  redactor: Redactor;
  close(): Promise<void>;
}

export function createYouTrackClient(options: YouTrackClientOptions): YouTrackClient {
  const config = parseClientOptions("createYouTrackClient", YouTrackClientOptionsSchema, options);
  const redactor = new Redactor([config.token]);
  const transport = new Transport({
    service: "youtrack",
    baseUrl: hubRestBase(config.baseUrl, config.hubUrl),
    redactor,
    onRequest: config.onRequest,
    timeoutMs: config.timeoutMs,
    connectTimeoutMs: config.connectTimeoutMs,
  });
  const authorization = { authorization: `Bearer ${config.token}` };
  const api = new ApiClient(transport, retryPolicy(config.retry), { headers: async () => authorization });
  return { users: createUsersResource(api, config.readLagMs ?? 0), redactor, close: () => api.close() };
}
