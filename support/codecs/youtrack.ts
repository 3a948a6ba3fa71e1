import { datatypeCodec } from "./datatype.ts";
import { fieldCodec } from "./record-paths.ts";

// Hub users. `profile.email` is an object ({ email, verified }); as a checklist value it is its string
// `profile.email.email`, so both spellings name one property: one codec, the other spelling an alias.
export const youtrackUsers = datatypeCodec("youtrack", "users", [
  fieldCodec({ path: "id", type: "string", writable: false }),
  fieldCodec({ path: "login", type: "string", empty: undefined }),
  fieldCodec({ path: "name", type: "string", empty: "" }),
  fieldCodec({ path: "banned", type: "boolean", empty: undefined }),
  fieldCodec({
    path: "profile.email.email",
    aliases: ["profile.email"],
    type: "string",
    write: (value) => ({ email: value }),
  }),
]);
