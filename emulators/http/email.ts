/**
 * Both services reject malformed addresses. One rule for both: a local part, one "@", a dotted domain whose last
 * label has two letters or more, and no whitespace. Case is kept as sent everywhere; comparisons ignore it.
 */
const EMAIL = /^[^\s@"(),:;<>[\]\\]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;

export function isWellFormedEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value) && !value.split("@")[0]?.startsWith(".");
}
