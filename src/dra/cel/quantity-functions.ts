/**
 * Kubernetes' CEL quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go) on
 * @bufbuild/cel: `quantity("40Gi")`, `isQuantity(s)`, and the methods `compareTo`,
 * `isGreaterThan`, `isLessThan`, `add`, `sub`, `asInteger`, `asApproximateFloat`, `sign`,
 * `isInteger`. @bufbuild/cel has no opaque values, so a quantity is a one-entry CEL map
 * `{"@quantity": <milli-units as int>}`: equality between quantities then compares their exact
 * values, as upstream's Equal does.
 */
import { celFunc, celMethod, CelScalar, mapType, type CelFunc, type CelMap } from '@bufbuild/cel';
import { parseQuantity } from '../../api/quantity.js';

/** The key holding a quantity's value in its CEL map. */
export const quantityKey = '@quantity';

const Q = mapType(CelScalar.STRING, CelScalar.DYN);

/** A quantity's CEL value from its milli-units. */
export function celQuantity(milli: bigint): ReadonlyMap<string, bigint> {
  return new Map([[quantityKey, milli]]);
}

function milliOf(m: CelMap): bigint {
  const v = m.get(quantityKey);
  if (typeof v !== 'bigint') throw new Error('not a quantity');
  return v;
}

function cmp(a: bigint, b: bigint): bigint {
  return a < b ? -1n : a > b ? 1n : 0n;
}

/** The functions and methods of the quantity library. */
export const quantityFunctions: readonly CelFunc[] = [
  celFunc('quantity', [CelScalar.STRING], Q, (s) => celQuantity(parseQuantity(s).milli)),
  celFunc('isQuantity', [CelScalar.STRING], CelScalar.BOOL, (s) => {
    try {
      parseQuantity(s);
      return true;
    } catch {
      return false;
    }
  }),
  celMethod('compareTo', Q, [Q], CelScalar.INT, function (o) {
    return cmp(milliOf(this), milliOf(o));
  }),
  celMethod('isGreaterThan', Q, [Q], CelScalar.BOOL, function (o) {
    return milliOf(this) > milliOf(o);
  }),
  celMethod('isLessThan', Q, [Q], CelScalar.BOOL, function (o) {
    return milliOf(this) < milliOf(o);
  }),
  celMethod('add', Q, [Q], Q, function (o) {
    return celQuantity(milliOf(this) + milliOf(o));
  }),
  celMethod('sub', Q, [Q], Q, function (o) {
    return celQuantity(milliOf(this) - milliOf(o));
  }),
  celMethod('add', Q, [CelScalar.INT], Q, function (n) {
    return celQuantity(milliOf(this) + n * 1000n);
  }),
  celMethod('sub', Q, [CelScalar.INT], Q, function (n) {
    return celQuantity(milliOf(this) - n * 1000n);
  }),
  celMethod('asInteger', Q, [], CelScalar.INT, function () {
    const m = milliOf(this);
    if (m % 1000n !== 0n) throw new Error('cannot convert value to integer');
    return m / 1000n;
  }),
  celMethod('asApproximateFloat', Q, [], CelScalar.DOUBLE, function () {
    return Number(milliOf(this)) / 1000;
  }),
  celMethod('sign', Q, [], CelScalar.INT, function () {
    return cmp(milliOf(this), 0n);
  }),
  celMethod('isInteger', Q, [], CelScalar.BOOL, function () {
    return milliOf(this) % 1000n === 0n;
  }),
];

/** Names the quantity library adds (for the compile-time check of function names). */
export const quantityFunctionNames: readonly string[] = [...new Set(quantityFunctions.map((f) => f.name))];
