// Comparing the tenants' timestamps exactly: PowerOffice writes LastChangedDateTimeOffset with 100 ns ticks
// (seven fractional digits, .NET's DateTimeOffset), finer than a JavaScript Date, so two changes within one
// millisecond still compare in order.

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** 100 ns ticks since the epoch, or null when the text is not an ISO 8601 date-time. */
export function ticksOf(text: string): bigint | null {
  const match = DATE_TIME.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, fraction = "", zone = "Z"] = match;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return null;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== "Z") {
    const digits = zone.replace(":", "");
    offsetMinutes = (digits.startsWith("-") ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const sub = BigInt(fraction.padEnd(7, "0").slice(0, 7));
  return (BigInt(ms) - BigInt(offsetMinutes) * 60_000n) * 10_000n + sub;
}

/** Negative when a is earlier than b, 0 when equal or either is unreadable, positive when later. */
export function compareInstants(a: string, b: string): number {
  const [ta, tb] = [ticksOf(a), ticksOf(b)];
  if (ta === null || tb === null) return 0;
  return ta < tb ? -1 : ta > tb ? 1 : 0;
}

/** Milliseconds since the epoch (sub-millisecond ticks dropped); NaN when unreadable. */
export function msOf(text: string | undefined): number {
  if (text === undefined) return Number.NaN;
  const ticks = ticksOf(text);
  return ticks === null ? Number.NaN : Number(ticks / 10_000n);
}
