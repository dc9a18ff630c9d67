// Kubernetes resource quantities ("250m", "1.5Gi", "1e3"), parsed exactly with BigInt
// arithmetic following the rules of k8s.io/apimachinery/pkg/api/resource.

/** Thrown for text that is not a valid quantity, or an amount that is invalid for its resource. */
export class QuantityError extends Error {
  override name = 'QuantityError';
}

/** A parsed quantity: the original text and its exact value rounded away from zero to a whole milli-unit. */
export interface Quantity {
  readonly text: string;
  readonly milli: bigint;
}

/** Exact rational value sign * num / den with num, den >= 0 (den > 0). */
interface Exact {
  readonly negative: boolean;
  readonly num: bigint;
  readonly den: bigint;
}

const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18,
};
const QUANTITY_RE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/s;
const EXPONENT_RE = /^[eE]([+-]?[0-9]+)$/;
/** Exponents beyond this are rejected to keep BigInt arithmetic bounded (1e1000 is far beyond any resource). */
const MAX_EXPONENT = 1000;
const SUFFIX_HELP = 'use Ki, Mi, Gi, ..., m, k, M, G, ... or e<N>';

function fail(text: string, why: string): never {
  throw new QuantityError(`invalid quantity ${JSON.stringify(text)}: ${why}`);
}

/** Returns the decimal and binary exponent of a suffix, or fails naming the suffix. */
function suffixExponents(text: string, suffix: string): { dec: number; bin: number } {
  const bin = BINARY_SUFFIXES[suffix];
  if (bin !== undefined) return { dec: 0, bin };
  const dec = DECIMAL_SUFFIXES[suffix];
  if (dec !== undefined) return { dec, bin: 0 };
  const exp = EXPONENT_RE.exec(suffix);
  if (exp?.[1] !== undefined) {
    const n = Number(exp[1]);
    if (Math.abs(n) > MAX_EXPONENT) fail(text, `exponent ${exp[1]} is out of range`);
    return { dec: n, bin: 0 };
  }
  if (/\s/.test(suffix)) fail(text, 'spaces are not allowed');
  if (/^[0-9.]/.test(suffix)) fail(text, 'malformed number');
  return fail(text, `unknown suffix ${JSON.stringify(suffix)} (${SUFFIX_HELP})`);
}

function textOf(input: string | number): string {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new QuantityError(`invalid quantity ${String(input)}: not a finite number`);
    return String(input);
  }
  return input;
}

/** Parses text into an exact rational value. */
function parseExact(text: string): Exact {
  if (text === '') fail(text, 'empty string');
  const m = QUANTITY_RE.exec(text);
  const [, sign = '', whole = '', frac = '', suffix = ''] = m ?? [];
  if (m === null || (whole === '' && frac === '')) {
    fail(text, /^\s|\s$/.test(text) ? 'spaces are not allowed' : 'expected a number, e.g. "1", "0.5", "250m" or "1Gi"');
  }
  const { dec, bin } = suffixExponents(text, suffix);
  const digits = BigInt(whole + frac || '0');
  const exp10 = dec - frac.length;
  const num = digits * (1n << BigInt(bin)) * 10n ** BigInt(Math.max(exp10, 0));
  const den = 10n ** BigInt(Math.max(-exp10, 0));
  return { negative: sign === '-' && digits !== 0n, num, den };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

function milliOf(v: Exact): bigint {
  const magnitude = ceilDiv(v.num * 1000n, v.den);
  return v.negative ? -magnitude : magnitude;
}

/** Parses a Kubernetes quantity (numbers are taken as their decimal string); throws QuantityError if invalid. */
export function parseQuantity(text: string | number): Quantity {
  const str = textOf(text);
  return { text: str, milli: milliOf(parseExact(str)) };
}

function toSafeNumber(q: Quantity, v: bigint, what: string): number {
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  if (v > limit || v < -limit) {
    throw new QuantityError(`quantity ${JSON.stringify(q.text)} is too large: ${what} exceeds ${Number.MAX_SAFE_INTEGER}`);
  }
  return Number(v);
}

/** Milli-units of q as a number; throws QuantityError if the magnitude exceeds Number.MAX_SAFE_INTEGER. */
export function milliValue(q: Quantity): number {
  return toSafeNumber(q, q.milli, 'milli-value');
}

/** Whole units of q rounded away from zero (k8s Value()); throws QuantityError if above Number.MAX_SAFE_INTEGER. */
export function value(q: Quantity): number {
  const magnitude = ceilDiv(q.milli < 0n ? -q.milli : q.milli, 1000n);
  return toSafeNumber(q, q.milli < 0n ? -magnitude : magnitude, 'value');
}

const BYTE_RESOURCES = new Set(['memory', 'ephemeral-storage', 'storage']);

/** True for resources measured in bytes: memory, ephemeral-storage, storage and hugepages-<size>. */
function isByteResource(name: string): boolean {
  return BYTE_RESOURCES.has(name) || name.startsWith('hugepages-');
}

/** Non-negative integer amount of a resource: cpu in milli-cores, byte resources in bytes (rounded up), others a whole count; throws QuantityError. */
export function resourceAmount(resourceName: string, text: string | number): number {
  const str = textOf(text);
  const exact = parseExact(str);
  const q: Quantity = { text: str, milli: milliOf(exact) };
  const where = `resource ${JSON.stringify(resourceName)}`;
  if (exact.negative) throw new QuantityError(`invalid amount ${JSON.stringify(str)} for ${where}: must not be negative`);
  if (resourceName === 'cpu') return milliValue(q);
  if (isByteResource(resourceName)) return value(q);
  if (exact.num % exact.den !== 0n) {
    const why = resourceName.includes('/')
      ? 'extended resources must be whole numbers'
      : 'must be a whole number';
    throw new QuantityError(`invalid amount ${JSON.stringify(str)} for ${where}: ${why}`);
  }
  return value(q);
}

function requireInteger(n: number, what: string): void {
  if (!Number.isInteger(n)) throw new QuantityError(`cannot format ${String(n)} as ${what}: not an integer`);
}

/** Formats integer milli-cores as k8s does: whole cores as "2", otherwise "1500m"; throws on non-integers. */
export function formatMilliCpu(milli: number): string {
  requireInteger(milli, 'milli-cpu');
  return milli % 1000 === 0 ? String(milli / 1000) : `${String(milli)}m`;
}

const BINARY_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10],
];

/** Formats integer bytes with the largest binary suffix dividing it exactly ("1Gi"), else as a plain integer. */
export function formatBytes(bytes: number): string {
  requireInteger(bytes, 'bytes');
  if (bytes !== 0) {
    for (const [suffix, size] of BINARY_UNITS) {
      if (bytes % size === 0) return `${String(bytes / size)}${suffix}`;
    }
  }
  return String(bytes);
}
