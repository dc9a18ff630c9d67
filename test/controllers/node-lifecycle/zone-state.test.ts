/** Zone states and rates as ComputeZoneState, ReducedQPSFunc and HealthyQPSFunc define them. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultNodeLifecycleConfig as config } from '../../../src/controllers/node-lifecycle/node-lifecycle-config.js';
import { computeZoneState, zoneEvictionRate, zoneKey } from '../../../src/controllers/node-lifecycle/zone-state.js';

test('computeZoneState: no ready node is FullDisruption', () => {
  assert.equal(computeZoneState(0, 1, 0.55), 'FullDisruption');
  assert.equal(computeZoneState(0, 0, 0.55), 'Normal');
});

test('computeZoneState: PartialDisruption needs more than 2 not-ready nodes and the threshold share', () => {
  assert.equal(computeZoneState(1, 2, 0.55), 'Normal'); // 67 % but only 2 not ready
  assert.equal(computeZoneState(2, 3, 0.55), 'PartialDisruption'); // 60 %
  assert.equal(computeZoneState(3, 3, 0.55), 'Normal'); // 50 %
  assert.equal(computeZoneState(9, 11, 0.55), 'PartialDisruption'); // exactly 55 %
});

test('zoneEvictionRate: normal and fully disrupted zones taint at --node-eviction-rate', () => {
  assert.equal(zoneEvictionRate('Normal', 10, config), 0.1);
  assert.equal(zoneEvictionRate('FullDisruption', 10, config), 0.1);
});

test('zoneEvictionRate: a partially disrupted zone taints at the secondary rate above --large-cluster-size-threshold, else not at all', () => {
  assert.equal(zoneEvictionRate('PartialDisruption', 51, config), 0.01);
  assert.equal(zoneEvictionRate('PartialDisruption', 50, config), 0);
});

test('zoneKey: zone label, prefixed by the region when there is one', () => {
  assert.equal(zoneKey({ metadata: { name: 'n', uid: 'u', resourceVersion: 1, creationTimestamp: 0, labels: { 'topology.kubernetes.io/zone': 'a' } } }), 'a');
  assert.equal(zoneKey({ metadata: { name: 'n', uid: 'u', resourceVersion: 1, creationTimestamp: 0, labels: { 'topology.kubernetes.io/zone': 'a', 'topology.kubernetes.io/region': 'r' } } }), 'r:a');
  assert.equal(zoneKey({ metadata: { name: 'n', uid: 'u', resourceVersion: 1, creationTimestamp: 0 } }), '');
});
