/** withFields: a shallow copy with fields set, in the order `{ ...base, ...fields }` gives. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withFields } from '../../src/api/with-fields.js';

test('withFields copies the base, overrides and appends fields in spread order, and leaves the base alone', () => {
  const base = { name: 'web-1', namespace: 'default', labels: { app: 'web' } };
  const copy = withFields(base, { namespace: 'prod', uid: 'uid-1' });
  assert.deepEqual(copy, { name: 'web-1', namespace: 'prod', labels: { app: 'web' }, uid: 'uid-1' });
  assert.deepEqual(Object.keys(copy), Object.keys({ ...base, ...{ namespace: 'prod', uid: 'uid-1' } }));
  assert.equal(copy.labels, base.labels);
  assert.deepEqual(base, { name: 'web-1', namespace: 'default', labels: { app: 'web' } });
  assert.notEqual(copy, base);
});
