import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gpuUtilization, GpuUtilizationModel } from '../../src/dra/gpu-utilization.js';
import { Simulation } from '../../src/engine/simulation.js';
import { MetricsSink } from '../../src/metrics/sink.js';

test('utilisation: demand capped by each share, saturating at 1, less the overhead only when shared', () => {
  assert.equal(gpuUtilization([], 0.11), 0);
  assert.equal(gpuUtilization([{ demand: 0.63, cap: 1 }], 0.11), 0.63);
  assert.ok(Math.abs(gpuUtilization(Array.from({ length: 4 }, () => ({ demand: 0.63, cap: 0.25 })), 0.11) - 0.89) < 1e-12);
  // Two light consumers do not saturate: 2 × 0.2 = 0.4, less 11 %.
  assert.ok(Math.abs(gpuUtilization([{ demand: 0.2, cap: 0.5 }, { demand: 0.2, cap: 0.5 }], 0.11) - 0.356) < 1e-12);
  // Uncapped (time-slicing) consumers can fill the GPU between them.
  assert.equal(gpuUtilization([{ demand: 0.7, cap: 1 }, { demand: 0.7, cap: 1 }], 0), 1);
});

test('the model\'s gauges follow consumers per strategy and forget GPUs that emptied', () => {
  const metrics = new MetricsSink(new Simulation());
  const m = new GpuUtilizationModel(metrics, { Exclusive: 0, Shares: 0.1, TimeSlicing: 0.1, MPS: 0.04, MIG: 0 });
  m.add('n/0', 'Shares', 'a', { demand: 1, cap: 0.5 });
  m.add('n/0', 'Shares', 'b', { demand: 1, cap: 0.5 });
  m.add('n/1', 'Shares', 'c', { demand: 1, cap: 0.5 });
  assert.deepEqual(m.summary('Shares'), { utilization: (0.9 + 0.5) / 2, podsPerGpu: 1.5, busyGpus: 2 });
  assert.equal(metrics.gauge('dra_pods_per_gpu', { sharing: 'Shares' }).value, 1.5);
  m.remove('n/1', 'c');
  assert.equal(m.busy('n/1'), false);
  assert.deepEqual(m.summary('Shares'), { utilization: 0.9, podsPerGpu: 2, busyGpus: 1 });
  assert.equal(m.summary('MIG').busyGpus, 0);
});
