// Test values are built to expose lossy syncs, and carry the run's tag.
import { expect, test } from "@playwright/test";
import { findRunTag, newRunId } from "../../support/run/run-id.ts";
import { freshValue } from "../../support/values/fresh-value.ts";

const tag = newRunId(new Date("2026-11-26T17:03:50Z"));

test("run ids encode their start time and are found in any text", () => {
  expect(tag).toMatch(/^tqa261126170350[a-z0-9]{4}$/);
  expect(findRunTag(`Kari.Nordmann.${tag}.w0-1@example.com`)).toEqual({ runId: tag, startedAt: new Date("2026-11-26T17:03:50Z") });
  expect(findRunTag("kari@example.com")).toBeUndefined();
});

test("emails are mixed case, longer than 24 characters, unique, tagged and at example.com", () => {
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const email = freshValue("profile.email.email", "string", { tag, unique: `w0-${i}` }) as string;
    expect(email).toMatch(/^[A-Za-z]+\.[A-Za-z]+\.tqa\w+\.w0-\d+@example\.com$/);
    expect(email).not.toBe(email.toLowerCase());
    expect(email.length).toBeGreaterThan(24);
    seen.add(email);
  }
  expect(seen.size).toBe(50);
});

test("free text has a doubled inner space and the tag; typed values differ from the current one", () => {
  const title = freshValue("Title", "string", { tag, unique: "w0-1" }) as string;
  expect(title).toContain("  ");
  expect(title).toContain(tag);
  expect(freshValue("IsActive", "boolean", { tag, unique: "u", differentFrom: true })).toBe(false);
  for (let i = 0; i < 20; i++) {
    expect(freshValue("MailAddress.CountryCode", "string", { tag, unique: "u", differentFrom: "NO" })).not.toBe("NO");
    expect(Number.isInteger(freshValue("Number", "integer", { tag, unique: "u" }))).toBe(true);
  }
});
