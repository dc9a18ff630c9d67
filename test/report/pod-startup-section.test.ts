import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunData } from '../../src/report/run-data.js';
import { podStartup } from '../../src/report/sections/pod-startup.js';

test('the pod startup section renders 200,000 pods (the SLO envelope is 150,000) without exhausting the stack', () => {
  const pods = Array.from({ length: 200_000 }, (_, i) => ({ name: `p${i}`, node: 'n', created: i, scheduled: i, running: i + 1, startup: 1 + (i % 1000) / 100 }));
  const run: RunData = {
    dir: 'r',
    summary: { scenario: 's', seed: 1, params: {}, simSeconds: 1, wallSeconds: 0, events: 0, completed: true, metrics: {}, slos: [], warnings: [] },
    series: new Map(),
    pods,
  };
  const section = podStartup.render(run);
  assert.ok(section !== undefined);
  const p99 = section.charts[0]?.datasets.find((d) => d.label === 'p99 = 0.99');
  // The p99 guide line reaches the largest latency (10.99 s), past the 5 s objective.
  assert.equal(p99?.data[1]?.x, 10.99);
});
