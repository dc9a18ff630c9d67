import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestDigest } from '../../../src/controlplane/apiserver/flowcontrol/request-digest.js';
import { MaxInflightLimit } from '../../../src/controlplane/apiserver/max-inflight-limit.js';
import { Simulation } from '../../../src/engine/simulation.js';
import { MetricsSink } from '../../../src/metrics/sink.js';

const work = { initialSeats: 1, finalSeats: 0, additionalLatency: 0 };
const digest = (verb: string, groups: string[] = []): RequestDigest => ({ verb, apiGroup: '', resource: 'pods', namespace: 'default', userName: 'u', groups });

test('read-only and mutating requests have separate limits; over the limit is a 429 unless system:masters', () => {
  const limit = new MaxInflightLimit(2, 1, new MetricsSink(new Simulation()));
  const finishes: (() => void)[] = [];
  const rejected: string[] = [];
  const admit = (d: RequestDigest): void => limit.admit(d, work, (f) => finishes.push(f), (r) => rejected.push(`${d.verb}:${r}`));
  admit(digest('list'));
  admit(digest('get'));
  admit(digest('get')); // third read-only: over 2
  admit(digest('create'));
  admit(digest('patch')); // second mutating: over 1
  admit(digest('patch', ['system:masters'])); // exempt from the 429
  assert.deepEqual(rejected, ['get:concurrency-limit', 'patch:concurrency-limit']);
  assert.equal(finishes.length, 4);
  finishes[0]?.();
  admit(digest('get'));
  assert.equal(finishes.length, 5, 'a finished request frees its slot');
});

test('a limit of 0 means unlimited', () => {
  const limit = new MaxInflightLimit(0, 0, new MetricsSink(new Simulation()));
  let n = 0;
  for (let i = 0; i < 1000; i++) limit.admit(digest('create'), work, () => n++, () => assert.fail('rejected'));
  assert.equal(n, 1000);
});
