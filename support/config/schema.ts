import { z } from "zod";
import { parsePumpSettingsList } from "../../emulators/sesam/pump-settings.ts";

const nonEmpty = z.string().trim().min(1, "must not be empty");

const httpUrl = nonEmpty.pipe(
  z
    .string()
    .refine((value) => URL.canParse(value), "is not a URL")
    .refine(
      (value) => !URL.canParse(value) || ["http:", "https:"].includes(new URL(value).protocol),
      "must be an http or https URL",
    )
    .transform((value) => value.replace(/\/+$/, "")),
);

const commaList = z.string().transform((value) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean),
);

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === "" ? String(fallback) : value.trim()))
    .pipe(z.string().regex(/^\d+$/, "must be a whole number").transform(Number))
    .pipe(z.number().int().positive("must be greater than 0"));

const nonNegativeInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === "" ? String(fallback) : value.trim()))
    .pipe(z.string().regex(/^\d+$/, "must be a whole number (0 or more)").transform(Number));

// Sesam's pump settings that decide which runs a node logs (configuration-pump.rst), for the embedded node.
const pumpSettings = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const parsed = parsePumpSettingsList(value ?? "");
    if (parsed.ok) return parsed.settings;
    ctx.addIssue({ code: "custom", message: parsed.problem });
    return {};
  });

/** A whole number >= 0, or undefined when unset (the consumer's default applies). */
const optionalNonNegativeInt = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()))
  .pipe(z.string().regex(/^\d+$/, "must be a whole number of 0 or more").transform(Number).optional());

const FAULT_KEYS = ["latencyMs", "rate429", "retryAfterSeconds", "rate5xx", "dropRate", "lostResponseRate", "seed"];

const faults = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const result: Record<string, number> = {};
    for (const part of (value ?? "")
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [key, raw] = part.split("=", 2).map((p) => p.trim());
      const number = Number(raw);
      if (!key || !FAULT_KEYS.includes(key)) {
        ctx.addIssue({ code: "custom", message: `unknown fault "${key}" (known: ${FAULT_KEYS.join(", ")})` });
      } else if (raw === undefined || raw === "" || !Number.isFinite(number) || number < 0) {
        ctx.addIssue({ code: "custom", message: `fault ${key} needs a number >= 0, got "${raw ?? ""}"` });
      } else if (key.startsWith("rate") || key.endsWith("Rate")) {
        if (number > 1)
          ctx.addIssue({ code: "custom", message: `fault ${key} is a share between 0 and 1, got ${number}` });
        result[key] = number;
      } else {
        result[key] = number;
      }
    }
    return result;
  });

/** Each variable's schema; the loader names the variable in any error. */
export const variableSchemas = {
  YOUTRACK_URL: httpUrl.optional(),
  YOUTRACK_TOKEN: nonEmpty.optional(),
  POWEROFFICE_URL: httpUrl.optional(),
  POWEROFFICE_V1_URL: httpUrl.optional(),
  POWEROFFICE_APPLICATION_KEY: nonEmpty.optional(),
  POWEROFFICE_CLIENT_KEY: nonEmpty.optional(),
  POWEROFFICE_SUBSCRIPTION_KEY: nonEmpty.optional(),
  POWEROFFICE_RATE_LIMIT: positiveInt(10),
  POWEROFFICE_READ_LAG_MS: optionalNonNegativeInt.pipe(z.number().max(60_000, "must be at most 60000").optional()),
  SESAM_URL: httpUrl.optional(),
  SESAM_JWT: nonEmpty.optional(),
  SESAM_PIPES: commaList.optional(),
  SESAM_OBSERVE_PIPES: commaList.optional(),
  SESAM_MERGED_DATASET: nonEmpty.optional(),
  SYNC_DRIVER: z
    .enum(["pump", "wait", "scheduler"], { error: 'must be "pump", "wait" or "scheduler"' })
    .default("pump"),
  SYNC_TIMEOUT_MS: positiveInt(30_000),
  SYNC_MAX_PASSES: positiveInt(2),
  CHECKLIST: commaList.default(["checklists/youtrack-powerofficego.rst"]),
  RELEASE: z.string().trim().optional(),
  TALK_QA_ALLOWED_HOSTS: commaList.default([]),
  TALK_QA_RUN_ID: z
    .string()
    .regex(/^tqa\d{12}[a-z0-9]{4}$/, "must look like tqa<yymmddhhmmss><4 letters or digits>, e.g. tqa261126170350k3x9")
    .optional(),
  TALK_QA_SEED: z
    .string()
    .regex(/^\d{1,10}$/, "must be a whole number (the seed a report prints)")
    .transform(Number)
    .optional(),
  TALK_QA_REPORTS_DIR: nonEmpty.default("reports"),
  TALK_QA_DOTENV: nonEmpty.optional(),
  TALK_QA_EMBEDDED: z.enum(["1"], { error: 'is set by the harness only ("1")' }).optional(),
  TALK_QA_NODE_PROFILE: z.string().optional(),
  TALK_QA_THROTTLE_HUB: z.string().optional(),
  TALK_QA_CODEC_MUTANT: z.string().optional(),
  SANDBOX_DEFECTS: commaList.default([]),
  SANDBOX_THROTTLE: z.enum(["on", "off"], { error: 'must be "on" or "off"' }).default("on"),
  SANDBOX_FAULTS: faults,
  SANDBOX_LATE_WRITE_MS: positiveInt(60_000),
  SANDBOX_PUMP: pumpSettings,
  SANDBOX_RUN_MS: nonNegativeInt(0),
  SANDBOX_READ_LAG_MS: optionalNonNegativeInt.pipe(z.number().max(60_000, "must be at most 60000").optional()),
} as const;
