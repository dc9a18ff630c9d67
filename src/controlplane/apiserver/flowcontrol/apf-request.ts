/**
 * One request inside a priority level's queue set: its work, where it waits, and the callbacks
 * that admit or reject it. Plays the part of upstream's queueset `request` and
 * `completedWorkEstimate` (fairqueuing/queueset/types.go). Linked into its queue and into the
 * level's arrival-ordered time-out list, so queuing allocates nothing beyond this object.
 */
import type { Micros } from '../../../engine/simulation.js';
import type { FlowSchemaMetrics } from './apf-metrics.js';
import type { RejectReason, WorkEstimate } from './request-digest.js';

/** Where a request is in its life (Lingering: finished, still holding seats for its final work). */
export const RequestState = { Waiting: 0, Executing: 1, Lingering: 2, Done: 3, Rejected: 4 } as const;
/** One of `RequestState`'s values. */
export type RequestState = (typeof RequestState)[keyof typeof RequestState];

/** Upstream's estimatedServiceDuration: every request is first charged 3 ms of work per initial seat. */
export const estimatedServiceDuration: Micros = 3_000;

/** A request admitted to a queue set (exactly one of `dispatch`/`reject` is eventually called). */
export class ApfRequest {
  state: RequestState = RequestState.Waiting;
  /** Seats held from dispatch until the final seats are released (upstream MaxSeats). */
  maxSeats: number;
  /** Seats charged while waiting (MaxSeats at arrival; dispatch may narrow `work`). */
  readonly waitingSeats: number;
  /** initialSeats · 3 ms + finalSeats · additionalLatency, in seat-µs (upstream totalWork). */
  readonly totalWork: number;
  /** Virtual time (seat-µs) at arrival; meaningful while waiting. */
  arrivalR = 0;
  dispatchTime: Micros = 0;
  /** Queue index, or -1 when the level does not queue. */
  queue = -1;
  /** Next request in the same queue. */
  next: ApfRequest | undefined = undefined;
  /** Next request in the level's time-out list. */
  nextArrived: ApfRequest | undefined = undefined;
  /** Ends the executing phase; handed to `dispatch`. Calls after the first are ignored. */
  readonly finish: () => void;

  constructor(
    public work: WorkEstimate,
    readonly arrival: Micros,
    readonly metrics: FlowSchemaMetrics,
    readonly dispatch: (finish: () => void) => void,
    readonly reject: (reason: RejectReason) => void,
    onFinish: (req: ApfRequest) => void,
  ) {
    this.maxSeats = work.initialSeats >= work.finalSeats ? work.initialSeats : work.finalSeats;
    this.waitingSeats = this.maxSeats;
    this.totalWork = work.initialSeats * estimatedServiceDuration + work.finalSeats * work.additionalLatency;
    this.finish = () => onFinish(this);
  }
}
