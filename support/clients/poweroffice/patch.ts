// PowerOffice updates take a JSON Patch (RFC 6902). Callers write `{ EmailAddress: "x", "MailAddress.CountryCode": "NO" }`
// and get `replace` operations: replacing with the same value twice leaves the same record, so updates are
// safe to retry.

export interface PatchOperation {
  op: "replace";
  path: string;
  value: unknown;
}

export function toJsonPatch(changes: Readonly<Record<string, unknown>>): PatchOperation[] {
  const operations = Object.entries(changes).map(([field, value]) => {
    const parts = field.split(".");
    if (parts.some((part) => part === "")) throw new TypeError(`invalid field name for an update: "${field}"`);
    return { op: "replace" as const, path: `/${parts.map(escapePointer).join("/")}`, value };
  });
  if (operations.length === 0) throw new TypeError("an update needs at least one field");
  return operations;
}

// RFC 6901: "~" and "/" inside a reference token.
function escapePointer(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}
