import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Simulation } from '../../src/engine/simulation.js';
import { renderPrometheus } from '../../src/metrics/reporters/prometheus.js';
import type { RunReport } from '../../src/metrics/reporters/run-report.js';
import { seriesName } from '../../src/metrics/series-name.js';
import { MetricsSink } from '../../src/metrics/sink.js';
import { checkDefaultSlos } from '../../src/metrics/slo.js';
import { collectMetrics, summarize } from '../../src/metrics/summary.js';

test('series names sort labels and escape values', () => {
  assert.equal(seriesName('m', { verb: 'POST', resource: 'pods' }), 'm{resource="pods",verb="POST"}');
  assert.equal(seriesName('m', { a: 'x"y' }), 'm{a="x\\"y"}');
  assert.equal(seriesName('m'), 'm');
});

test('summaries: R-7 quantiles of 1..100', () => {
  const s = summarize(Float64Array.from({ length: 100 }, (_, i) => i + 1).sort());
  assert.equal(s.count, 100);
  assert.equal(s.mean, 50.5);
  assert.equal(s.p50, 50.5);
  assert.ok(Math.abs(s.p99 - 99.01) < 1e-9);
  assert.equal(s.max, 100);
});

test('histograms record only while collecting; counters always', () => {
  const sink = new MetricsSink(new Simulation());
  sink.collecting = false;
  sink.histogram('h').observe(1);
  sink.counter('c').inc();
  sink.collecting = true;
  sink.histogram('h').observe(2);
  const m = collectMetrics(sink);
  assert.deepEqual(Object.keys(m), ['c', 'h']);
  assert.equal(m['c'], 1);
  assert.equal((m['h'] as { count: number }).count, 1);
});

test('sampled gauges are written over virtual time', () => {
  const sim = new Simulation();
  const sink = new MetricsSink(sim);
  const g = sink.gauge('g', undefined, true);
  sink.startSampling(1_000_000);
  const bump = sim.register<null>(() => g.add(1));
  for (let i = 0; i < 5; i++) sim.schedule(i * 1_000_000 + 500_000, bump, null);
  sim.run({ until: 4_600_000 });
  sink.stopSampling();
  assert.deepEqual(sink.points.map((p) => [p.time, p.value]), [[0, 0], [1e6, 1], [2e6, 2], [3e6, 3], [4e6, 4], [4.6e6, 5]]);
});

test('SLOs: worst mutating (resource, verb) p99 against 1 s, pod startup p99 against 5 s', () => {
  const sum = (p99: number) => ({ count: 10, mean: p99 / 2, p50: p99 / 2, p90: p99, p99, max: p99 });
  const slos = checkDefaultSlos({
    'apiserver_request_duration_seconds{resource="pods",subresource="",verb="POST"}': sum(0.2),
    'apiserver_request_duration_seconds{resource="pods",subresource="status",verb="PATCH"}': sum(1.5),
    'apiserver_request_duration_seconds{resource="pods",subresource="",verb="GET"}': sum(9),
    pod_startup_latency_seconds: sum(4),
  });
  assert.deepEqual(slos.map((s) => [s.name, s.value, s.pass]), [
    ['mutating_api_call_latency_p99_seconds', 1.5, false],
    ['pod_startup_latency_p99_seconds', 4, true],
  ]);
});

test('Prometheus exposition: summaries get quantile labels, _sum and _count', () => {
  const report = {
    metrics: { a_total: 3, 'lat_seconds{verb="GET"}': { count: 2, mean: 0.5, p50: 0.5, p90: 0.9, p99: 0.99, max: 1 } },
  } as unknown as RunReport;
  assert.equal(
    renderPrometheus(report),
    '# TYPE a_total untyped\na_total 3\n# TYPE lat_seconds summary\nlat_seconds{verb="GET",quantile="0.5"} 0.5\n' +
      'lat_seconds{verb="GET",quantile="0.9"} 0.9\nlat_seconds{verb="GET",quantile="0.99"} 0.99\nlat_seconds_sum{verb="GET"} 1\nlat_seconds_count{verb="GET"} 2\n',
  );
});
