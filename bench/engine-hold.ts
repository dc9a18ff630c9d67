// Classic "hold" benchmark of the event engine: keep N events pending; each
// step pops the earliest and schedules one at now + an exponential increment.
// Measured for our Simulation and, as a reference, for the flatqueue package
// running the same model with the same increments.

import FlatQueue from 'flatqueue';
import { Bench } from 'tinybench';
import { Simulation, type Handler } from '../src/engine/simulation.js';
import { RandomStreams } from '../src/engine/rng.js';

/** One benchmark row: throughput of a queue implementation at a given number of pending events. */
export interface EngineBenchResult {
  name: string;
  pending: number;
  eventsPerSecond: number;
  nsPerEvent: number;
  /** This row's time per event divided by flatqueue's at the same pending count (1 for the flatqueue rows). */
  ratioToFlatqueue: number;
}

/** Hold steps per measured task invocation. */
export const HOLD_STEPS = 200_000;
const MEAN_US = 1_000;
const INCREMENTS = 1 << 18;

function exponentialTable(seed: string, n: number): Float64Array {
  const rng = new RandomStreams(seed).stream('engine-hold');
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(-MEAN_US * Math.log(1 - rng.next()));
  return out;
}

interface HoldModel {
  prefill(pending: number, initial: Float64Array): void;
  steps(k: number): void;
}

class SimulationHold implements HoldModel {
  private sim = new Simulation();
  private hold: Handler<number> = this.sim.register<number>(() => undefined);
  private k = 0;

  constructor(private readonly inc: Float64Array) {}

  prefill(pending: number, initial: Float64Array): void {
    const sim = new Simulation();
    const inc = this.inc;
    const mask = inc.length - 1;
    const hold: Handler<number> = sim.register<number>((arg) => {
      sim.schedule(inc[this.k++ & mask]!, hold, arg);
    });
    for (let i = 0; i < pending; i++) sim.schedule(initial[i % initial.length]!, hold, i);
    this.sim = sim;
    this.hold = hold;
  }

  steps(k: number): void {
    this.sim.run({ maxEvents: k });
  }
}

class FlatQueueHold implements HoldModel {
  private q = new FlatQueue<number>();
  private k = 0;

  constructor(private readonly inc: Float64Array) {}

  prefill(pending: number, initial: Float64Array): void {
    this.q = new FlatQueue<number>();
    for (let i = 0; i < pending; i++) this.q.push(i, initial[i % initial.length]!);
  }

  steps(k: number): void {
    const q = this.q;
    const inc = this.inc;
    const mask = inc.length - 1;
    let j = this.k;
    for (let s = 0; s < k; s++) {
      const t = q.peekValue()!;
      const id = q.pop()!;
      q.push(id, t + inc[j++ & mask]!);
    }
    this.k = j;
  }
}

/** Runs the hold benchmark at 1,000 and 100,000 pending events for Simulation and flatqueue; returns one row per pair. */
export async function benchEngineHold(options: { time?: number; pendings?: number[] } = {}): Promise<EngineBenchResult[]> {
  const pendings = options.pendings ?? [1_000, 100_000];
  const time = options.time ?? 1_500;
  const inc = exponentialTable('bench', INCREMENTS);
  const initial = exponentialTable('bench-initial', 1 << 17);
  const rows: EngineBenchResult[] = [];
  for (const pending of pendings) {
    const models: Array<[string, HoldModel]> = [
      ['flatqueue', new FlatQueueHold(inc)],
      ['kubesim', new SimulationHold(inc)],
    ];
    const bench = new Bench({ time, warmupTime: 300, throws: true });
    for (const [name, model] of models) {
      model.prefill(pending, initial);
      bench.add(name, () => model.steps(HOLD_STEPS));
    }
    await bench.run();
    const found: EngineBenchResult[] = [];
    for (const task of bench.tasks) {
      const r = task.result;
      if (!('latency' in r)) throw new Error(`benchEngineHold: task ${task.name} did not complete (${r.state})`);
      const nsPerEvent = (r.latency.mean * 1e6) / HOLD_STEPS;
      found.push({ name: task.name, pending, eventsPerSecond: 1e9 / nsPerEvent, nsPerEvent, ratioToFlatqueue: 1 });
    }
    const ref = found.find((row) => row.name === 'flatqueue');
    for (const row of found) row.ratioToFlatqueue = ref === undefined ? NaN : row.nsPerEvent / ref.nsPerEvent;
    rows.push(...found);
  }
  return rows;
}
