// What Hub answers about users. Loose: Hub adds fields (avatar, locale, aliases) the harness does not read.
import { z } from "zod";

export const HubEmailSchema = z.looseObject({
  email: z.string().nullish(),
  verified: z.boolean().nullish(),
});

export const HubUserSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().optional(),
  login: z.string(),
  name: z.string().nullish(),
  banned: z.boolean().nullish(),
  guest: z.boolean().nullish(),
  creationTime: z.number().nullish(),
  lastAccessTime: z.number().nullish(),
  profile: z.looseObject({ email: HubEmailSchema.nullish() }).nullish(),
});
export type HubUser = z.infer<typeof HubUserSchema>;

// `users` may be left out of an empty page.
export const HubUserPageSchema = z.looseObject({
  type: z.string().optional(),
  skip: z.number().int().optional(),
  top: z.number().int().optional(),
  total: z.number().int().optional(),
  users: z.array(HubUserSchema).optional(),
});

/** The user's email as a string (`profile.email.email`), if any. */
export function hubUserEmail(user: HubUser): string | undefined {
  return user.profile?.email?.email ?? undefined;
}
