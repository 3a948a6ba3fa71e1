import { parseTicks } from "./clock.ts";

/**
 * The OData `$filter` subset v1 callers use: comparisons (`eq ne gt ge lt le`) of a field with a literal,
 * `and`, `or`, `not`, parentheses and `tolower(Field)`. Literals: numbers, 'text' ('' escapes a quote),
 * true/false/null, datetimeoffset'…' and datetime'…'. Field names ignore case (the docs ask for PascalCase),
 * string comparisons do not (use tolower), as the v1 docs say.
 */
export type Value = string | number | boolean | null | { ticks: bigint };

type Node =
  | { kind: "and" | "or"; left: Node; right: Node }
  | { kind: "not"; item: Node }
  | { kind: "compare"; op: string; left: Operand; right: Operand };

type Operand = { kind: "field"; name: string; lower: boolean } | { kind: "literal"; value: Value };

export class ODataError extends Error {
  override name = "ODataError";
}

const OPERATORS = new Set(["eq", "ne", "gt", "ge", "lt", "le"]);

export type Filter = (record: (field: string) => Value | undefined) => boolean;

export function parseFilter(raw: string): Filter {
  const tokens = tokenize(raw);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const keyword = (word: string): boolean => peek()?.toLowerCase() === word;
  const expect = (token: string): void => {
    if (peek() !== token) throw new ODataError(`Expected '${token}' at '${peek() ?? "end"}'`);
    pos++;
  };

  const or = (): Node => {
    let left = and();
    while (keyword("or")) {
      pos++;
      left = { kind: "or", left, right: and() };
    }
    return left;
  };
  const and = (): Node => {
    let left = not();
    while (keyword("and")) {
      pos++;
      left = { kind: "and", left, right: not() };
    }
    return left;
  };
  const not = (): Node => {
    if (keyword("not")) {
      pos++;
      return { kind: "not", item: not() };
    }
    if (peek() === "(") {
      pos++;
      const inner = or();
      expect(")");
      return inner;
    }
    const left = operand();
    const op = peek()?.toLowerCase();
    if (!op || !OPERATORS.has(op)) throw new ODataError(`Invalid operator '${peek() ?? "end"}'`);
    pos++;
    return { kind: "compare", op, left, right: operand() };
  };
  const operand = (): Operand => {
    const token = peek();
    if (token === undefined) throw new ODataError("Unexpected end of filter");
    pos++;
    if (token.toLowerCase() === "tolower") {
      expect("(");
      const name = peek();
      if (!name || !/^[A-Za-z]\w*$/.test(name)) throw new ODataError("tolower expects a field");
      pos++;
      expect(")");
      return { kind: "field", name: name.toLowerCase(), lower: true };
    }
    return literalOrField(token);
  };

  const tree = or();
  if (pos < tokens.length) throw new ODataError(`Unexpected '${peek()}'`);
  return (record) => evaluate(tree, record);
}

function literalOrField(token: string): Operand {
  const typed = /^(datetimeoffset|datetime)'(.*)'$/i.exec(token);
  if (typed) {
    const ticks = parseTicks(typed[2] as string);
    if (ticks === null) throw new ODataError(`Invalid date '${typed[2]}'`);
    return { kind: "literal", value: { ticks } };
  }
  if (token.startsWith("'")) return { kind: "literal", value: token.slice(1, -1).replace(/''/g, "'") };
  if (/^-?\d+(\.\d+)?$/.test(token)) return { kind: "literal", value: Number(token) };
  const lower = token.toLowerCase();
  if (lower === "true" || lower === "false") return { kind: "literal", value: lower === "true" };
  if (lower === "null") return { kind: "literal", value: null };
  if (/^[A-Za-z]\w*$/.test(token)) return { kind: "field", name: lower, lower: false };
  throw new ODataError(`Unexpected '${token}'`);
}

function tokenize(raw: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*(?:((?:datetimeoffset|datetime)?'(?:[^']|'')*')|([()])|([^\s()']+))/giy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < raw.length && (match = pattern.exec(raw)) !== null) {
    tokens.push((match[1] ?? match[2] ?? match[3]) as string);
  }
  if (raw.slice(pattern.lastIndex).trim() !== "") throw new ODataError("Unterminated string in filter");
  return tokens;
}

function evaluate(node: Node, record: (field: string) => Value | undefined): boolean {
  switch (node.kind) {
    case "and":
      return evaluate(node.left, record) && evaluate(node.right, record);
    case "or":
      return evaluate(node.left, record) || evaluate(node.right, record);
    case "not":
      return !evaluate(node.item, record);
    case "compare":
      return compare(node.op, value(node.left, record), value(node.right, record));
  }
}

function value(operand: Operand, record: (field: string) => Value | undefined): Value {
  if (operand.kind === "literal") return operand.value;
  const found = record(operand.name);
  if (found === undefined) throw new ODataError(`Could not find a property named '${operand.name}'`);
  return operand.lower && typeof found === "string" ? found.toLowerCase() : found;
}

function compare(op: string, left: Value, right: Value): boolean {
  const [a, b] = [comparable(left), comparable(right)];
  if (op === "eq") return a === b;
  if (op === "ne") return a !== b;
  if (a === null || b === null || typeof a !== typeof b) return false;
  switch (op) {
    case "gt":
      return a > b;
    case "ge":
      return a >= b;
    case "lt":
      return a < b;
    default:
      return a <= b;
  }
}

function comparable(value: Value): string | number | boolean | bigint | null {
  return typeof value === "object" && value !== null ? value.ticks : value;
}
