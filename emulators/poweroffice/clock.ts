/**
 * `LastChangedDateTimeOffset` values. .NET keeps 100 ns ticks and prints seven fractional digits; the emulator
 * does the same and never hands out the same tick twice, so two changes in one millisecond stay strictly ordered
 * and `lastChangedDateTimeOffsetGreaterThan=<a value it returned>` never skips or repeats a record.
 */
const TICKS_PER_MS = 10_000n;

export class ChangeClock {
  #last = 0n;

  next(): bigint {
    const now = BigInt(Date.now()) * TICKS_PER_MS;
    this.#last = now > this.#last ? now : this.#last + 1n;
    return this.#last;
  }

  reset(): void {
    this.#last = 0n;
  }
}

/** `2024-05-01T10:00:00.1234567+00:00` (UTC, the offset always written). */
export function formatTicks(ticks: bigint, fractionDigits = 7): string {
  const ms = ticks / TICKS_PER_MS;
  const iso = new Date(Number(ms)).toISOString().slice(0, 19);
  if (fractionDigits === 0) return `${iso}+00:00`;
  const fraction = (ticks % (TICKS_PER_MS * 1000n)).toString().padStart(7, "0").slice(0, fractionDigits);
  return `${iso}.${fraction}+00:00`;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses the date-times .NET model binding accepts for a DateTimeOffset query value: `2021-09-25T08:03:00Z`,
 * `2021-09-25 08:03:00.1234567 -00:00`, a date alone. No offset means UTC (a simplification: .NET would use the
 * server's zone). Returns null when it is not a date-time.
 */
export function parseTicks(raw: string): bigint | null {
  const match = DATE_TIME.exec(raw.trim());
  if (!match) return null;
  const [, y, mo, d, h = "00", mi = "00", s = "00", fraction = "", zone = "Z"] = match;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(ms);
  if (Number.isNaN(ms) || check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return null;
  let offsetMinutes = 0;
  if (zone.toUpperCase() !== "Z") {
    const digits = zone.replace(":", "");
    offsetMinutes = (digits.startsWith("-") ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const fractionTicks = BigInt(fraction.padEnd(7, "0"));
  return (BigInt(ms) - BigInt(offsetMinutes) * 60_000n) * TICKS_PER_MS + fractionTicks;
}
