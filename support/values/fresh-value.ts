import { Faker, base, en, nb_NO } from "@faker-js/faker";
import type { DataType, Scalar } from "../codecs/index.ts";

// Faker is the source of ordinary values, seeded: the run has a seed (TALK_QA_SEED, printed in the reports) and each
// test draws from a generator seeded with it and the test's own id, so a failing run replays with the same values
// whatever the order its tests ran in. Norwegian names first: they bring æøå, which a sync must carry unchanged.
export function seededFaker(seed: number): Faker {
  const faker = new Faker({ locale: [nb_NO, en, base] });
  faker.seed(seed);
  return faker;
}

/** A generator's seed from the run's seed and what it is for (a test id, a worker), stable across runs. */
export function seedFor(runSeed: number, purpose: string): number {
  let hash = 2166136261 ^ runSeed;
  for (const char of purpose) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return hash >>> 0;
}

/** A run seed when none is given. */
export const newRunSeed = (): number => Math.floor(Math.random() * 2 ** 31);

const fallback = seededFaker(newRunSeed());

export interface ValueContext {
  /** The run's tag, carried by every value that can carry text, so leftovers can be found. */
  tag: string;
  /** Unique within the run (worker index + counter), so no two values of a run collide. */
  unique: string;
  /** A value the new one must differ from (the current value), if any. */
  differentFrom?: Scalar;
}

/** A realistic person for a seeded record. */
export function fakePerson(faker: Faker = fallback): { firstName: string; lastName: string } {
  return { firstName: faker.person.firstName(), lastName: faker.person.lastName() };
}

const COUNTRY_CODES = ["NO", "SE", "DK", "FI", "IS", "DE", "GB", "NL"];

/**
 * A new value for a checklist property, chosen to expose lossy syncs: mixed case (lower-casing), longer than
 * 24 characters (truncation), a double inner space in free text (whitespace normalising), the run tag.
 */
export function freshValue(path: string, type: DataType, context: ValueContext, faker: Faker = fallback): Scalar {
  const name = path.toLowerCase();
  const avoid = (candidate: () => Scalar): Scalar => {
    for (let i = 0; i < 20; i++) {
      const value = candidate();
      if (value !== context.differentFrom) return value;
    }
    throw new Error(`could not find a value for ${path} different from ${String(context.differentFrom)}`);
  };
  switch (type) {
    case "boolean":
      return typeof context.differentFrom === "boolean" ? !context.differentFrom : true;
    case "integer":
      return avoid(() => faker.number.int({ min: 10_000, max: 99_999_999 }));
    case "float":
      return avoid(() => faker.number.float({ min: 1, max: 100_000, fractionDigits: 3 }));
    case "string":
      break;
  }
  if (name.includes("email")) return avoid(() => emailAddress(context, fakePerson(faker)));
  if (name.endsWith("countrycode")) return avoid(() => faker.helpers.arrayElement(COUNTRY_CODES));
  if (name.includes("phone")) return avoid(() => `+47 ${faker.string.numeric(8)}`);
  if (name.includes("url")) return avoid(() => `https://example.com/${context.tag}/${context.unique}`);
  if (name.includes("zipcode") || name.includes("postalcode")) return avoid(() => faker.string.numeric(4));
  return avoid(() => `${faker.person.jobTitle()}  ${faker.word.noun()} ${context.tag}-${context.unique}`);
}

/** A mixed-case address at example.com (reserved: never delivered), carrying the run tag. */
export function emailAddress(context: ValueContext, person = fakePerson()): string {
  const local = `${ascii(person.firstName)}.${ascii(person.lastName)}`;
  return `${local}.${context.tag}.${context.unique}@example.com`;
}

// Email local parts stay ASCII: not every API accepts internationalised addresses.
function ascii(text: string): string {
  const folded = text
    .normalize("NFKD")
    .replace(/æ/g, "ae")
    .replace(/Æ/g, "Ae")
    .replace(/ø/g, "o")
    .replace(/Ø/g, "O")
    .replace(/å/g, "a")
    .replace(/Å/g, "A")
    .replace(/[^A-Za-z]/g, "");
  return folded || "Kari";
}
