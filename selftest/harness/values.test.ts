// Test values are built to expose lossy syncs, and carry the run's tag.
import { expect, test } from "@playwright/test";
import { findRunTag, newRunId } from "../../support/run/run-id.ts";
import { fakePerson, freshValue, seededFaker, seedFor } from "../../support/values/fresh-value.ts";
import { edgeValuesFor } from "../../support/values/catalogue.ts";
import { youtrackUsers } from "../../support/codecs/youtrack.ts";
import { powerofficeCustomers } from "../../support/codecs/poweroffice.ts";
import type { PropertyCodec } from "../../support/codecs/index.ts";

const tag = newRunId(new Date("2026-11-26T17:03:50Z"));

test("run ids encode their start time and are found in any text", () => {
  expect(tag).toMatch(/^tqa261126170350[a-z0-9]{4}$/);
  expect(findRunTag(`Kari.Nordmann.${tag}.w0-1@example.com`)).toEqual({
    runId: tag,
    startedAt: new Date("2026-11-26T17:03:50Z"),
  });
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

test("a run's values are seeded: the same seed and test give the same values, another seed others", () => {
  const draw = (runSeed: number, testPath: string) => {
    const faker = seededFaker(seedFor(runSeed, testPath));
    return [fakePerson(faker), freshValue("Title", "string", { tag, unique: "w0-1" }, faker)];
  };
  expect(draw(42, "flow > row 36")).toEqual(draw(42, "flow > row 36"));
  expect(draw(42, "flow > row 36")).not.toEqual(draw(43, "flow > row 36"));
  expect(draw(42, "flow > row 36")).not.toEqual(draw(42, "flow > row 39"));
});

test("the edge-value catalogue: every e-mail is well formed and tagged, text values carry the tag, lengths are as named", () => {
  const context = { tag, unique: "w1-12-e1", maxLength: undefined };
  const emails = edgeValuesFor(youtrackUsers.property("profile.email") as PropertyCodec, "string").map(
    (v) => [v.name, v.make(context)] as const,
  );
  for (const [name, email] of emails) {
    expect(typeof email === "string" && email.includes(tag), name).toBe(true);
    expect(String(email), name).toMatch(/^[^\s@]+@[a-z0-9.-]+\.[a-z]{2,}$/);
    expect(String(email).length, name).toBeLessThanOrEqual(254);
  }
  expect(String(Object.fromEntries(emails)["64-character local part"]).split("@")[0]).toHaveLength(64);
  expect(String(Object.fromEntries(emails)["120-character address"])).toHaveLength(120);
  // A documented maximum is used where there is one (v2 ContactAddressDto City: 100; AddressLine1: 200).
  const line1 = powerofficeCustomers.property("MailAddress.AddressLine1") as PropertyCodec;
  const long = edgeValuesFor(line1, "string").find((v) => v.name === "long text");
  expect(String(long?.make({ ...context, maxLength: line1.maxLength }))).toHaveLength(200);
  expect(edgeValuesFor(line1, "string").map((v) => v.name)).toContain("Norwegian letters");
  // The data type decides: an integer row gets numbers, a boolean row both values.
  expect(edgeValuesFor(line1, "integer").every((v) => typeof v.make(context) === "number")).toBe(true);
  expect(edgeValuesFor(line1, "boolean").map((v) => v.make(context))).toEqual([false, true]);
});
