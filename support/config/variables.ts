// Every environment variable the harness reads, with what it means. `.env.example` documents the same list;
// a selftest keeps the two in step.
export const VARIABLES = {
  YOUTRACK_URL: "YouTrack base URL (Hub users under /hub/api/rest). Unset with the other URLs: embedded sandbox.",
  YOUTRACK_TOKEN: "YouTrack permanent token (perm:...).",
  POWEROFFICE_URL: "PowerOffice Go base holding /OAuth/Token and /v2 (e.g. https://goapi.poweroffice.net/Demo).",
  POWEROFFICE_V1_URL:
    "PowerOffice Go legacy v1 host (its own /OAuth/Token); derived for goapi.poweroffice.net, required for other hosts.",
  POWEROFFICE_APPLICATION_KEY: "PowerOffice Go application key.",
  POWEROFFICE_CLIENT_KEY: "PowerOffice Go client key.",
  POWEROFFICE_SUBSCRIPTION_KEY: "PowerOffice Go subscription key (Ocp-Apim-Subscription-Key).",
  POWEROFFICE_RATE_LIMIT: "Requests per second allowed per subscription key, shared by all workers (default 10).",
  POWEROFFICE_READ_LAG_MS:
    "How long after a write PowerOffice's reads may still miss it, in ms (default 2000: the docs advise 1-2 s).",
  SESAM_URL: "Sesam node base URL holding /api.",
  SESAM_JWT: "Sesam node JWT.",
  SESAM_PIPES: "Pipes that make one full sync pass, comma-separated, in order.",
  SESAM_OBSERVE_PIPES:
    "Pipes that bring the tenants' records into the node without writing anything back, in order (default: read from the node's pipe config).",
  SESAM_MERGED_DATASET:
    "The dataset holding the node's merged entities, when its pipe config does not show one merging a flow's datatypes.",
  SYNC_DRIVER:
    "pump (start SESAM_PIPES in order, default), wait (the node runs them on its own schedule) or scheduler (the node's run-all-pipes).",
  SYNC_TIMEOUT_MS:
    "Deadline for one sync to propagate a change, in ms (default 30000, or three passes, at most 5 min, when the node's pipes' execution logs show slower runs); allow three of the node's sync passes.",
  SYNC_MAX_PASSES:
    "Most completed passes a negative check waits for before it concludes nothing propagated (default 2: one carries the edit through the chain, one shows nothing more comes of it; a pass with a failed run does not count).",
  CHECKLIST: "Dataflow documents to run, comma-separated (default checklists/youtrack-powerofficego.rst).",
  RELEASE: "The Talk release under test, shown in the reports.",
  TALK_QA_ALLOWED_HOSTS: "Hosts the harness may write to, comma-separated; loopback is always allowed.",
  TALK_QA_RUN_ID:
    "Run id (tag) shared by all workers of one run; generated when unset. Never share it between runs that overlap (shards run with their own): the end of a run removes every record carrying it.",
  TALK_QA_SEED: "Seed of the run's ordinary (faker) values, printed in the reports; set it to replay a run's values.",
  TALK_QA_REPORTS_DIR: "Where reports go (default reports).",
  TALK_QA_DOTENV: "The .env file to read (default .env in the working folder); none reads no file.",
  TALK_QA_EMBEDDED: "Set by the harness when it started the embedded sandbox itself; do not set by hand.",
  TALK_QA_CODEC_MUTANT:
    "Selftests only: makes the harness map one property to a wrong API field (<datatype key>:<property>=<other>), to prove the sandbox does not mirror the harness's mapping.",
  TALK_QA_THROTTLE_HUB:
    "Set by the harness: where the run's workers share PowerOffice's rate limit; do not set by hand.",
  TALK_QA_NODE_PROFILE:
    "Set by the harness: what the preflight read of the node's pipes, for the workers; do not set by hand.",
  SANDBOX_DEFECTS: "Embedded sandbox only: deliberate defects of the reference sync, comma-separated.",
  SANDBOX_THROTTLE: "Embedded sandbox only: PowerOffice throttling on (default) or off.",
  SANDBOX_FAULTS: "Embedded sandbox only: tenant faults, e.g. latencyMs=5,rate429=0.1,rate5xx=0.1,dropRate=0.1.",
  SANDBOX_LATE_WRITE_MS: "Embedded sandbox only: delay of the late-write defect, in ms.",
  SANDBOX_PUMP:
    "Embedded sandbox only: the node's pump settings for every pipe, e.g. log_events_noop_runs=true (default: Sesam's, no-op runs unlogged).",
  SANDBOX_RUN_MS: "Embedded sandbox only: the least time a pipe run takes, in ms (default 0).",
  SANDBOX_READ_LAG_MS: "Embedded sandbox only: how far PowerOffice's GETs lag its writes, in ms (300 is real-like).",
} as const;

export type VariableName = keyof typeof VARIABLES;

/** Prefixes the harness owns: an unknown variable with one of these is a typo, not someone else's setting. */
export const OWNED_PREFIXES = ["YOUTRACK_", "POWEROFFICE_", "SESAM_", "SYNC_", "SANDBOX_", "TALK_QA_"] as const;

/** Variables whose values are secrets: never printed, never written to a report. */
export const SECRET_VARIABLES: readonly VariableName[] = [
  "YOUTRACK_TOKEN",
  "POWEROFFICE_APPLICATION_KEY",
  "POWEROFFICE_CLIENT_KEY",
  "POWEROFFICE_SUBSCRIPTION_KEY",
  "SESAM_JWT",
];
