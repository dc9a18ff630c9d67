/**
 * The variants of a sweep: every combination of its axes' values, in a fixed order (the first
 * axis in the file varies slowest, values in the order listed), each with a stable id made from
 * its assignments and the `--set` overrides that make it.
 */
import { createHash } from 'node:crypto';
import type { SweepAxis, SweepValue } from '../scenario/compile-sweep.js';

/** One key's value in a variant. */
export interface Assignment {
  readonly key: string;
  readonly value: SweepValue;
}

/** One combination of axis values. */
export interface Variant {
  /** Stable id: `key=value` pairs joined by `_` (file-name safe), or a shortened form with a hash. */
  readonly id: string;
  readonly assignments: readonly Assignment[];
  /** The `--set path=value` overrides that turn the scenario into this variant. */
  readonly sets: readonly string[];
}

/** Longest readable id before it is shortened and given a hash. */
const maxIdLength = 80;

/** A value as written in an id, a CSV cell or a --set (numbers and strings plain, anything else JSON). */
export function valueText(v: SweepValue): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** The id of a variant: a pure function of its assignments (`base` for a sweep without axes). */
export function variantId(assignments: readonly Assignment[]): string {
  if (assignments.length === 0) return 'base';
  const readable = assignments.map((a) => `${a.key}=${valueText(a.value)}`).join('_');
  const safe = readable.replace(/[^A-Za-z0-9._=-]+/g, '-');
  if (safe === readable && readable.length <= maxIdLength && !readable.startsWith('.')) return readable;
  const hash = createHash('sha256').update(JSON.stringify(assignments)).digest('hex').slice(0, 10);
  return `${safe.replace(/^\.+/, '').slice(0, maxIdLength - 11)}~${hash}`;
}

/** The variant for `assignments`. */
export function makeVariant(assignments: readonly Assignment[]): Variant {
  return { id: variantId(assignments), assignments, sets: assignments.map((a) => `${a.key}=${JSON.stringify(a.value)}`) };
}

/** Every combination of `axes` (one variant, `base`, when there are none). */
export function expandVariants(axes: readonly SweepAxis[]): Variant[] {
  let combos: Assignment[][] = [[]];
  for (const axis of axes) combos = combos.flatMap((c) => axis.values.map((value) => [...c, { key: axis.key, value }]));
  return combos.map(makeVariant);
}
