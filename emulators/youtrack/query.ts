import type { HubUser } from "./model.ts";

/**
 * A subset of Hub's query grammar (`<Or> ::= <And> "or" <And>`, `<And> ::= <Sign> "and" <Sign>`,
 * `<Sign> ::= "not"? <Item>`, items: `field: value`, `(…)`, text): enough for `login: x`,
 * `name: {two words}`, `is: banned`, free text and their combinations. Values in braces may hold spaces.
 */
export type UserQuery =
  | { kind: "or" | "and"; items: UserQuery[] }
  | { kind: "not"; item: UserQuery }
  | { kind: "field"; name: string; value: string }
  | { kind: "text"; value: string };

export class QuerySyntaxError extends Error {
  override name = "QuerySyntaxError";
}

type Token = { kind: "word" | "value"; text: string } | { kind: "(" | ")" | ":" };

/**
 * The user query fields the emulator accepts, each confirmed for the current Hub: `login:` (Hub "Search Query
 * Reference": `(login: admin or login: root)`), `name:` and `is: banned` (Hub "Search Query Grammar" examples),
 * `id:` (the Hub REST reference's list of user query fields). `email:` appears in that list only in the Hub 1.0/2.0
 * reference and in no current page found, so it is refused like any unconfirmed field: the harness must not come
 * to depend on it (README, "query").
 */
const FIELDS = new Set(["login", "name", "id", "is"]);

export function parseQuery(raw: string | null): UserQuery | undefined {
  if (raw === null || raw.trim() === "") return undefined;
  const tokens = tokenize(raw);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isKeyword = (word: string): boolean => {
    const token = peek();
    return token?.kind === "word" && token.text.toLowerCase() === word;
  };

  const orExpr = (): UserQuery => {
    const items = [andExpr()];
    while (isKeyword("or")) {
      pos++;
      items.push(andExpr());
    }
    return items.length === 1 ? (items[0] as UserQuery) : { kind: "or", items };
  };
  const andExpr = (): UserQuery => {
    const items = [signExpr()];
    for (;;) {
      if (isKeyword("and")) pos++;
      else if (!startsItem()) break;
      items.push(signExpr());
    }
    return items.length === 1 ? (items[0] as UserQuery) : { kind: "and", items };
  };
  const startsItem = (): boolean => {
    const token = peek();
    return (
      token !== undefined && (token.kind === "(" || token.kind === "word" || token.kind === "value") && !isKeyword("or")
    );
  };
  const signExpr = (): UserQuery => {
    if (isKeyword("not")) {
      pos++;
      return { kind: "not", item: item() };
    }
    return item();
  };
  const item = (): UserQuery => {
    const token = peek();
    if (!token) throw new QuerySyntaxError("unexpected end of query");
    if (token.kind === "(") {
      pos++;
      const inner = orExpr();
      if (peek()?.kind !== ")") throw new QuerySyntaxError('expected ")"');
      pos++;
      return inner;
    }
    if (token.kind !== "word" && token.kind !== "value") throw new QuerySyntaxError(`unexpected "${token.kind}"`);
    pos++;
    if (peek()?.kind === ":") {
      pos++;
      const value = peek();
      if (!value || (value.kind !== "word" && value.kind !== "value")) {
        throw new QuerySyntaxError(`missing value for "${token.text}"`);
      }
      pos++;
      const name = token.text.toLowerCase();
      if (!FIELDS.has(name)) throw new QuerySyntaxError(`unknown field "${token.text}"`);
      return { kind: "field", name, value: value.text };
    }
    return { kind: "text", value: token.text };
  };

  const query = orExpr();
  if (pos < tokens.length) throw new QuerySyntaxError("unexpected trailing input");
  return query;
}

function tokenize(raw: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < raw.length) {
    const char = raw[i] as string;
    if (/\s/.test(char)) {
      i++;
    } else if (char === "(" || char === ")" || char === ":") {
      tokens.push({ kind: char });
      i++;
    } else if (char === "{" || char === '"') {
      const close = raw.indexOf(char === "{" ? "}" : '"', i + 1);
      if (close < 0) throw new QuerySyntaxError(`unclosed ${char}`);
      tokens.push({ kind: "value", text: raw.slice(i + 1, close) });
      i = close + 1;
    } else {
      const match = /^[^\s():{}"]+/.exec(raw.slice(i)) as RegExpExecArray;
      tokens.push({ kind: "word", text: match[0] });
      i += match[0].length;
    }
  }
  return tokens;
}

/** Matching ignores case, as Hub's grammar does; `login:` and `name:` are exact matches. */
export function matchesQuery(user: HubUser, query: UserQuery | undefined): boolean {
  if (!query) return true;
  switch (query.kind) {
    case "or":
      return query.items.some((item) => matchesQuery(user, item));
    case "and":
      return query.items.every((item) => matchesQuery(user, item));
    case "not":
      return !matchesQuery(user, query.item);
    case "text": {
      const needle = query.value.toLowerCase();
      return [user.login, user.name, user.email?.email ?? ""].some((v) => v.toLowerCase().includes(needle));
    }
    case "field":
      return matchesField(user, query.name, query.value.toLowerCase());
  }
}

function matchesField(user: HubUser, name: string, value: string): boolean {
  switch (name) {
    case "login":
      return user.login.toLowerCase() === value;
    case "name":
      return user.name.toLowerCase() === value;
    case "id":
      return user.id.toLowerCase() === value;
    default:
      return (value === "banned" && user.banned) || (value === "guest" && user.guest);
  }
}
