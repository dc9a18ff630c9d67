import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { canonicalJson } from '../../src/api/canonical-json.js';
import { mergePatch, mergePatchFor } from '../../src/api/merge-patch.js';

test('merge patch (RFC 7386): objects merge, null removes, arrays replace', () => {
  assert.deepEqual(mergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1, 2] }, { b: { c: null, x: 4 }, e: [3] }), { a: 1, b: { d: 3, x: 4 }, e: [3] });
  assert.deepEqual(mergePatch({ a: 1 }, 'x'), 'x');
});

test('mergePatchFor(from, to) turns from into to', () => {
  const json = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.oneof(fc.integer(), fc.dictionary(fc.constantFrom('x', 'y'), fc.integer()), fc.array(fc.integer(), { maxLength: 2 })));
  fc.assert(fc.property(json, json, (from, to) => canonicalJson(mergePatch(from, mergePatchFor(from, to))) === canonicalJson(to)));
});

test('canonical JSON does not depend on key order', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } }), canonicalJson({ a: { d: [1, { y: 2, z: 1 }] }, b: 1 }));
});
