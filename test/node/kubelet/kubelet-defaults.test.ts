import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDistribution } from '../../../src/engine/distribution.js';
import { defaultStartLatency } from '../../../src/node/kubelet/kubelet-defaults.js';

test("the kubelet's default start latency sits inside the SIG-scalability SLO (5 s pod startup p99)", () => {
  assert.ok(createDistribution(defaultStartLatency).quantile(0.99) < 5_000_000);
});
