/**
 * API Priority and Fairness for one kube-apiserver: classifies each request to a FlowSchema and
 * flow, estimates its seats per level, and admits it through its priority level's queue set;
 * every 10 s re-divides the seats among levels from their seat demand (borrowing). After upstream
 * staging/src/k8s.io/apiserver/pkg/util/flowcontrol/apf_controller.go (configController:
 * digestConfigObjects, startRequest, updateBorrowing) and apf_filter.go (Handle).
 */
import type { EventHandle, Handler, Micros, Simulation } from '../../../engine/simulation.js';
import type { MetricsSink } from '../../../metrics/sink.js';
import { FlowSchemaMetrics, PriorityLevelMetrics, requestWaitDurationSeconds } from './apf-metrics.js';
import {
  mandatoryFlowSchemaCatchAll,
  mandatoryFlowSchemaExempt,
  mandatoryPriorityLevelCatchAll,
  mandatoryPriorityLevelExempt,
} from './bootstrap-configuration.js';
import { adjustCurrentLimits, borrowingAdjustmentPeriod, nominalConcurrencyLimits, type BorrowingLevel, type ConcurrencyLimits } from './concurrency-limits.js';
import { resolvePriorityLevel, type ResolvedPriorityLevel } from './flowcontrol-defaults.js';
import { catchAllName, exemptName, type FlowSchema, type PriorityLevelConfiguration } from './flowcontrol-types.js';
import { FlowSchemaClassifier, flowDistinguisher } from './flow-schema-match.js';
import { QueueSet } from './queue-set.js';
import type { FlowControl, RejectReason, RequestDigest, WorkEstimate } from './request-digest.js';
import { newSeatDemandStats, seatDemandSmoothingCoefficient, updateSeatDemandStats, type SeatDemandStats } from './seat-demand.js';
import { Dealer, hashFlow } from './shuffle-shard.js';
import { clampWorkEstimate, priorityLevelMaxSeats } from './work-estimator.js';

/** Configuration of one apiserver's APF. */
export interface ApfControllerOptions {
  /** The effective FlowSchemas (bootstrap merged with the user's); missing mandatory ones are added. */
  readonly flowSchemas: readonly FlowSchema[];
  /** The effective PriorityLevelConfigurations; missing mandatory ones are added. */
  readonly priorityLevels: readonly PriorityLevelConfiguration[];
  /** Seats of the server: --max-requests-inflight + --max-mutating-requests-inflight (600 by default). */
  readonly serverConcurrencyLimit: number;
  /** Longest a request may wait in a queue before a 429 (upstream: a quarter of the request timeout, 15 s). */
  readonly queueWaitLimit: Micros;
  /** Extra labels on every series (e.g. the apiserver replica). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Period of the borrowing adjustment (default 10 s, upstream borrowingAdjustmentPeriod). */
  readonly borrowingAdjustmentPeriod?: Micros;
}

/** A snapshot of one priority level, for tests and reports. */
export interface PriorityLevelStatus extends ConcurrencyLimits {
  readonly currentCL: number;
  readonly seatsInUse: number;
  readonly executing: number;
  readonly waiting: number;
  /** Cap on a request's seats at this level (0: none beyond the estimator's). */
  readonly maxSeats: number;
  readonly stats: Readonly<SeatDemandStats>;
}

/** Where a request was classified. */
export interface Classification {
  readonly flowSchema: string;
  readonly priorityLevel: string;
  readonly flowDistinguisher: string;
}

class LevelState implements BorrowingLevel {
  readonly exempt: boolean;
  readonly stats = newSeatDemandStats();
  currentCL: number;
  readonly queueSet: QueueSet;
  readonly dealer: Dealer | undefined;
  readonly maxSeats: number;

  constructor(
    readonly resolved: ResolvedPriorityLevel,
    readonly limits: ConcurrencyLimits,
    readonly metrics: PriorityLevelMetrics,
    sim: Simulation,
    queueWaitLimit: Micros,
  ) {
    this.exempt = resolved.exempt;
    this.currentCL = limits.initialCL;
    const q = resolved.queuing;
    this.dealer = q === undefined ? undefined : new Dealer(q.queues, q.handSize);
    this.maxSeats = q === undefined ? 0 : priorityLevelMaxSeats(limits.nominalCL, q.handSize);
    this.queueSet = new QueueSet(sim, { exempt: resolved.exempt, queuing: q, concurrencyLimit: limits.initialCL, queueWaitLimit });
    metrics.nominalLimitSeats.value = limits.nominalCL;
  }
}

class SchemaState {
  /** Shuffle-sharding hand per flow distinguisher, dealt on the flow's first request. */
  readonly hands = new Map<string, readonly number[]>();
  private flowMetrics: FlowSchemaMetrics | undefined;

  constructor(
    readonly fs: FlowSchema,
    readonly level: LevelState,
    private readonly sink: MetricsSink,
    private readonly labels: Readonly<Record<string, string>>,
  ) {}

  get metrics(): FlowSchemaMetrics {
    return (this.flowMetrics ??= new FlowSchemaMetrics(this.sink, { ...this.labels, priority_level: this.level.resolved.name, flow_schema: this.fs.metadata.name }));
  }

  hand(digest: RequestDigest): readonly number[] {
    const d = flowDistinguisher(digest, this.fs);
    let h = this.hands.get(d);
    if (h === undefined) this.hands.set(d, (h = (this.level.dealer as Dealer).deal(hashFlow(this.fs.metadata.name, d))));
    return h;
  }
}

const noHand: readonly number[] = [];

/** A digest's classification by one controller: its FlowSchema (and so priority level) and shuffle-sharding hand. */
interface Classified {
  readonly owner: FlowControl;
  readonly schema: SchemaState;
  readonly hand: readonly number[];
}
/** Upstream MinTarget: below it a smoothed demand no longer changes the allocation. */
const minTarget = 0.001;

/** Upstream's APF filter and config controller for one apiserver, in virtual time. */
export class ApfController implements FlowControl {
  private readonly levels: LevelState[] = [];
  private readonly levelByName = new Map<string, LevelState>();
  private readonly classifier: FlowSchemaClassifier;
  private readonly schemas: SchemaState[];
  private readonly catchAll: SchemaState;
  private readonly nominalCLSum: number;
  private readonly period: Micros;
  private nextAdjustAt: Micros;
  private adjustTimer: EventHandle | undefined = undefined;
  private readonly adjustHandler: Handler<null>;
  /** Classification by digest object (callers keep one digest per request shape, so this stays small). */
  private readonly classified = new Map<RequestDigest, Classified>();

  constructor(
    private readonly sim: Simulation,
    metrics: MetricsSink,
    options: ApfControllerOptions,
  ) {
    const labels = options.labels ?? {};
    const pls = uniqueByName(options.priorityLevels);
    if (!pls.some((pl) => pl.metadata.name === exemptName)) pls.push(mandatoryPriorityLevelExempt);
    if (!pls.some((pl) => pl.metadata.name === catchAllName)) pls.push(mandatoryPriorityLevelCatchAll);
    const resolved = pls.map(resolvePriorityLevel);
    const limits = nominalConcurrencyLimits(resolved, options.serverConcurrencyLimit);
    resolved.forEach((r, i) => {
      const level = new LevelState(r, limits[i] as ConcurrencyLimits, new PriorityLevelMetrics(metrics, { ...labels, priority_level: r.name }), sim, options.queueWaitLimit);
      this.levels.push(level);
      this.levelByName.set(r.name, level);
    });
    this.nominalCLSum = limits.reduce((s, l) => s + l.nominalCL, 0);

    // Schemas naming a missing level are ignored (upstream marks them Dangling); mandatory ones are supplied.
    const fss = uniqueByName(options.flowSchemas).filter((fs) => this.levelByName.has(fs.spec.priorityLevelConfiguration.name));
    if (!fss.some((fs) => fs.metadata.name === exemptName)) fss.push(mandatoryFlowSchemaExempt);
    if (!fss.some((fs) => fs.metadata.name === catchAllName)) fss.push(mandatoryFlowSchemaCatchAll);
    this.classifier = new FlowSchemaClassifier(fss);
    this.schemas = this.classifier.flowSchemas.map((fs) => new SchemaState(fs, this.levelByName.get(fs.spec.priorityLevelConfiguration.name) as LevelState, metrics, labels));
    this.catchAll = this.schemas.find((s) => s.fs.metadata.name === catchAllName) as SchemaState;
    metrics.quantilesOverTime.add(requestWaitDurationSeconds);

    this.period = options.borrowingAdjustmentPeriod ?? borrowingAdjustmentPeriod;
    this.adjustHandler = sim.register<null>(() => this.onAdjustTimer());
    this.adjust(sim.now); // upstream runs the adjustment once when it digests a configuration
    this.nextAdjustAt = sim.now + this.period;
  }

  /** Classifies, queues and dispatches or rejects one request (see FlowControl). */
  admit(digest: RequestDigest, work: WorkEstimate, dispatch: (finish: () => void) => void, reject: (reason: RejectReason) => void): void {
    if (this.adjustTimer === undefined) this.resumeAdjusting();
    // Callers reuse one digest per request shape, so classification and the hand are computed once per digest.
    // The memo on the digest saves the map lookup, which at thousands of users misses the cache.
    const memo = digest.flowControlMemo;
    let c = memo !== undefined && memo.owner === this ? (memo as Classified) : this.classified.get(digest);
    if (c === undefined) {
      const i = this.classifier.classify(digest);
      const schema = i < 0 ? this.catchAll : (this.schemas[i] as SchemaState);
      c = { owner: this, schema, hand: schema.level.dealer === undefined ? noHand : schema.hand(digest) };
      this.classified.set(digest, c);
    }
    if (memo === undefined) digest.flowControlMemo = c;
    const { schema, hand } = c;
    const level = schema.level;
    const w = level.maxSeats > 0 ? clampWorkEstimate(work, level.maxSeats) : work;
    level.queueSet.admit(w, schema.metrics, hand, dispatch, reject);
  }

  /** The FlowSchema, priority level and flow distinguisher `digest` is classified to. */
  classify(digest: RequestDigest): Classification {
    const i = this.classifier.classify(digest);
    const s = i < 0 ? this.catchAll : (this.schemas[i] as SchemaState);
    return { flowSchema: s.fs.metadata.name, priorityLevel: s.level.resolved.name, flowDistinguisher: flowDistinguisher(digest, s.fs) };
  }

  /** Names of the priority levels in use. */
  get priorityLevelNames(): string[] {
    return this.levels.map((l) => l.resolved.name);
  }

  /** The state of priority level `name` now; throws for an unknown level. */
  priorityLevelStatus(name: string): PriorityLevelStatus {
    const l = this.levelByName.get(name);
    if (l === undefined) throw new Error(`ApfController: no priority level "${name}"`);
    const q = l.queueSet;
    return { ...l.limits, currentCL: l.currentCL, seatsInUse: q.seatsInUse, executing: q.executing, waiting: q.waiting, maxSeats: l.maxSeats, stats: { ...l.stats } };
  }

  /** One borrowing adjustment at time `at`: fold each level's demand since the last one, re-divide the seats. */
  private adjust(at: Micros): void {
    for (const l of this.levels) updateSeatDemandStats(l.stats, l.queueSet.demand.reset(at));
    adjustCurrentLimits(this.levels, this.nominalCLSum);
    for (const l of this.levels) {
      l.metrics.currentLimitSeats.value = l.currentCL;
      if (l.queueSet.limit !== l.currentCL) l.queueSet.setConcurrencyLimit(l.currentCL);
    }
  }

  /** Periodic adjustment; stops when the whole server is idle so an idle simulation can end. */
  private onAdjustTimer(): void {
    const now = this.sim.now;
    this.nextAdjustAt = now + this.period;
    // Decided before adjusting: new limits may dispatch, and those callbacks may send requests.
    const busy = this.levels.some((l) => !l.queueSet.idle);
    this.adjustTimer = busy ? this.sim.schedule(this.period, this.adjustHandler, null) : undefined;
    this.adjust(now);
  }

  /**
   * Called by the first request after an idle stretch: runs the adjustments the stopped timer
   * skipped (each saw zero demand, exactly as the timer would have), then restarts the timer.
   * Once no smoothed demand exceeds its level's floor the remaining idle periods cannot move a
   * limit, so they only decay the smoothed demand (A^k at once).
   */
  private resumeAdjusting(): void {
    const now = this.sim.now;
    while (this.nextAdjustAt <= now) {
      this.adjust(this.nextAdjustAt);
      this.nextAdjustAt += this.period;
      if (this.nextAdjustAt <= now && this.levels.every((l) => l.exempt || l.stats.smoothed <= Math.max(l.limits.minCL, minTarget))) {
        const skipped = Math.floor((now - this.nextAdjustAt) / this.period) + 1;
        const decay = Math.pow(seatDemandSmoothingCoefficient, skipped);
        for (const l of this.levels) {
          l.queueSet.demand.reset(this.nextAdjustAt + (skipped - 1) * this.period);
          l.stats.smoothed *= decay;
          l.stats.avg = 0;
          l.stats.stdDev = 0;
          l.stats.highWatermark = 0;
        }
        this.nextAdjustAt += skipped * this.period;
      }
    }
    this.adjustTimer = this.sim.schedule(this.nextAdjustAt - now, this.adjustHandler, null);
  }
}

function uniqueByName<T extends { readonly metadata: { readonly name: string } }>(objects: readonly T[]): T[] {
  const byName = new Map<string, T>();
  for (const o of objects) if (!byName.has(o.metadata.name)) byName.set(o.metadata.name, o);
  return [...byName.values()];
}
