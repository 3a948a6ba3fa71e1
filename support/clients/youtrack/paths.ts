// Every Hub path the YouTrack client uses, in one place: user management lives in Hub
// (<YouTrack>/hub/api/rest) today and moves into YouTrack's own REST API with YouTrack 2026.1.
import { joinUrl, segment } from "../http/url.ts";

/**
 * The Hub REST base. `hubUrl` is for installations where Hub is not at `<YouTrack>/hub` (a standalone Hub);
 * Sesam's connector uses the `/hub/rest` alias, the documented form is `/hub/api/rest`.
 */
export function hubRestBase(youtrackUrl: string, hubUrl?: string): string {
  return hubUrl ? joinUrl(hubUrl, "api/rest") : joinUrl(youtrackUrl, "hub/api/rest");
}

export const hubPaths = {
  users: () => "/users",
  user: (id: string) => `/users/${segment(id)}`,
} as const;

/** The projection every user read asks for (Hub returns only id and type without one). */
export const USER_FIELDS = "id,login,name,banned,guest,creationTime,lastAccessTime,profile(email(email,verified))";
