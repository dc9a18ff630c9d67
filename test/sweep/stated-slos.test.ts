import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSlos, type SloObjective } from '../../src/metrics/stated-slos.js';
import { compileScenario } from '../../src/scenario/compile.js';
import { InputError, formatProblem } from '../../src/scenario/input-error.js';
import { ScenarioSource } from '../../src/scenario/source.js';
import { withSweep } from './fixtures.js';

const summary = (p99: number, count = 10): { count: number; mean: number; p50: number; p90: number; p99: number; max: number } => ({ count, mean: p99 / 2, p50: p99 / 2, p90: p99 * 0.9, p99, max: p99 * 1.1 });
const metrics = {
  'apiserver_request_duration_seconds{resource="pods",subresource="",verb="POST"}': summary(0.4),
  'apiserver_request_duration_seconds{resource="nodes",subresource="",verb="LIST"}': summary(12),
  'apiserver_request_duration_seconds{resource="pods",subresource="",verb="LIST"}': summary(20),
  'pod_startup_latency_seconds': summary(3),
  'scheduler_throughput_pods_per_second': 450,
};

function compiled(block: string): readonly SloObjective[] {
  return compileScenario(ScenarioSource.parse('s.yaml', withSweep(block))).slos;
}

test('stated SLOs: a restated default objective, a bound on the worst matching series, a lower bound on a number', () => {
  const slos = compiled(`slos:
  - { name: mutating_api_call_latency_p99_seconds, max: 0.3 }
  - { name: list_p99_seconds, metric: 'apiserver_request_duration_seconds{verb="LIST"}', max: 15 }
  - { name: list_nodes_p90_seconds, metric: 'apiserver_request_duration_seconds{resource="nodes",verb="LIST"}', stat: p90, max: 15 }
  - { name: throughput, metric: scheduler_throughput_pods_per_second, min: 400 }
  - { name: never_seen, metric: 'etcd_request_duration_seconds{cluster="x"}', max: 1 }`);
  assert.deepEqual(checkSlos(metrics, slos), [
    { name: 'mutating_api_call_latency_p99_seconds', value: 0.4, objective: 0.3, pass: false },
    { name: 'pod_startup_latency_p99_seconds', value: 3, objective: 5, pass: true },
    { name: 'list_p99_seconds', value: 20, objective: 15, pass: false },
    { name: 'list_nodes_p90_seconds', value: 10.8, objective: 15, pass: true },
    { name: 'throughput', value: 450, objective: 400, pass: true },
  ]);
});

test('bad SLOs are located errors', () => {
  const bad = (block: string): string[] => {
    try {
      compileScenario(ScenarioSource.parse('s.yaml', withSweep(block)));
      return [];
    } catch (e) {
      assert.ok(e instanceof InputError);
      return e.problems.map(formatProblem);
    }
  };
  assert.deepEqual(bad('slos:\n  - { name: mine, max: 1 }'), ['s.yaml:6:5: slos[0].metric: required unless name is a default SLO (mutating_api_call_latency_p99_seconds, pod_startup_latency_p99_seconds)']);
  assert.deepEqual(bad('slos:\n  - { name: mine, metric: "x{", max: 1 }'), ['s.yaml:6:19: slos[0].metric: must be a series selector such as apiserver_request_duration_seconds{verb="LIST",resource="nodes"}']);
  assert.deepEqual(bad('slos:\n  - { name: mine, metric: x, max: 1, min: 0 }'), ['s.yaml:6:5: slos[0]: give exactly one of max (value <= max) or min (value >= min)']);
  assert.match(bad('slos:\n  - { name: mine, metric: x, stat: p95, max: 1 }')[0] ?? '', /slos\[0\]\.stat: must be one of: count, mean, p50, p90, p99, max/);
});
