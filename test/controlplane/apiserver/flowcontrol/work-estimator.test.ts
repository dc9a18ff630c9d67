import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  clampWorkEstimate,
  defaultWorkEstimate,
  listObjectsProcessed,
  listWorkEstimate,
  maxSeatsOf,
  mutatingWorkEstimate,
  priorityLevelMaxSeats,
} from '../../../../src/controlplane/apiserver/flowcontrol/work-estimator.js';

test('LIST seats: ceil(objects/100), at least 1, at most 10', () => {
  assert.deepEqual(listWorkEstimate(0), { initialSeats: 1, finalSeats: 0, additionalLatency: 0 }); // ceil(0) = 0 -> minimum 1
  assert.equal(listWorkEstimate(50).initialSeats, 1); // ceil(0.5) = 1
  assert.equal(listWorkEstimate(100).initialSeats, 1);
  assert.equal(listWorkEstimate(101).initialSeats, 2);
  assert.equal(listWorkEstimate(150).initialSeats, 2); // ceil(1.5) = 2
  assert.equal(listWorkEstimate(1_000_000).initialSeats, 10); // ceil(10000) capped at 10
  assert.equal(listWorkEstimate(1_000_000, 4).initialSeats, 4); // a level's lower max seats
  assert.equal(listWorkEstimate(1_000_000, 0).initialSeats, 10); // 0: no per-level cap
  assert.equal(listWorkEstimate(150).finalSeats, 0);
});

test('objects a LIST processes follow seatsBasedOnObjectCount', () => {
  assert.equal(listObjectsProcessed({ stored: 5000, fromCache: true }), 5000);
  assert.equal(listObjectsProcessed({ stored: 5000, fromCache: true, limit: 500 }), 5000); // the cache reads everything
  assert.equal(listObjectsProcessed({ stored: 5000, fromCache: false, limit: 500 }), 1000); // 2 * limit from etcd
  assert.equal(listObjectsProcessed({ stored: 5000, fromCache: false, limit: 500, selector: true }), 5500); // stored + limit
  assert.equal(listObjectsProcessed({ stored: 5000, fromCache: false }), 10_000);
  assert.equal(listObjectsProcessed({ stored: 5000, fromCache: false, singleObject: true }), 1);
});

test('writes: final seats ceil(watchers/10) for 5 ms, only from 10 watchers, narrowed to 10 keeping the work', () => {
  assert.equal(mutatingWorkEstimate(0), defaultWorkEstimate);
  assert.equal(mutatingWorkEstimate(9), defaultWorkEstimate); // below watchesPerSeat: no final seats
  assert.deepEqual(mutatingWorkEstimate(10), { initialSeats: 1, finalSeats: 1, additionalLatency: 5_000 });
  assert.deepEqual(mutatingWorkEstimate(11), { initialSeats: 1, finalSeats: 2, additionalLatency: 5_000 });
  assert.deepEqual(mutatingWorkEstimate(95), { initialSeats: 1, finalSeats: 10, additionalLatency: 5_000 });
  // 250 watchers: 25 seats x 5 ms = 125 seat-ms, reshaped to 10 seats x 12.5 ms.
  assert.deepEqual(mutatingWorkEstimate(250), { initialSeats: 1, finalSeats: 10, additionalLatency: 12_500 });
  // 1000 watchers at a level whose max seats is 4: 100 x 5 ms = 500 seat-ms = 4 x 125 ms.
  assert.deepEqual(mutatingWorkEstimate(1000, 4), { initialSeats: 1, finalSeats: 4, additionalLatency: 125_000 });
  assert.equal(maxSeatsOf(mutatingWorkEstimate(250)), 10);
});

test('per-level max seats: max(1, min(ceil(0.15 nominalCL), floor(nominalCL/handSize)))', () => {
  assert.equal(priorityLevelMaxSeats(245, 6), 37); // workload-low at ServerCL 600: min(ceil(36.75), 40)
  assert.equal(priorityLevelMaxSeats(25, 4), 4); // leader-election: min(ceil(3.75), 6)
  assert.equal(priorityLevelMaxSeats(49, 6), 8); // global-default: min(ceil(7.35), 8)
  assert.equal(priorityLevelMaxSeats(3, 6), 1);
  const wide = { initialSeats: 10, finalSeats: 0, additionalLatency: 0 };
  assert.deepEqual(clampWorkEstimate(wide, 4), { initialSeats: 4, finalSeats: 0, additionalLatency: 0 });
  assert.equal(clampWorkEstimate(wide, 10), wide); // unchanged: the same object
  assert.deepEqual(clampWorkEstimate({ initialSeats: 1, finalSeats: 10, additionalLatency: 5_000 }, 4), { initialSeats: 1, finalSeats: 4, additionalLatency: 12_500 });
});
