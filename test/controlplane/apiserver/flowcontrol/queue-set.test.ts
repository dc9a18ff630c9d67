import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowSchemaMetrics } from '../../../../src/controlplane/apiserver/flowcontrol/apf-metrics.js';
import { QueueSet } from '../../../../src/controlplane/apiserver/flowcontrol/queue-set.js';
import type { RejectReason, WorkEstimate } from '../../../../src/controlplane/apiserver/flowcontrol/request-digest.js';
import { defaultWorkEstimate } from '../../../../src/controlplane/apiserver/flowcontrol/work-estimator.js';
import { Simulation } from '../../../../src/engine/simulation.js';
import { MetricsSink } from '../../../../src/metrics/sink.js';

interface Outcome {
  dispatchedAt?: number;
  rejected?: [RejectReason, number];
  finish?: () => void;
}

function setup(limit: number, queuing: { queues: number; handSize: number; queueLengthLimit: number } | undefined, queueWaitLimit = 15_000_000) {
  const sim = new Simulation();
  const sink = new MetricsSink(sim);
  const metrics = new FlowSchemaMetrics(sink, { priority_level: 'pl', flow_schema: 'fs' });
  const qs = new QueueSet(sim, { exempt: false, queuing, concurrencyLimit: limit, queueWaitLimit });
  const finishAt = sim.register<() => void>((f) => f());
  /** Admits a request on `hand`; it finishes `serviceTime` µs after dispatch (never if undefined). */
  const admit = (hand: number[], serviceTime?: number, work: WorkEstimate = defaultWorkEstimate, onDispatch?: () => void): Outcome => {
    const o: Outcome = {};
    qs.admit(
      work,
      metrics,
      hand,
      (finish) => {
        o.dispatchedAt = sim.now;
        o.finish = finish;
        onDispatch?.();
        if (serviceTime !== undefined) sim.schedule(serviceTime, finishAt, finish);
      },
      (reason) => (o.rejected = [reason, sim.now]),
    );
    return o;
  };
  return { sim, sink, metrics, qs, admit };
}

test('429 queue-full exactly when the chosen queue holds queueLengthLimit and every seat is taken', () => {
  const { qs, admit, metrics } = setup(1, { queues: 1, handSize: 1, queueLengthLimit: 3 });
  const running = admit([0]);
  assert.equal(running.dispatchedAt, 0);
  const waiting = [admit([0]), admit([0]), admit([0])];
  assert.ok(waiting.every((o) => o.dispatchedAt === undefined && o.rejected === undefined));
  assert.equal(qs.waiting, 3);
  assert.deepEqual(admit([0]).rejected, ['queue-full', 0]);
  assert.equal(metrics.rejected('queue-full').value, 1);
  assert.equal(metrics.inqueueRequests.value, 3);
  // A seat frees: the oldest waiter runs, and the queue takes one more again.
  running.finish?.();
  assert.equal(waiting[0]!.dispatchedAt, 0);
  assert.equal(admit([0]).rejected, undefined);
  assert.deepEqual(admit([0]).rejected?.[0], 'queue-full');
});

test('a full queue does not reject while seats are free (upstream rejects only at the concurrency limit)', () => {
  const { admit } = setup(10, { queues: 1, handSize: 1, queueLengthLimit: 1 });
  // Wide requests of 6 seats: the second cannot start (6 + 6 > 10) and waits; the third finds the
  // queue full but 6 < 10 seats in use, so it queues as well.
  const wide: WorkEstimate = { initialSeats: 6, finalSeats: 0, additionalLatency: 0 };
  assert.equal(admit([0], undefined, wide).dispatchedAt, 0);
  const second = admit([0], undefined, wide);
  const third = admit([0], undefined, wide);
  assert.equal(second.rejected, undefined);
  assert.equal(third.rejected, undefined);
});

test('a request waiting longer than the queue wait limit gets time-out at exactly the limit', () => {
  const { sim, sink, admit, metrics } = setup(1, { queues: 4, handSize: 2, queueLengthLimit: 10 }, 15_000_000);
  admit([0, 1]); // holds the only seat forever
  const late = admit([0, 1]);
  sim.schedule(1_000_000, sim.register(() => undefined), null);
  sim.run();
  assert.deepEqual(late.rejected, ['time-out', 15_000_000]);
  assert.equal(metrics.rejected('time-out').value, 1);
  assert.equal(metrics.inqueueRequests.value, 0);
  const wait = sink.histograms.get('apiserver_flowcontrol_request_wait_duration_seconds{execute="false",flow_schema="fs",priority_level="pl"}');
  assert.deepEqual([...wait!.sorted()], [15]);
});

test('a request dispatched before its deadline is not timed out, and no timer outlives the waiting', () => {
  const { sim, admit } = setup(1, { queues: 4, handSize: 2, queueLengthLimit: 10 });
  admit([0, 1], 2_000_000);
  const second = admit([2], 2_000_000);
  const third = admit([3], 2_000_000); // same virtual finish as second: the round robin reaches queue 2 first
  sim.run();
  assert.equal(second.dispatchedAt, 2_000_000);
  assert.equal(third.dispatchedAt, 4_000_000);
  assert.equal(third.rejected, undefined);
  assert.equal(sim.now, 6_000_000); // the run ended with the last request, not at a time-out timer
});

test('shuffle sharding: a request joins the queue of its hand with the least waiting work', () => {
  const { qs, admit } = setup(1, { queues: 8, handSize: 3, queueLengthLimit: 100 });
  admit([0]); // takes the seat
  for (let i = 0; i < 3; i++) admit([0]);
  admit([1]);
  assert.deepEqual([qs.queueLength(0), qs.queueLength(1), qs.queueLength(2)], [3, 1, 0]);
  admit([0, 1, 2]);
  assert.equal(qs.queueLength(2), 1); // the empty one
  admit([0, 1]);
  assert.equal(qs.queueLength(1), 2); // 1 waiting beats 3
  // Wider work counts more: 1 request of 5 seats outweighs 3 of 1 seat.
  admit([5], undefined, { initialSeats: 5, finalSeats: 0, additionalLatency: 0 });
  admit([4]);
  admit([4]);
  admit([4, 5]);
  assert.deepEqual([qs.queueLength(4), qs.queueLength(5)], [3, 1]);
});

test('fair queuing: two backlogged flows get equal dispatch shares though one sends 10x more', () => {
  const { sim, admit } = setup(4, { queues: 64, handSize: 1, queueLengthLimit: 5000 });
  const log: string[] = [];
  for (let i = 0; i < 1000; i++) admit([7], 10_000, defaultWorkEstimate, () => log.push('heavy'));
  for (let i = 0; i < 100; i++) admit([40], 10_000, defaultWorkEstimate, () => log.push('light'));
  sim.run();
  assert.equal(log.length, 1100);
  // The first 4 seats went to the heavy flow, which arrived first; from then on both alternate.
  const lastLight = log.lastIndexOf('light');
  const heavyBefore = log.slice(0, lastLight + 1).filter((x) => x === 'heavy').length;
  assert.ok(Math.abs(heavyBefore - 100) <= 5, `heavy dispatched ${heavyBefore} times while light dispatched 100`);
});

test('a wide request at the head waits for seats and blocks the others; wider than the limit runs alone', () => {
  const { admit } = setup(4, { queues: 4, handSize: 1, queueLengthLimit: 100 });
  const [a, b] = [admit([0]), admit([0]), admit([0])]; // 3 of 4 seats; queue 0's next dispatch is at R = 9 ms
  const wide = admit([1], undefined, { initialSeats: 2, finalSeats: 0, additionalLatency: 0 }); // finishes at R = 6 ms
  const small = admit([0]); // would finish at R = 12 ms
  assert.equal(wide.dispatchedAt, undefined); // 3 + 2 > 4
  assert.equal(small.dispatchedAt, undefined); // a seat is free, but the earliest head (wide) blocks everyone
  a!.finish?.(); // finished at once: queue 0 gets its 3 ms estimate back, small now finishes at 9 ms > 6 ms
  assert.equal(wide.dispatchedAt, 0); // 2 + 2 = 4
  assert.equal(small.dispatchedAt, undefined);
  b!.finish?.();
  assert.equal(small.dispatchedAt, 0);
  const huge = setup(4, { queues: 2, handSize: 1, queueLengthLimit: 100 });
  assert.equal(huge.admit([0], undefined, { initialSeats: 9, finalSeats: 0, additionalLatency: 0 }).dispatchedAt, 0); // nothing executing
});

test('final seats are held for the additional latency after finish', () => {
  const { sim, qs, admit, metrics } = setup(10, { queues: 2, handSize: 1, queueLengthLimit: 100 });
  const write = admit([0], 1_000, { initialSeats: 1, finalSeats: 5, additionalLatency: 5_000 });
  const seats: Array<[number, number]> = [];
  const probe = sim.register<null>(() => seats.push([sim.now, qs.seatsInUse]));
  for (const t of [500, 1_500, 5_500, 6_500]) sim.schedule(t, probe, null);
  sim.run();
  assert.equal(write.dispatchedAt, 0);
  // max(initial, final) = 5 seats from dispatch until 1 ms + 5 ms.
  assert.deepEqual(seats, [[500, 5], [1_500, 5], [5_500, 5], [6_500, 0]]);
  assert.equal(metrics.executingSeats.value, 0);
  assert.equal(qs.idle, true);
});

test('Reject levels: concurrency-limit when the seats are taken; no queues', () => {
  const { admit, metrics } = setup(2, undefined);
  assert.equal(admit([]).dispatchedAt, 0);
  assert.equal(admit([]).dispatchedAt, 0);
  assert.deepEqual(admit([]).rejected, ['concurrency-limit', 0]);
  assert.equal(metrics.rejected('concurrency-limit').value, 1);
});

test('callbacks may finish and admit synchronously', () => {
  const { qs, admit, metrics } = setup(1, { queues: 4, handSize: 1, queueLengthLimit: 100 });
  let count = 0;
  const chain = (): void =>
    qs.admit(
      defaultWorkEstimate,
      metrics,
      [count % 4],
      (finish) => {
        count++;
        finish(); // finishes inside dispatch
        if (count < 50) chain(); // and starts the next request from inside the callback
      },
      () => assert.fail('no rejection expected'),
    );
  admit([1]).finish?.();
  chain();
  assert.equal(count, 50);
  assert.equal(qs.idle, true);
});
