// Restricted arithmetic with units for scenario values ("90s", "1.5Gi", "nodes * 2 / s", "25%"),
// evaluated by a private, locked-down mathjs instance after a whitelist check of the parse tree.
import { all, create, type MathNode, type Unit } from 'mathjs';
import { QuantityError, parseQuantity, value as quantityValue } from '../api/quantity.js';

/** Thrown when a value cannot be parsed, uses a forbidden construct, or has the wrong dimension or range. */
export class ExpressionError extends Error {
  override name = 'ExpressionError';
}

/** What a scenario value means: plain number, whole number, duration (µs), size (bytes), rate (/s), fraction [0,1], bandwidth (bytes/s). */
export type ValueKind = 'number' | 'integer' | 'duration' | 'size' | 'rate' | 'fraction' | 'bandwidth';

/** Named numeric params an expression may refer to. */
export type Scope = Readonly<Record<string, number>>;

/** Functions an expression may call. */
const FUNCTIONS: ReadonlySet<string> = new Set([
  'min', 'max', 'abs', 'ceil', 'floor', 'round', 'sqrt', 'pow', 'log', 'log2', 'log10', 'exp',
]);
const CONSTANTS: ReadonlySet<string> = new Set(['pi', 'e', 'tau']);
/** Plain operator and grouping nodes whose children are checked recursively. */
const COMPOSITE_NODES: ReadonlySet<string> = new Set([
  'OperatorNode', 'ParenthesisNode', 'ConditionalNode', 'RelationalNode',
]);
const FORBIDDEN_NODES: Readonly<Record<string, string>> = {
  FunctionAssignmentNode: 'defining functions is not allowed',
  AssignmentNode: 'assignment is not allowed',
  AccessorNode: 'property access and indexing are not allowed',
  IndexNode: 'property access and indexing are not allowed',
  ObjectNode: 'objects are not allowed',
  ArrayNode: 'matrices and arrays are not allowed',
  RangeNode: 'ranges are not allowed',
  BlockNode: 'only a single expression is allowed',
};
/** Unit names that mathjs resolves to functions instead. */
const SHADOWED_UNITS: Readonly<Record<string, string>> = { min: 'minute', sec: 's' };
/** mathjs functions that could reach outside an expression; replaced by throwing stubs (mathjs security guidance). */
const DISABLED_FUNCTIONS = [
  'import', 'createUnit', 'evaluate', 'parse', 'parser', 'compile', 'simplify', 'simplifyCore',
  'simplifyConstant', 'rationalize', 'derivative', 'resolve', 'reviver', 'replacer', 'chain',
  'symbolicEqual', 'leafCount', 'help',
];

if (all === undefined) throw new Error('mathjs factory bundle `all` is unavailable');
const math = create(all, { number: 'number' });
const parseExpression = math.parse; // captured before `parse` is disabled below
const SECOND = math.unit('s');
const BYTE = math.unit('B');
const HERTZ = math.unit('Hz');
const BYTES_PER_SECOND = math.unit('B/s');
math.import(
  Object.fromEntries(DISABLED_FUNCTIONS.map((name) => [name, (): never => {
    throw new Error(`function ${name} is disabled`);
  }])),
  { override: true },
);

const KIND_NAMES: Readonly<Record<ValueKind, string>> = {
  number: 'a number', integer: 'a whole number', duration: 'a duration', size: 'a size',
  rate: 'a rate (per second)', fraction: 'a fraction between 0 and 1',
  bandwidth: 'a bandwidth (bytes or bits per second, e.g. "10 Gb/s" or "125 MB/s")',
};

/** An evaluated result: a plain number (unit null) or a unit with a finite, non-null value. */
type Result = { readonly unit: null; readonly num: number } | { readonly unit: Unit; readonly num: null };

function fail(text: string, why: string): never {
  throw new ExpressionError(`${JSON.stringify(text)}: ${why.replace(/\s*\n\s*/g, ' ')}`);
}

function mismatch(kind: ValueKind, text: string, found: string, hint = ''): never {
  throw new ExpressionError(`expected ${KIND_NAMES[kind]}, got ${JSON.stringify(text)} (${found})${hint}`);
}

function paramList(scope: Scope): string {
  const names = Object.keys(scope);
  return names.length === 0 ? 'no params are defined' : `params are: ${names.join(', ')}`;
}

/** Checks a symbol used as a value: a param, an allowed constant or a mathjs unit. */
function checkValueSymbol(name: string, text: string, scope: Scope): void {
  if (Object.hasOwn(scope, name) || CONSTANTS.has(name)) return;
  const unit = Object.hasOwn(SHADOWED_UNITS, name) ? SHADOWED_UNITS[name] : undefined;
  if (unit !== undefined) fail(text, `"${name}" is a function here, not a unit; write "${unit}" instead`);
  if (FUNCTIONS.has(name) || Object.hasOwn(math, name)) fail(text, `name "${name}" is not allowed (${paramList(scope)})`);
  if (math.Unit.isValuelessUnit(name)) return;
  fail(text, `unknown name "${name}" (${paramList(scope)})`);
}

/** Walks the parse tree and throws unless every node is on the whitelist. */
function checkNode(node: MathNode, text: string, scope: Scope): void {
  if (math.isConstantNode(node)) {
    if (typeof node.value !== 'number') fail(text, `only numbers are allowed as literals, got ${String(node)}`);
  } else if (math.isSymbolNode(node)) {
    checkValueSymbol(node.name, text, scope);
  } else if (math.isFunctionNode(node)) {
    const name = math.isSymbolNode(node.fn) ? node.fn.name : String(node.fn);
    if (!math.isSymbolNode(node.fn) || !FUNCTIONS.has(name) || Object.hasOwn(scope, name)) {
      fail(text, `function "${name}" is not allowed (allowed: ${[...FUNCTIONS].join(', ')})`);
    }
    for (const arg of node.args) checkNode(arg, text, scope);
  } else if (COMPOSITE_NODES.has(node.type)) {
    node.forEach((child) => checkNode(child, text, scope));
  } else {
    const why = Object.hasOwn(FORBIDDEN_NODES, node.type) ? FORBIDDEN_NODES[node.type] : undefined;
    fail(text, why ?? `${node.type} is not allowed`);
  }
}

/** Parses, checks and evaluates text; the result is a finite number or a unit with a finite value. */
function evaluateChecked(text: string, scope: Scope): Result {
  let node: MathNode;
  try {
    node = parseExpression(text);
  } catch (err) {
    return fail(text, `syntax error: ${(err as Error).message}`);
  }
  if (math.isBlockNode(node) && node.blocks.length === 1 && node.blocks[0] !== undefined) {
    node = node.blocks[0].node; // a trailing newline or semicolon
  }
  checkNode(node, text, scope);
  let result: unknown;
  try {
    result = node.compile().evaluate(new Map(Object.entries(scope)));
  } catch (err) {
    return fail(text, `cannot evaluate: ${(err as Error).message}`);
  }
  if (typeof result === 'number') {
    if (!Number.isFinite(result)) fail(text, `result is not finite (${String(result)})`);
    return { unit: null, num: result };
  }
  if (math.isUnit(result)) {
    if (result.value === null) fail(text, `needs a number before the unit, e.g. "1 ${result.formatUnits()}"`);
    const magnitude = Number(result.value);
    if (!Number.isFinite(magnitude)) fail(text, `result is not finite (${result.toString()})`);
    if (result.dimensions.every((d) => d === 0)) return { unit: null, num: magnitude };
    return { unit: result, num: null };
  }
  return fail(text, `result must be a real number with an optional unit, got a ${math.typeOf(result)}`);
}

function describeUnit(unit: Unit): string {
  if (unit.equalBase(SECOND)) return 'a duration';
  if (unit.equalBase(BYTE)) return 'a size';
  if (unit.equalBase(HERTZ)) return 'a rate';
  return `a quantity in ${unit.formatUnits()}`;
}

/** Converts a result to a number: dimensionless as is, or the unit converted to `target` if it matches `base`. */
function convert(r: Result, kind: ValueKind, text: string, base: Unit | null, target: string): number {
  if (r.unit === null) return r.num;
  if (base === null || !r.unit.equalBase(base)) mismatch(kind, text, describeUnit(r.unit));
  return r.unit.toNumber(target);
}

/** Rounds values within floating-point noise of an integer to that integer. */
function snap(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) <= 1e-12 * Math.max(1, Math.abs(x)) ? r : x;
}

function checkFinite(x: number, text: string): number {
  if (!Number.isFinite(x)) fail(text, `result is not finite (${String(x)})`);
  return x;
}

function checkNonNegative(x: number, kind: ValueKind, text: string): number {
  if (x < 0) fail(text, `${KIND_NAMES[kind].replace(/ \(.*\)$/, '')} must not be negative, got ${String(x)}`);
  return x;
}

function checkSafeInteger(x: number, text: string): number {
  if (!Number.isSafeInteger(x)) fail(text, `result ${String(x)} is too large`);
  return x === 0 ? 0 : x; // normalise -0
}

const GO_DURATION_RE = /^[+-]?(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+$/;
const GO_PART_RE = /([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)/g;
const GO_UNIT_MICROS: Readonly<Record<string, number>> = {
  ns: 1e-3, us: 1, 'µs': 1, 'μs': 1, ms: 1e3, s: 1e6, m: 60e6, h: 3600e6,
};

/** Microseconds of a Go duration string ("1m30s", "300ms"), or undefined if text is not one. */
function parseGoDuration(text: string): number | undefined {
  if (!GO_DURATION_RE.test(text)) return undefined;
  let micros = 0;
  for (const [, amount = '', unit = ''] of text.matchAll(GO_PART_RE)) {
    micros += Number(amount) * (GO_UNIT_MICROS[unit] ?? Number.NaN);
  }
  return text.startsWith('-') ? -micros : micros;
}

function duration(text: string, scope: Scope): number {
  let micros = parseGoDuration(text);
  if (micros === undefined) {
    const r = evaluateChecked(text, scope);
    if (r.unit === null && r.num !== 0) {
      mismatch('duration', text, `a plain number, ${String(r.num)}`, '; needs a unit, e.g. "5 s" or "5s"');
    }
    micros = convert(r, 'duration', text, SECOND, 'us');
  }
  return checkSafeInteger(Math.round(checkNonNegative(checkFinite(micros, text), 'duration', text)), text);
}

const QUANTITY_LIKE_RE = /^[+-]?[0-9.]+[A-Za-z]*[0-9.+-]*$/;

function size(text: string, scope: Scope): number {
  let bytes: number;
  try {
    bytes = quantityValue(parseQuantity(text));
  } catch (quantityErr) {
    if (!(quantityErr instanceof QuantityError)) throw quantityErr;
    if (/too large/.test(quantityErr.message)) fail(text, quantityErr.message);
    try {
      bytes = Math.ceil(snap(convert(evaluateChecked(text, scope), 'size', text, BYTE, 'B')));
    } catch (exprErr) {
      if (exprErr instanceof ExpressionError && QUANTITY_LIKE_RE.test(text)) {
        mismatch('size', text, quantityErr.message);
      }
      throw exprErr;
    }
  }
  return checkSafeInteger(checkNonNegative(checkFinite(bytes, text), 'size', text), text);
}

function rate(text: string, scope: Scope): number {
  const perSecond = convert(evaluateChecked(text, scope), 'rate', text, HERTZ, 'Hz');
  return checkNonNegative(checkFinite(perSecond, text), 'rate', text);
}

function bandwidth(text: string, scope: Scope): number {
  const r = evaluateChecked(text, scope);
  if (r.unit === null) mismatch('bandwidth', text, `a plain number, ${String(r.num)}`, '; needs a unit, e.g. "10 Gb/s" or "125 MB/s"');
  const perSecond = convert(r, 'bandwidth', text, BYTES_PER_SECOND, 'B/s');
  return checkNonNegative(checkFinite(perSecond, text), 'bandwidth', text);
}

const PERCENT_RE = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))\s*%$/;

function fraction(text: string, scope: Scope): number {
  const percent = PERCENT_RE.exec(text)?.[1];
  const x = percent !== undefined
    ? Number(percent) / 100
    : convert(evaluateChecked(text, scope), 'fraction', text, null, '');
  if (!(x >= 0 && x <= 1)) fail(text, `must be between 0 and 1 (or 0% and 100%), got ${String(x)}`);
  return x;
}

function integer(text: string, scope: Scope): number {
  const x = snap(convert(evaluateChecked(text, scope), 'integer', text, null, ''));
  if (!Number.isInteger(x)) fail(text, `must be a whole number, got ${String(x)}`);
  return checkSafeInteger(x, text);
}

/** Evaluates a value of `kind` over params: number/integer as is, duration in integer µs, size in integer bytes, rate per second, fraction in [0,1]; throws ExpressionError. */
export function evaluateValue(input: string | number, kind: ValueKind, scope: Scope): number {
  if (typeof input === 'number' && !Number.isFinite(input)) {
    throw new ExpressionError(`expected ${KIND_NAMES[kind]}, got ${String(input)} (not a finite number)`);
  }
  const text = typeof input === 'number' ? String(input) : input.trim();
  if (text === '') throw new ExpressionError(`expected ${KIND_NAMES[kind]}, got an empty string`);
  switch (kind) {
    case 'number': return convert(evaluateChecked(text, scope), kind, text, null, '');
    case 'integer': return integer(text, scope);
    case 'duration': return duration(text, scope);
    case 'size': return size(text, scope);
    case 'rate': return rate(text, scope);
    case 'fraction': return fraction(text, scope);
    case 'bandwidth': return bandwidth(text, scope);
  }
}
