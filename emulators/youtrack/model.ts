/** A Hub user as the emulator stores it; `toHubJson` gives the shape the REST API answers. */
export interface HubUser {
  id: string;
  login: string;
  name: string;
  banned: boolean;
  guest: boolean;
  creationTime: number;
  email: { email: string; verified: boolean } | null;
}

export interface HubUserJson {
  type: "user";
  id: string;
  login: string;
  name: string;
  banned: boolean;
  guest: boolean;
  creationTime: number;
  profile: {
    email?: { type: "EmailJSON"; email: string; verified: boolean };
    avatar: { type: "defaultavatar"; url: string };
    locale: { language: string; name: string };
  };
}

export function toHubJson(user: HubUser, baseUrl: string): HubUserJson {
  return {
    type: "user",
    id: user.id,
    login: user.login,
    name: user.name,
    banned: user.banned,
    guest: user.guest,
    creationTime: user.creationTime,
    profile: {
      ...(user.email ? { email: { type: "EmailJSON", email: user.email.email, verified: user.email.verified } } : {}),
      avatar: { type: "defaultavatar", url: `${baseUrl}/hub/api/rest/avatar/${user.id}` },
      locale: { language: "en", name: "en" },
    },
  };
}
