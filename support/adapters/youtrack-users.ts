import type { YouTrackClient } from "../clients/youtrack/client.ts";
import type { HubUser } from "../clients/youtrack/schemas.ts";
import type { PropertyCodec, Scalar } from "../codecs/index.ts";
import { mergedWrites } from "./nested.ts";
import { collect, unlessGone } from "./scan.ts";
import type { SystemDatatype } from "../datatypes/types.ts";
import type { RecordRef, SeedInput, TenantAdapter } from "./types.ts";

// The properties that write the client's `email` input: findByEmail scans for them with a minimal projection.
const isEmailProperty = (property: PropertyCodec) => "email" in property.write(null);

function userText(user: HubUser): string {
  return [user.login, user.name, user.profile?.email?.email].filter(Boolean).join(" ");
}

export function youtrackUsersAdapter(client: YouTrackClient, entry: SystemDatatype): TenantAdapter {
  const ref = (user: HubUser): RecordRef => ({ adapter: entry.key, id: user.id });
  return {
    key: entry.key,
    system: "youtrack",
    label: entry.label,
    codec: entry.codec,
    changeClock: "observed",

    // Hub documents no replica: a user is readable once created.
    visible: async () => undefined,

    async create(seed: SeedInput) {
      // Hub creates with login, name and email; anything else the test seeds is a follow-up update.
      const changes: Record<string, unknown> = mergedWrites(seed.values);
      const { email, ...rest } = changes;
      const user = await client.users.create({
        login: `${seed.tag}-${seed.unique}`.toLowerCase(),
        name: `${seed.person.firstName} ${seed.person.lastName} ${seed.tag}`,
        ...(typeof email === "string" ? { email } : {}),
      });
      if (Object.keys(rest).length > 0) await client.users.update(user.id, rest);
      return ref(user);
    },

    read: (target) => unlessGone(() => client.users.get(target.id)),

    async write(target, property, value: Scalar) {
      await client.users.update(target.id, property.write(value));
    },

    remove: async (target) => (await unlessGone(() => client.users.delete(target.id).then(() => true))) ?? false,

    async findByValue(property, value) {
      // Hub cannot filter by change time: every search is a scan (an email one reads three fields per user).
      if (isEmailProperty(property) && typeof value === "string") {
        return (await client.users.findByEmail(value)).map(ref);
      }
      return collect(client.users.listAll(), (user) => (property.read(user) === value ? ref(user) : undefined));
    },

    findTagged: (pattern) =>
      collect(client.users.listAll(), (user) =>
        pattern.test(JSON.stringify(user)) ? { ref: ref(user), text: userText(user) } : undefined,
      ),
  };
}
