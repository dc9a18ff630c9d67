import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunReport } from '../../src/metrics/reporters/run-report.js';
import { renderTerminalTable } from '../../src/metrics/reporters/terminal-table.js';

const base: RunReport = {
  scenario: 's',
  seed: 1,
  params: {},
  simSeconds: 10,
  wallSeconds: 1,
  events: 100,
  completed: true,
  metrics: {},
  slos: [],
  warnings: [],
  pods: [],
  points: [],
};

test('a run without pods or control-plane traffic shows neither', () => {
  const text = renderTerminalTable(base);
  assert.doesNotMatch(text, /pods running|API answers|etcd/);
});

test('API answers are summed by code class and etcd size and leader changes over clusters', () => {
  const text = renderTerminalTable({
    ...base,
    metrics: {
      'apiserver_request_total{code="200",resource="pods",subresource="",verb="GET"}': 7,
      'apiserver_request_total{code="201",resource="pods",subresource="",verb="POST"}': 3,
      'apiserver_request_total{code="429",resource="pods",subresource="",verb="LIST"}': 4,
      'apiserver_request_total{code="500",resource="leases",subresource="",verb="PUT"}': 2,
      'apiserver_request_total{code="504",resource="leases",subresource="",verb="PUT"}': 1,
      'etcd_mvcc_db_total_size_in_bytes{cluster="default"}': 2 ** 20,
      'etcd_mvcc_db_total_size_in_bytes{cluster="events"}': 2 ** 21,
      'etcd_server_leader_changes_seen_total{cluster="default"}': 2,
      'etcd_server_leader_changes_seen_total{cluster="events"}': 1,
      'etcd_benchmark_put_requests_per_second{run="one"}': 583.2,
      'etcd_benchmark_put_latency_average_seconds{run="one"}': 0.0016,
    },
  });
  assert.match(text, /API answers 2xx \/ 429 \/ 5xx\s+10 \/ 4 \/ 3/);
  assert.match(text, /etcd db size \(MiB, all clusters\)\s+3\.0/);
  assert.match(text, /etcd leader changes\s+3/);
  assert.match(text, /benchmark put one\s+583 QPS, 1\.60 ms avg/);
});
