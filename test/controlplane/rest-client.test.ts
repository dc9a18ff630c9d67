import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiRequest, ApiResponse, ApiServerEndpoint } from '../../src/controlplane/apiserver/request.js';
import { RestClient } from '../../src/controlplane/rest-client.js';
import { Simulation } from '../../src/engine/simulation.js';
import { MetricsSink } from '../../src/metrics/sink.js';

class Recorder implements ApiServerEndpoint {
  readonly times: number[] = [];
  constructor(private readonly sim: Simulation) {}
  handle(_req: ApiRequest, respond: (r: ApiResponse) => void): void {
    this.times.push(this.sim.now);
    respond({ code: 200 });
  }
}

const req: ApiRequest = { verb: 'GET', kind: 'Pod', name: 'x', namespace: 'default', user: 'test' };

test('token bucket: burst goes at once, the rest at qps, in FIFO order', () => {
  const sim = new Simulation();
  const server = new Recorder(sim);
  const client = new RestClient(sim, server, new MetricsSink(sim), 'test', { qps: 10, burst: 5 });
  const order: number[] = [];
  for (let i = 0; i < 25; i++) client.send(req, () => order.push(i));
  sim.run();
  assert.equal(server.times.length, 25);
  assert.deepEqual(order, [...Array(25).keys()]);
  assert.equal(server.times.filter((t) => t === 0).length, 5);
  // 20 more at 10/s: the last one ~2 s after the start.
  const last = server.times[24] ?? 0;
  assert.ok(Math.abs(last - 2_000_000) <= 1_000, `last request at ${last} µs`);
});

test('qps <= 0 means unlimited', () => {
  const sim = new Simulation();
  const server = new Recorder(sim);
  const client = new RestClient(sim, server, new MetricsSink(sim), 'test', { qps: 0, burst: 1 });
  for (let i = 0; i < 100; i++) client.send(req, () => undefined);
  assert.equal(server.times.length, 100);
});
