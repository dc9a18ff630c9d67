/**
 * The metrics sink every model writes to: counters, gauges, histograms (raw observations,
 * summarised at the end) and gauges sampled over virtual time. Observations count only while
 * collection is on (the `startCollectingMetrics`/`stopCollectingMetrics` ops); counters and
 * gauges always track the state.
 */
import type { Handler, Micros, Simulation } from '../engine/simulation.js';
import { quantileSorted } from 'd3-array';
import { seriesName, type Labels } from './series-name.js';

/** A monotonically increasing count; `sampled` counters are written to the time series. */
export class Counter {
  value = 0;
  constructor(readonly sampled: boolean) {}
  /** Adds `n` (default 1). */
  inc(n = 1): void {
    this.value += n;
  }
}

/** A value that goes up and down; `sampled` gauges are written to the time series. */
export class Gauge {
  value = 0;
  constructor(readonly sampled: boolean) {}
  /** Sets the value. */
  set(v: number): void {
    this.value = v;
  }
  /** Adds `d` (may be negative). */
  add(d: number): void {
    this.value += d;
  }
}

/** Raw observations in a growable Float64Array (no allocation per observation). */
export class Histogram {
  private data = new Float64Array(64);
  private n = 0;
  /** Observations already covered by the last over-time quantile sample. */
  sampledUpTo = 0;
  constructor(private readonly sink: MetricsSink, readonly name: string, readonly labels: Labels | undefined) {}
  /** Records `v` if the sink is collecting. */
  observe(v: number): void {
    if (!this.sink.collecting) return;
    if (this.n === this.data.length) {
      const grown = new Float64Array(this.n * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.n++] = v;
  }
  /** Number of observations. */
  get count(): number {
    return this.n;
  }
  /** A sorted copy of the observations. */
  sorted(): Float64Array {
    return this.data.slice(0, this.n).sort();
  }
  /** A sorted copy of observations `from` (inclusive) to the latest. */
  sortedSince(from: number): Float64Array {
    return this.data.slice(from, this.n).sort();
  }
}

/** One sampled point of the time series. */
export interface SeriesPoint {
  readonly time: Micros;
  readonly series: string;
  readonly value: number;
}

/** Registry of all metrics of a run, keyed by series name. */
export class MetricsSink {
  /** Whether histogram observations are recorded now. */
  collecting = true;
  readonly counters = new Map<string, Counter>();
  readonly gauges = new Map<string, Gauge>();
  readonly histograms = new Map<string, Histogram>();
  readonly points: SeriesPoint[] = [];
  /** Histogram names whose p50/p99 per sampling interval are written to the time series. */
  readonly quantilesOverTime = new Set<string>();
  private readonly sampleTick: Handler<Micros>;
  private sampling = false;

  constructor(private readonly sim: Simulation) {
    this.sampleTick = sim.register<Micros>((interval) => {
      if (!this.sampling) return;
      this.sampleNow();
      sim.schedule(interval, this.sampleTick, interval);
    });
  }

  /** The counter for `name` and `labels`, created on first use; `sampled` adds it to the time series. */
  counter(name: string, labels?: Labels, sampled = false): Counter {
    const key = seriesName(name, labels);
    let c = this.counters.get(key);
    if (c === undefined) this.counters.set(key, (c = new Counter(sampled)));
    return c;
  }

  /** The gauge for `name` and `labels`, created on first use; `sampled` adds it to the time series. */
  gauge(name: string, labels?: Labels, sampled = false): Gauge {
    const key = seriesName(name, labels);
    let g = this.gauges.get(key);
    if (g === undefined) this.gauges.set(key, (g = new Gauge(sampled)));
    return g;
  }

  /** The histogram for `name` and `labels`, created on first use. */
  histogram(name: string, labels?: Labels): Histogram {
    const key = seriesName(name, labels);
    let h = this.histograms.get(key);
    if (h === undefined) this.histograms.set(key, (h = new Histogram(this, name, labels)));
    return h;
  }

  /** Samples the sampled gauges now and then every `interval` µs until `stopSampling()`. */
  startSampling(interval: Micros): void {
    if (this.sampling) return;
    this.sampling = true;
    this.sim.schedule(0, this.sampleTick, interval);
  }

  /** Stops periodic sampling after taking a last sample. */
  stopSampling(): void {
    if (!this.sampling) return;
    this.sampling = false;
    this.sampleNow();
  }

  private sampleNow(): void {
    const time = this.sim.now;
    const last = this.points[this.points.length - 1];
    if (last !== undefined && last.time === time) return;
    for (const [series, g] of this.gauges) if (g.sampled) this.points.push({ time, series, value: g.value });
    for (const [series, c] of this.counters) if (c.sampled) this.points.push({ time, series, value: c.value });
    for (const h of this.histograms.values()) {
      if (!this.quantilesOverTime.has(h.name) || h.count === h.sampledUpTo) continue;
      const window = h.sortedSince(h.sampledUpTo) as unknown as number[];
      h.sampledUpTo = h.count;
      for (const q of ['0.5', '0.99']) {
        const value = quantileSorted(window, Number(q)) ?? 0;
        this.points.push({ time, series: seriesName(h.name, { ...h.labels, quantile: q }), value });
      }
    }
  }
}
