import { ApiError } from "../clients/http/errors.ts";
import { createPowerOfficeClient } from "../clients/poweroffice/client.ts";
import { createSesamClient } from "../clients/sesam/client.ts";
import { createYouTrackClient } from "../clients/youtrack/client.ts";
import { clientOptions } from "../config/index.ts";
import type { Targets } from "../config/index.ts";
import { nodeProfile, type NodeProfile } from "../sync/node-profile.ts";
import { InputError } from "../input-error.ts";

/** A target that is unreachable, refuses the credentials or lacks a pipe: told in one line, before any write. */
export class PreflightError extends InputError {
  constructor(message: string) {
    super(`preflight: ${message}`);
    this.name = "PreflightError";
  }
}

const HINTS: Record<string, string> = {
  youtrack: "YOUTRACK_URL / YOUTRACK_TOKEN",
  poweroffice: "POWEROFFICE_URL and the POWEROFFICE_* keys",
  sesam: "SESAM_URL / SESAM_JWT",
};

function explain(service: string, url: string, error: unknown): PreflightError {
  const what = !(error instanceof ApiError)
    ? String(error)
    : error.code === "invalid_response"
      ? `invalid_response: answered ${error.status ?? "?"} with something that is not its API`
      : error.status
        ? `answered ${error.status}${error.status === 401 || error.status === 403 ? " (credentials refused)" : ""}`
        : `${error.code}${error.message ? `: ${error.message.split("\n")[0]}` : ""}`;
  return new PreflightError(`${service} at ${new URL(url).origin} ${what}; check ${HINTS[service]}`);
}

/**
 * Read-only checks of every target: reachable, credentials accepted, every pipe of SESAM_PIPES present and enabled.
 * Answers the node's profile: what each pipe reads and writes and which of its runs the node logs.
 */
export async function preflight(targets: Targets, observeOverride: string[] | null = null): Promise<NodeProfile> {
  const options = clientOptions(targets);
  const youtrack = createYouTrackClient({ ...options.youtrack, timeoutMs: 15_000 });
  const poweroffice = createPowerOfficeClient({ ...options.poweroffice, timeoutMs: 15_000 });
  const sesam = createSesamClient({ ...options.sesam, timeoutMs: 15_000 });
  let profile: NodeProfile | undefined;
  try {
    const outcomes = await Promise.allSettled([
      youtrack.users.list({ top: 1 }).catch((error: unknown) => {
        throw explain("youtrack", targets.youtrack.url, error);
      }),
      poweroffice.customers.list({ pageSize: 1 }).catch((error: unknown) => {
        throw explain("poweroffice", targets.poweroffice.url, error);
      }),
      sesam.pipes.list().then(
        (pipes) => {
          const byId = new Map(pipes.map((pipe) => [pipe._id, pipe]));
          for (const id of targets.sesam.pipes) {
            const pipe = byId.get(id);
            if (!pipe) {
              const known = [...byId.keys()].slice(0, 12).join(", ");
              throw new PreflightError(
                `SESAM_PIPES: pipe ${id} does not exist on the node (it has: ${known || "none"})`,
              );
            }
            if (pipe.runtime?.["is-disabled"])
              throw new PreflightError(`SESAM_PIPES: pipe ${id} is disabled on the node`);
          }
          for (const id of observeOverride ?? []) {
            if (!byId.has(id)) throw new PreflightError(`SESAM_OBSERVE_PIPES: pipe ${id} does not exist on the node`);
          }
          profile = nodeProfile(pipes, targets.sesam.pipes, observeOverride);
        },
        (error: unknown) => {
          throw explain("sesam", targets.sesam.url, error);
        },
      ),
    ]);
    const failure = outcomes.find((outcome) => outcome.status === "rejected");
    if (failure) throw failure.reason;
    if (!profile) throw new PreflightError("sesam: the node's pipes were not read");
    return profile;
  } finally {
    await Promise.all([youtrack.close(), poweroffice.close(), sesam.close()]);
  }
}
