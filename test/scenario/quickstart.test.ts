import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { renderResultFiles, runReport } from '../../src/cli/run-command.js';
import { checkDefaultSlos } from '../../src/metrics/slo.js';
import type { Summary } from '../../src/metrics/summary.js';
import { runScenario } from '../../src/scenario/runner.js';

const quickstart = fileURLToPath(new URL('../../../scenarios/quickstart.yaml', import.meta.url));

const first = runScenario(await loadScenario(quickstart));

test('quickstart: 30,000 pods on 1,000 nodes are created through the API, scheduled and started', () => {
  assert.equal(first.completed, true);
  assert.deepEqual(first.warnings, []);
  assert.equal(first.pods.length, 30_000);
  assert.equal(first.pods.filter((p) => p.observedRunning !== undefined).length, 30_000);
  const perNode = new Map<string, number>();
  for (const p of first.pods) perNode.set(p.node, (perNode.get(p.node) ?? 0) + 1);
  assert.equal(perNode.size, 1_000);
  assert.ok(Math.max(...perNode.values()) <= 64, 'no node holds more than its 32 cpu / 500m allows');
});

test('quickstart: numbers within stated bands', () => {
  const startup = first.metrics['pod_startup_latency_seconds'] as Summary;
  // Stand-in start latency lognormal(median 1.5 s, p99 4 s) plus API, etcd, watch and scheduling delays.
  assert.ok(startup.p50 >= 1.4 && startup.p50 <= 1.8, `startup p50 ${startup.p50}`);
  assert.ok(startup.p99 >= 3.5 && startup.p99 <= 4.8, `startup p99 ${startup.p99}`);
  // 30,000 pods created at 500/s take 60 s; the last one starts a few seconds later.
  assert.ok(first.simSeconds >= 60 && first.simSeconds <= 75, `virtual seconds ${first.simSeconds}`);
  const throughput = first.metrics['scheduler_throughput_pods_per_second'] as number;
  assert.ok(throughput >= 480 && throughput <= 510, `throughput ${throughput}`);
  const post = first.metrics['apiserver_request_duration_seconds{resource="pods",subresource="",verb="POST"}'] as Summary;
  assert.equal(post.count, 30_000);
  assert.ok(post.p50 > 0.002 && post.p50 < 0.006, `POST pods p50 ${post.p50}`);
  assert.ok(checkDefaultSlos(first.metrics).every((s) => s.pass));
});

test('quickstart: same seed gives byte-identical result files; another seed changes them', async () => {
  const a = renderResultFiles(runReport(first, 0), first.explanations);
  const second = runScenario(await loadScenario(quickstart));
  const b = renderResultFiles(runReport(second, 0), second.explanations);
  for (const name of Object.keys(a)) assert.ok(a[name] === b[name], `${name} differs between identical runs`);
  const other = runScenario(await loadScenario(quickstart, { seed: 2 }));
  const c = renderResultFiles(runReport(other, 0), other.explanations);
  for (const name of ['summary.json', 'pods.csv', 'timeseries.csv']) assert.notEqual(a[name], c[name], `${name} unchanged by the seed`);
});
