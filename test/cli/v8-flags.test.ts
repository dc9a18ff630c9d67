import assert from 'node:assert/strict';
import { test } from 'node:test';
import { v8Flags } from '../../src/cli/v8-flags.js';

test('every command gets the larger young generation', () => {
  assert.deepEqual(v8Flags(['run', 'scenarios/quickstart.yaml'], 2), ['--max-semi-space-size=64']);
});

test('a sweep or plan whose workers fill the cores collects garbage on each worker thread', () => {
  assert.ok(v8Flags(['sweep', 'a.yaml'], 2).includes('--single-threaded-gc'), 'default workers: one per core');
  assert.ok(v8Flags(['sweep', 'a.yaml', '--workers', '2'], 2).includes('--single-threaded-gc'));
  assert.ok(v8Flags(['plan', 'a.yaml', '--workers=4'], 2).includes('--single-threaded-gc'));
  assert.ok(v8Flags(['--quiet', 'sweep', 'a.yaml'], 8).includes('--single-threaded-gc'));
});

test('a sweep leaving cores free keeps V8 parallel collector threads', () => {
  assert.ok(!v8Flags(['sweep', 'a.yaml', '--workers', '1'], 2).includes('--single-threaded-gc'));
  assert.ok(!v8Flags(['sweep', 'a.yaml', '--workers=3'], 4).includes('--single-threaded-gc'));
  assert.ok(!v8Flags(['run', 'a.yaml', '--workers', '8'], 2).includes('--single-threaded-gc'), 'run has no worker pool');
});
