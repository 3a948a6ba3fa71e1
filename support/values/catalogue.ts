// The values that break syncs, per kind of value: each with why it is there (what a careless sync does to it) and
// what the target APIs accept, from their documentation. Only values both APIs accept are sent (none documents a
// limit or format for e-mails, names or titles: PowerOffice's v2 OpenAPI gives maxLength only for address lines
// (200), City (100), ZipCode and ExternalCode (50); Hub documents none; RFC 5321 caps an address at 254 characters
// and a local part at 64). Text values carry the run's tag and the test's unique part, so they stay unique to the
// run and a record the sync made from one is found and removed; a country code, a number or a boolean cannot.
import type { DataType, PropertyCodec, Scalar, ValueKind } from "../codecs/index.ts";

export interface EdgeContext {
  tag: string;
  /** Unique within the run: the test's, plus the value's own number. */
  unique: string;
  /** The property's documented maximum length, if any. */
  maxLength: number | undefined;
}

export interface EdgeValue {
  /** What the value is, as reports and failure messages name it. */
  name: string;
  /** What a careless sync does to it, and what the APIs say. */
  why: string;
  make(context: EdgeContext): Scalar;
}

/** `text` made exactly `length` characters long: padded with `fill` before its last part, or cut. */
function toLength(head: string, tail: string, length: number, fill = "x"): string {
  const room = length - head.length - tail.length;
  return room >= 0
    ? `${head}${fill.repeat(Math.ceil(room / fill.length)).slice(0, room)}${tail}`
    : `${head}${tail}`.slice(0, length);
}

/** A domain of exactly `length` characters under example.com, in labels of letters (none empty). */
function domainOf(length: number): string {
  const base = "example.com";
  let labels = "";
  for (let i = 0; labels.length + base.length < length; i++) labels += `${"mail"}${i}.`;
  const domain = `${labels}${base}`;
  // Too long by a few: trim the first label (never below one character).
  const extra = domain.length - length;
  return extra > 0 ? `${domain.slice(0, 5 - Math.min(extra, 4))}${domain.slice(5)}` : domain;
}

const LONG_TEXT = 100;

const text = (kind: "person-name" | "free-text"): EdgeValue[] => [
  {
    name: "Norwegian letters",
    why: "æøå ÆØÅ: a sync that folds letters outside ASCII writes o for ø",
    make: (c) => `Bjørn Ødegård-Ærø Åsen ${c.tag}-${c.unique}`,
  },
  {
    name: "accents",
    why: "é and ü: the same, for other Latin letters",
    make: (c) => `José Müller ${c.tag}-${c.unique}`,
  },
  {
    name: "apostrophe and hyphen",
    why: "an apostrophe a careless sync escapes or drops, a hyphen it splits on",
    make: (c) => `O'Neill-Brekke ${c.tag}-${c.unique}`,
  },
  {
    name: "inner double space",
    why: '"string" compares exactly: a sync that collapses or trims whitespace changes the value',
    make: (c) => `Anne  Marie ${c.tag}-${c.unique}`,
  },
  {
    name: "mixed case",
    why: '"string" compares case too: a sync that lower- or upper-cases changes the value',
    make: (c) => `McDONALD van der BERG ${c.tag}-${c.unique}`,
  },
  {
    name: kind === "person-name" ? "long name" : "long text",
    why: "at the API's documented maximum length (100 characters where none is documented): a sync that truncates cuts it",
    make: (c) => toLength(`Long ${c.tag}-${c.unique} `, " end", c.maxLength ?? LONG_TEXT, "abcdefghij"),
  },
];

const CATALOGUE: Record<ValueKind, EdgeValue[]> = {
  email: [
    {
      name: "mixed case",
      why: '"string" compares case too; an e-mail\'s local part is case-sensitive (RFC 5321): a sync that lower-cases breaks it',
      make: (c) => `Kari.NORDMANN.${c.tag}.${c.unique}@example.com`,
    },
    {
      name: "+tag",
      why: "sub-addressing (kari+tag@): a sync that drops the +tag writes another address",
      make: (c) => `kari.nordmann+${c.tag}.${c.unique}@example.com`,
    },
    {
      name: "hyphen, underscore and digits",
      why: "characters a careless validation or escaping mangles",
      make: (c) => `ola-mari_2026.${c.tag}.${c.unique}@example.com`,
    },
    {
      name: "subdomain",
      why: "a domain of several labels",
      make: (c) => `kari.${c.tag}.${c.unique}@mail.post.example.com`,
    },
    {
      name: "letters outside ASCII",
      why: "an internationalised local part (RFC 6531): a sync that folds letters outside ASCII writes another address; neither API documents refusing one (PowerOffice validates contact-person e-mails 'for typos' by an unpublished rule)",
      make: (c) => `bjørn.ødegård.${c.tag}.${c.unique}@example.com`,
    },
    {
      name: "64-character local part",
      why: "the longest local part RFC 5321 allows: a sync that truncates cuts it",
      make: (c) => `${toLength(`k.${c.tag}.${c.unique}.`, "", 64)}@example.com`,
    },
    {
      name: "120-character address",
      why: "long, well under the 254 RFC 5321 allows (neither API documents a limit): a sync that truncates at a shorter length cuts it",
      make: (c) => `${toLength(`long.${c.tag}.${c.unique}.`, "", 64)}@${domainOf(120 - 65)}`,
    },
  ],
  "person-name": text("person-name"),
  "free-text": text("free-text"),
  phone: [
    { name: "spaced", why: "spaces a sync may strip", make: () => "+47 22 33 44 55" },
    { name: "compact", why: "the form PowerOffice's examples use", make: () => "+4712345678" },
    { name: "punctuated", why: "brackets and hyphens a sync may strip", make: () => "(+47) 22-33-44-55" },
  ],
  "country-code": [
    { name: "upper case", why: "ISO 3166-1 alpha-2 as PowerOffice documents it", make: () => "SE" },
    {
      name: "lower case",
      why: "PowerOffice documents no case rule for CountryCode: a sync that upper-cases (or folds) it changes the value",
      make: () => "dk",
    },
  ],
  url: [
    {
      name: "query and fragment",
      why: "characters (?, &, #, %) a careless sync encodes or cuts",
      make: (c) => `https://example.com/${c.tag}/${c.unique}?q=%C3%A6&x=1#part`,
    },
    {
      name: "no scheme",
      why: "as PowerOffice's example (www.customerswebsite.net)",
      make: (c) => `www.example.com/${c.tag}/${c.unique}`,
    },
  ],
  zip: [
    { name: "leading zero", why: "a sync that reads it as a number drops the zero", make: () => "0150" },
    {
      name: "with a country prefix and a space",
      why: "letters, a hyphen and a space in a postal code",
      make: () => "SE-111 22",
    },
  ],
  login: [
    {
      name: "dots and hyphens",
      why: "characters a careless sync escapes",
      make: (c) => `${c.tag}-${c.unique}.o-neill`,
    },
  ],
  identifier: [
    {
      name: "leading zeros",
      why: "a sync that reads it as a number drops them",
      make: (c) => `00${c.unique.replace(/\D/g, "")}42`,
    },
    { name: "letters and hyphens", why: "not all identifiers are numbers", make: (c) => `ID-${c.unique}` },
  ],
  integer: [
    { name: "zero", why: "falsy: a sync that tests for a value skips it", make: () => 0 },
    { name: "negative", why: "a sign", make: () => -42 },
    { name: "past 32 bits", why: "a sync that stores a 32-bit integer overflows", make: () => 2_147_483_653 },
  ],
  float: [
    { name: "decimals", why: "a sync that rounds or reads an integer loses them", make: () => 1234.5678 },
    { name: "small fraction", why: "below a cent", make: () => 0.001 },
    { name: "negative", why: "a sign", make: () => -17.25 },
  ],
  boolean: [
    { name: "false", why: "falsy: a sync that tests for a value skips it", make: () => false },
    { name: "true", why: "a sync may set a flag but never clear or set it back", make: () => true },
  ],
};

/** The edge values a property of this kind is tested with, each on a linked pair of its own (specs/values.spec.ts). */
export function edgeValuesFor(property: PropertyCodec, type: DataType): readonly EdgeValue[] {
  // The checklist's data type wins over the property's: a number a document calls a "string" is compared as text.
  const kind =
    type === "string"
      ? property.kind === "integer" || property.kind === "float" || property.kind === "boolean"
        ? "free-text"
        : property.kind
      : type;
  return CATALOGUE[kind];
}
