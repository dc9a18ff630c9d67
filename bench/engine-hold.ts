// Classic "hold" benchmark of the event engine: keep N events pending; each
// step pops the earliest and schedules one at now + an exponential increment.
// Measured for our Simulation and, as a reference, for the flatqueue package
// running the same model with the same increments.

import FlatQueue from 'flatqueue';
import { Bench } from 'tinybench';
import { Simulation, type Handler } from '../src/engine/simulation.js';
import { RandomStreams } from '../src/engine/rng.js';
import { createDistribution } from '../src/engine/distribution.js';

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
/** Mean of the exponential hold increment (µs) used for the acceptance numbers. */
export const DEFAULT_MEAN_INCREMENT = 1_000;
const INCREMENTS = 1 << 18;

/** n integer µs draws (exponential, mean 1,000 µs) from a seeded stream, shared by both queues. */
function exponentialTable(seed: string, n: number, mean: number): Float64Array {
  const rng = new RandomStreams(seed).stream('engine-hold');
  const exp = createDistribution({ exponential: { mean } });
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(exp.sample(rng));
  return out;
}

interface HoldModel {
  steps(k: number): void;
}

/** Our engine: a handler that reschedules itself through Simulation.schedule. */
class SimulationHold implements HoldModel {
  private readonly sim = new Simulation();
  private k = 0;

  constructor(inc: Float64Array, pending: number, initial: Float64Array) {
    const sim = this.sim;
    const mask = inc.length - 1;
    const hold: Handler<number> = sim.register<number>((arg) => {
      sim.schedule(inc[this.k++ & mask]!, hold, arg);
    });
    for (let i = 0; i < pending; i++) sim.schedule(initial[i % initial.length]!, hold, i);
  }

  steps(k: number): void {
    this.sim.run({ maxEvents: k });
  }
}

/** Reference: flatqueue popping the minimum and pushing it back at time + increment. */
class FlatQueueHold implements HoldModel {
  private readonly q = new FlatQueue<number>();
  private k = 0;

  constructor(private readonly inc: Float64Array, pending: number, initial: Float64Array) {
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

/** Runs the hold benchmark (default 1,000 and 100,000 pending) for flatqueue and our Simulation; one row per (queue, pending). */
export async function benchEngineHold(options: { time?: number; pendings?: number[]; meanIncrement?: number } = {}): Promise<EngineBenchResult[]> {
  const pendings = options.pendings ?? [1_000, 100_000];
  const time = options.time ?? 1_500;
  const inc = exponentialTable('bench', INCREMENTS, options.meanIncrement ?? DEFAULT_MEAN_INCREMENT);
  const initial = exponentialTable('bench-initial', 1 << 17, options.meanIncrement ?? DEFAULT_MEAN_INCREMENT);
  const rows: EngineBenchResult[] = [];
  for (const pending of pendings) {
    const models: Array<[string, HoldModel]> = [
      ['flatqueue', new FlatQueueHold(inc, pending, initial)],
      ['kubesim', new SimulationHold(inc, pending, initial)],
    ];
    const bench = new Bench({ time, warmupTime: 300, throws: true });
    for (const [name, model] of models) bench.add(name, () => model.steps(HOLD_STEPS));
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
