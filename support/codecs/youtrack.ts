import { datatypeCodec } from "./datatype.ts";
import { fieldCodec } from "./record-paths.ts";

// Hub users. `profile.email` is an object ({ email, verified }); as a checklist value it is its string
// `profile.email.email`, so both paths read and write the same datum.
const email = (path: string) =>
  fieldCodec({ path, type: "string", apiPath: ["profile", "email", "email"], write: (value) => ({ email: value }) });

export const youtrackUsers = datatypeCodec("youtrack", "users", [
  fieldCodec({ path: "id", type: "string", writable: false }),
  fieldCodec({ path: "login", type: "string", empty: undefined }),
  fieldCodec({ path: "name", type: "string", empty: "" }),
  fieldCodec({ path: "banned", type: "boolean", empty: undefined }),
  email("profile.email"),
  email("profile.email.email"),
]);

export const YOUTRACK_CODECS = [youtrackUsers];
