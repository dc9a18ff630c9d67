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

/** Answers with the scripted codes in turn, then 200. */
class Scripted implements ApiServerEndpoint {
  readonly times: number[] = [];
  constructor(private readonly sim: Simulation, private readonly codes: number[]) {}
  handle(_req: ApiRequest, respond: (r: ApiResponse) => void): void {
    this.times.push(this.sim.now);
    respond({ code: this.codes.shift() ?? 200 });
  }
}

test('a 429 is retried after the 1 s Retry-After, a 5xx after 5 ms doubling backoff', () => {
  const sim = new Simulation();
  const server = new Scripted(sim, [429, 429, 500, 500, 500]);
  const metrics = new MetricsSink(sim);
  const client = new RestClient(sim, server, metrics, 'test', { qps: 0, burst: 1 });
  let final: ApiResponse | undefined;
  client.send(req, (r) => (final = r));
  sim.run();
  assert.equal(final?.code, 200);
  // 0, +1 s, +1 s, then 5 ms, 10 ms, 20 ms after the 500s.
  assert.deepEqual(server.times, [0, 1_000_000, 2_000_000, 2_005_000, 2_015_000, 2_035_000]);
  assert.equal(metrics.counter('rest_client_request_retries_total', { client: 'test', code: '429' }).value, 2);
  assert.equal(metrics.counter('rest_client_request_retries_total', { client: 'test', code: '500' }).value, 3);
});

test('retries stop after maxRetries and return the last failure; 4xx other than 429 are not retried', () => {
  const sim = new Simulation();
  const server = new Scripted(sim, Array(20).fill(429) as number[]);
  const client = new RestClient(sim, server, new MetricsSink(sim), 'test', { qps: 0, burst: 1 }, 3);
  let final: ApiResponse | undefined;
  client.send(req, (r) => (final = r));
  sim.run();
  assert.equal(final?.code, 429);
  assert.equal(server.times.length, 4);

  const sim2 = new Simulation();
  const notFound = new Scripted(sim2, [404]);
  const c2 = new RestClient(sim2, notFound, new MetricsSink(sim2), 'test', { qps: 0, burst: 1 });
  c2.send(req, (r) => (final = r));
  sim2.run();
  assert.equal(final?.code, 404);
  assert.equal(notFound.times.length, 1);
});

test('retries go through the rate limiter again', () => {
  const sim = new Simulation();
  const server = new Scripted(sim, [429]);
  const client = new RestClient(sim, server, new MetricsSink(sim), 'test', { qps: 1, burst: 1 });
  client.send(req, () => undefined);
  client.send(req, () => undefined);
  client.send(req, () => undefined);
  sim.run();
  // First at 0 (429), then the bucket serves requests at 1 s and 2 s; the retry queues behind them at 3 s.
  assert.deepEqual(server.times, [0, 1_000_000, 2_000_000, 3_000_000]);
});
