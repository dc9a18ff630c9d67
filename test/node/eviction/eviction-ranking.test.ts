import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rankForEviction } from '../../../src/node/eviction/eviction-ranking.js';

const Mi = 2 ** 20;

test('ranking: usage above requests first, by priority, then by excess; then the rest by priority', () => {
  const pods = [
    { key: 'guaranteed-low', priority: 0, usage: 900 * Mi, request: 1024 * Mi },
    { key: 'burstable-high-small-excess', priority: 1000, usage: 600 * Mi, request: 512 * Mi },
    { key: 'besteffort', priority: 0, usage: 300 * Mi, request: 0 },
    { key: 'burstable-low-big-excess', priority: 0, usage: 2048 * Mi, request: 512 * Mi },
    { key: 'under-request-high', priority: 1000, usage: 100 * Mi, request: 512 * Mi },
    { key: 'under-request-negative', priority: -10, usage: 10 * Mi, request: 512 * Mi },
  ];
  assert.deepEqual(rankForEviction(pods).map((p) => p.key), [
    'burstable-low-big-excess', // exceeds, priority 0, excess 1.5 Gi
    'besteffort', // exceeds, priority 0, excess 300 Mi
    'burstable-high-small-excess', // exceeds, priority 1000
    'under-request-negative', // within requests: lowest priority first
    'guaranteed-low',
    'under-request-high',
  ]);
});

test('ranking: QoS class plays no part of its own — a pod within its requests goes after one exceeding them, whatever the priorities', () => {
  const pods = [
    { key: 'guaranteed', priority: -100, usage: 1000, request: 1000 },
    { key: 'burstable', priority: 100, usage: 1001, request: 1000 },
  ];
  assert.deepEqual(rankForEviction(pods).map((p) => p.key), ['burstable', 'guaranteed']);
});
