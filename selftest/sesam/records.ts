// What the reference sync's tests seed and read through the stack's clients (the harness's own clients, never
// the node's internals): a pair of records that should link, and the values a test checks.
import { expect } from "@playwright/test";
import type { Stack } from "./stack.ts";

/** A Hub user and a PowerOffice contact person (under the stack's parent customer) with one email and name. */
export async function pair(stack: Stack, email = "ada@example.com", name = "Ada Lovelace") {
  const [first = "Ada", last = "Lovelace"] = name.split(" ");
  const user = await stack.yt.users.create({ login: email.split("@")[0] ?? "user", name, email });
  const contact = await stack.po.contactPersons.create(stack.parentId, {
    FirstName: first,
    LastName: last,
    EmailAddress: email,
  });
  return { user, contact };
}

/** The same pair after the sync settled (linked, unless a defect says otherwise). */
export async function linkedPair(stack: Stack, email?: string, name?: string) {
  const seeded = await pair(stack, email, name);
  await stack.settle();
  return seeded;
}

export const contactOf = (stack: Stack, id: number) => stack.po.contactPersons.get(stack.parentId, id);
export const contactEmail = async (stack: Stack, id: number) => (await contactOf(stack, id)).EmailAddress ?? null;
export const userEmail = async (stack: Stack, id: string) =>
  (await stack.yt.users.get(id)).profile?.email?.email ?? null;

/** Runs the pipes once each, in the order given; every run must complete. */
export async function pumpAll(stack: Stack, pipes: string[]): Promise<void> {
  for (const pipe of pipes) expect((await stack.pump(pipe)).outcome).toBe("completed");
}
