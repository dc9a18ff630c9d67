import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCommand } from '../../src/cli/run-command.js';
import type { ChartSpec } from '../../src/report/chart-spec.js';
import { loadRunDir, parseRunData, type RunData } from '../../src/report/run-data.js';
import { renderRunReport } from '../../src/report/run-report.js';
import { controlPlane } from '../../src/report/sections/control-plane.js';
import { writeScenario } from '../scenario/fixtures.js';

/** Three seats of APF and a closed-loop LIST storm from one service account: queues fill and APF rejects. */
const storm = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: storm }
sampleInterval: 2s
cluster:
  apiserver: { max-requests-inflight: 2, max-mutating-requests-inflight: 1 }
  nodePools:
    - { name: w, count: 3, capacity: { cpu: "4", memory: 8Gi, pods: 110 } }
workload:
  - opcode: createPods
    count: 5
    podTemplate: { spec: { containers: [{ name: c, image: pause }] } }
  - opcode: barrier
    for: Running
  - opcode: apiRequests
    user: system:serviceaccount:monitoring:scraper
    verb: list
    resource: pods
    clients: 500
    duration: 20s
`;

const out = join(mkdtempSync(join(tmpdir(), 'kubesim-control-plane-')), 'storm');
await runCommand(writeScenario(storm), { out, quiet: true });
const run = loadRunDir(out);

function chart(charts: readonly ChartSpec[], metric: string): ChartSpec {
  const c = charts.find((x) => x.title.includes(`(${metric})`) || x.title.includes(`of ${metric})`));
  assert.ok(c !== undefined, `no chart of ${metric} among: ${charts.map((x) => x.title).join(' | ')}`);
  return c;
}

function peak(c: ChartSpec, label: string): number {
  const d = c.datasets.find((x) => x.label === label);
  assert.ok(d !== undefined, `no dataset "${label}" in "${c.title}" (has ${c.datasets.map((x) => x.label).join(', ')})`);
  return Math.max(...d.data.map((p) => p.y));
}

test('a run with an apiserver and etcd gets the control plane section, with the APF rejections it caused', () => {
  const html = renderRunReport(run);
  assert.match(html, /<h2>Control plane<\/h2>/);
  const content = controlPlane.render(run);
  assert.ok(content !== undefined);
  const charts = content.charts;
  assert.ok(peak(chart(charts, 'apiserver_request_total'), '429 Too Many Requests') > 0);
  assert.ok(peak(chart(charts, 'apiserver_request_total'), 'all') > 0);
  assert.ok(peak(chart(charts, 'apiserver_flowcontrol_rejected_requests_total'), 'workload-low') > 0);
  assert.ok(peak(chart(charts, 'apiserver_flowcontrol_current_inqueue_requests'), 'workload-low') > 0);
  assert.ok(peak(chart(charts, 'process_cpu_seconds_total'), 'apiserver 0') > 0);
  assert.ok(peak(chart(charts, 'etcd_mvcc_db_total_size_in_bytes, etcd_mvcc_db_total_size_in_use_in_bytes'), 'cluster=default file') > 0);
  chart(charts, 'etcd_server_leader_changes_seen_total');
  const fsync = chart(charts, 'etcd_disk_wal_fsync_duration_seconds');
  assert.equal(peak(fsync, 'health rule: p99 < 10 ms'), 0.01);
  chart(charts, 'etcd_request_duration_seconds');
  for (const c of charts) for (const d of c.datasets) assert.ok(d.data.length > 0, `"${d.label}" of "${c.title}" has no points`);
});

test('a run without control plane series has no control plane section', () => {
  const prefixes = ['apiserver_', 'etcd_', 'process_', 'rest_client_'];
  const without: RunData = { ...run, series: new Map([...run.series].filter(([k]) => !prefixes.some((p) => k.startsWith(p)))) };
  assert.equal(controlPlane.render(without), undefined);
  const html = renderRunReport(without);
  assert.doesNotMatch(html, /<h2>Control plane<\/h2>/);
  assert.match(html, /<h2>Summary<\/h2>/);
});

test('rates sum the series of a code class and count a counter that appears late from zero', () => {
  const summary = JSON.stringify({ scenario: 'x', seed: 1, params: {}, simSeconds: 2, events: 0, metrics: {}, slos: [] });
  const series = [
    [0, 'apiserver_request_total{code="200",resource="pods",subresource="",verb="GET"}', 0],
    [1, 'apiserver_request_total{code="200",resource="pods",subresource="",verb="GET"}', 10],
    [1, 'apiserver_request_total{code="201",resource="pods",subresource="",verb="POST"}', 4],
    [2, 'apiserver_request_total{code="200",resource="pods",subresource="",verb="GET"}', 30],
    [2, 'apiserver_request_total{code="201",resource="pods",subresource="",verb="POST"}', 4],
    [2, 'apiserver_request_total{code="429",resource="pods",subresource="",verb="GET"}', 5],
    [0, 'apiserver_dropped_requests_total{request_kind="readOnly"}', 0],
    [2, 'apiserver_dropped_requests_total{request_kind="readOnly"}', 5],
  ];
  const csv = `time_s,series,value\n${series.map(([t, s, v]) => `${t},"${String(s).replace(/"/g, '""')}",${v}`).join('\n')}\n`;
  const data = parseRunData('synthetic', { 'summary.json': summary, 'timeseries.csv': csv, 'pods.csv': 'namespace,name,node,created_s,scheduled_s,running_s,observed_running_s,startup_latency_s,failed_reason\n' });
  const content = controlPlane.render(data);
  assert.ok(content !== undefined);
  const requests = chart(content.charts, 'apiserver_request_total');
  const points = (label: string): [number, number][] => (requests.datasets.find((d) => d.label === label)?.data ?? []).map((p) => [p.x, p.y]);
  assert.deepEqual(points('all'), [[1, 14], [2, 25]]);
  assert.deepEqual(points('2xx'), [[1, 14], [2, 20]]);
  assert.deepEqual(points('429 Too Many Requests'), [[1, 0], [2, 5]]);
  assert.deepEqual(chart(content.charts, 'apiserver_dropped_requests_total').datasets.map((d) => d.data.map((p) => [p.x, p.y])), [[[1, 0], [2, 5]]]);
  assert.equal(content.charts.some((c) => c.title.includes('flowcontrol') || c.title.includes('etcd')), false);
});
