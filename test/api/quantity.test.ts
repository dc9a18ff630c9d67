import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  QuantityError, formatBytes, formatMilliCpu, milliValue, parseQuantity, resourceAmount, value,
} from '../../src/api/quantity.js';

const GI = 2 ** 30;

// [input, expected milli-value]
const VALID: ReadonlyArray<readonly [string | number, bigint]> = [
  ['250m', 250n],
  ['1.5Gi', 1_500n * BigInt(GI)],
  ['0.1Gi', 107_374_182_400n], // 0.1 * 2^30 = 107374182.4 bytes, exact in milli
  ['0.5', 500n],
  ['.5', 500n],
  ['5.', 5_000n],
  ['1', 1_000n],
  ['0', 0n],
  ['+2', 2_000n],
  ['-1', -1_000n],
  ['1e3', 1_000_000n],
  ['1E3', 1_000_000n],
  ['1e-3', 1n],
  ['1e+2', 100_000n],
  ['10k', 10_000_000n],
  ['100M', 100_000_000_000n],
  ['2G', 2_000_000_000_000n],
  ['1Ki', 1_024_000n],
  ['500Mi', 500n * 1_048_576n * 1000n],
  ['1Ei', 1000n * 2n ** 60n],
  ['1E', 1000n * 10n ** 18n],
  ['100n', 1n],
  ['1u', 1n],
  ['1500u', 2n],
  ['-100n', -1n],
  ['1.0000001', 1_001n],
  [110, 110_000n],
  [0.25, 250n],
];

const INVALID: ReadonlyArray<readonly [string, RegExp]> = [
  ['5Qi', /unknown suffix "Qi"/],
  ['1KB', /unknown suffix "KB"/],
  ['1ki', /unknown suffix "ki"/],
  ['1K', /unknown suffix "K"/],
  ['1.5.5', /malformed number/],
  ['', /empty string/],
  ['Gi', /expected a number/],
  ['.', /expected a number/],
  ['-', /expected a number/],
  [' 1', /spaces/],
  ['1 Gi', /spaces/],
  ['1Gi ', /spaces/],
  ['1e', /unknown suffix "e"/],
  ['1e1.5', /unknown suffix/],
  ['1e99999', /out of range/],
  ['0x10', /unknown suffix "x10"/],
];

test('parseQuantity accepts valid quantities exactly', () => {
  for (const [input, milli] of VALID) {
    const q = parseQuantity(input);
    assert.equal(q.milli, milli, `milli of ${String(input)}`);
    assert.equal(q.text, String(input));
  }
});

test('parseQuantity rejects invalid text with a QuantityError naming it', () => {
  for (const [input, why] of INVALID) {
    assert.throws(() => parseQuantity(input), (err: unknown) => {
      assert.ok(err instanceof QuantityError, `${input} should throw QuantityError`);
      assert.match(err.message, why, `message for ${JSON.stringify(input)}`);
      assert.ok(err.message.includes(JSON.stringify(input)), `message names ${input}`);
      return true;
    });
  }
  assert.throws(() => parseQuantity(Number.NaN), QuantityError);
  assert.throws(() => parseQuantity(Number.POSITIVE_INFINITY), QuantityError);
});

test('the unknown-suffix message lists the valid suffixes', () => {
  assert.throws(() => parseQuantity('5Qi'), {
    message: 'invalid quantity "5Qi": unknown suffix "Qi" (use Ki, Mi, Gi, ..., m, k, M, G, ... or e<N>)',
  });
});

test('milliValue and value round away from zero', () => {
  assert.equal(milliValue(parseQuantity('250m')), 250);
  assert.equal(value(parseQuantity('250m')), 1);
  assert.equal(value(parseQuantity('1')), 1);
  assert.equal(value(parseQuantity('1001m')), 2);
  assert.equal(value(parseQuantity('-1500m')), -2);
  assert.equal(value(parseQuantity('0.1Gi')), 107_374_183);
  assert.equal(value(parseQuantity('1.5Gi')), 1.5 * GI);
  assert.equal(value(parseQuantity('7Pi')), 7 * 2 ** 50);
});

test('milliValue and value refuse results beyond Number.MAX_SAFE_INTEGER', () => {
  assert.throws(() => milliValue(parseQuantity('1Ei')), /too large/);
  assert.equal(value(parseQuantity('1Pi')), 2 ** 50);
  assert.throws(() => value(parseQuantity('1e20')), QuantityError);
  assert.throws(() => value(parseQuantity('-1e20')), QuantityError);
});

// [resource, input, expected amount]
const AMOUNTS: ReadonlyArray<readonly [string, string | number, number]> = [
  ['cpu', '250m', 250],
  ['cpu', '0.5', 500],
  ['cpu', 2, 2000],
  ['cpu', '100n', 1],
  ['memory', '1.5Gi', 1.5 * GI],
  ['memory', '0.1Gi', 107_374_183],
  ['memory', '100M', 100_000_000],
  ['memory', '1e3', 1000],
  ['memory', '500m', 1],
  ['ephemeral-storage', '10Gi', 10 * GI],
  ['storage', '1Ti', 2 ** 40],
  ['hugepages-2Mi', '4Mi', 4 * 2 ** 20],
  ['pods', 110, 110],
  ['pods', '110', 110],
  ['pods', '1k', 1000],
  ['nvidia.com/gpu', '1', 1],
  ['nvidia.com/gpu', 4, 4],
  ['example.com/foo', '2000m', 2],
  ['widgets', '3', 3],
];

const BAD_AMOUNTS: ReadonlyArray<readonly [string, string | number, RegExp]> = [
  ['cpu', '-1', /must not be negative/],
  ['memory', '-1Gi', /must not be negative/],
  ['pods', '-1', /must not be negative/],
  ['pods', '1.5', /whole number/],
  ['pods', '999m', /whole number/],
  ['nvidia.com/gpu', '0.5', /extended resources must be whole numbers/],
  ['nvidia.com/gpu', 0.5, /extended resources must be whole numbers/],
  ['nvidia.com/gpu', '1.0000000001', /whole numbers/],
  ['widgets', '0.9999', /whole number/],
  ['cpu', '5Qi', /unknown suffix/],
  ['cpu', '1e20', /too large/],
];

test('resourceAmount returns canonical integer amounts', () => {
  for (const [resource, input, expected] of AMOUNTS) {
    assert.equal(resourceAmount(resource, input), expected, `${resource}: ${String(input)}`);
  }
});

test('resourceAmount rejects negative, fractional counts and bad text', () => {
  for (const [resource, input, why] of BAD_AMOUNTS) {
    assert.throws(() => resourceAmount(resource, input), (err: unknown) => {
      assert.ok(err instanceof QuantityError);
      assert.match(err.message, why, `${resource}: ${String(input)}`);
      return true;
    });
  }
  assert.doesNotThrow(() => parseQuantity('-1'));
});

test('formatMilliCpu prints whole cores without a suffix', () => {
  assert.equal(formatMilliCpu(1500), '1500m');
  assert.equal(formatMilliCpu(2000), '2');
  assert.equal(formatMilliCpu(0), '0');
  assert.equal(formatMilliCpu(1), '1m');
  assert.throws(() => formatMilliCpu(1.5), QuantityError);
});

test('formatBytes uses the largest exact binary suffix', () => {
  assert.equal(formatBytes(1_073_741_824), '1Gi');
  assert.equal(formatBytes(1.5 * GI), '1536Mi');
  assert.equal(formatBytes(1024), '1Ki');
  assert.equal(formatBytes(1000), '1000');
  assert.equal(formatBytes(0), '0');
  assert.equal(formatBytes(2 ** 60), '1Ei');
  assert.throws(() => formatBytes(0.5), QuantityError);
});

test('formatted values parse back to the same amount', () => {
  for (const bytes of [0, 1, 1000, 1024, 1536, 3 * GI, 1.5 * GI, 2 ** 50 + 2 ** 20]) {
    assert.equal(resourceAmount('memory', formatBytes(bytes)), bytes);
  }
  for (const milli of [0, 1, 999, 1000, 1500, 64_000]) {
    assert.equal(resourceAmount('cpu', formatMilliCpu(milli)), milli);
  }
});
