/**
 * One priority level's admission: fair queuing in virtual time for levels that queue, plain seat
 * counting for `Reject` levels and none for the exempt level. After upstream
 * staging/src/k8s.io/apiserver/pkg/util/flowcontrol/fairqueuing/queueset/queueset.go:
 * - virtual time R advances at min(seats requested, limit) / active queues per unit of real time
 *   (syncTimeLocked, getVirtualTimeRatioLocked); a queue's next request starts at its nextDispatchR
 *   and dispatching charges it totalWork (initial seats · 3 ms + final seats · additional latency);
 *   finishing corrects by initial seats · (3 ms − actual service time); nextDispatchR never precedes
 *   the head's arrival R (boundNextDispatchLocked);
 * - dispatch scans the queues round robin for the head finishing earliest in virtual time
 *   (findDispatchQueueToBoundLocked); a head needing more seats than are free blocks every queue
 *   until seats free up, unless it is wider than the whole limit and nothing executes;
 * - a request joins the queue of its hand with the least waiting work, scanning from a rotating
 *   offset (shuffleShardLocked) and is rejected (queue-full) only when the level's seats are all
 *   in use and that queue holds queueLengthLimit requests (rejectOrEnqueueToBoundLocked);
 * - a request still waiting after the queue wait limit is ejected (time-out, upstream's context
 *   deadline); after finishing, max(initial, final) seats stay held for the additional latency.
 * Each queue is an intrusive FIFO; the only per-request allocations are the request and its finish.
 */
import type { EventHandle, Handler, Micros, Simulation } from '../../../engine/simulation.js';
import type { FlowSchemaMetrics } from './apf-metrics.js';
import { ApfRequest, RequestState, estimatedServiceDuration } from './apf-request.js';
import type { ResolvedQueuing } from './flowcontrol-defaults.js';
import type { RejectReason, WorkEstimate } from './request-digest.js';
import { SeatDemandIntegrator } from './seat-demand.js';

class FairQueue {
  head: ApfRequest | undefined = undefined;
  tail: ApfRequest | undefined = undefined;
  length = 0;
  /** Σ totalWork of waiting requests (upstream QueueSum.TotalWorkSum). */
  waitingWork = 0;
  /** Σ waiting seats (upstream QueueSum.MaxSeatsSum). */
  waitingSeats = 0;
  /** Requests in their executing phase. */
  executing = 0;
  /** Seats held by requests dispatched from here, lingering ones included. */
  seatsInUse = 0;
  nextDispatchR = 0;
  constructor(readonly index: number) {}
}

/** How a queue set is configured. */
export interface QueueSetConfig {
  readonly exempt: boolean;
  /** Undefined: no queues (Reject levels, and the exempt level). */
  readonly queuing: ResolvedQueuing | undefined;
  readonly concurrencyLimit: number;
  readonly queueWaitLimit: Micros;
}

/** Fair queuing of one priority level's requests into its seats. */
export class QueueSet {
  /** Requests waiting in queues. */
  waiting = 0;
  /** Σ waiting seats. */
  seatsWaiting = 0;
  /** Requests in their executing phase. */
  executing = 0;
  /** Seats held by executing and lingering requests. */
  seatsInUse = 0;
  /** Seat demand (in use + waiting) over time, read by the borrowing adjustment. */
  readonly demand: SeatDemandIntegrator;

  private concurrencyLimit: number;
  private readonly exempt: boolean;
  private readonly queues: FairQueue[] = [];
  private readonly queueLengthLimit: number;
  private readonly queueWaitLimit: Micros;
  private currentR = 0;
  private lastRealTime: Micros;
  private robinIndex = 0;
  private enqueues = 0;
  private activeQueues = 0;
  /** Σ over queues of seats in use plus waiting seats. */
  private seatsRequested = 0;
  private dispatching = false;
  private lastEnqueued: FairQueue | undefined = undefined;
  private arrivedHead: ApfRequest | undefined = undefined;
  private arrivedTail: ApfRequest | undefined = undefined;
  private timeoutTimer: EventHandle | undefined = undefined;
  private readonly timeoutHandler: Handler<null>;
  private readonly releaseHandler: Handler<ApfRequest>;
  private readonly onFinish = (req: ApfRequest): void => this.finishRequest(req);

  constructor(
    private readonly sim: Simulation,
    config: QueueSetConfig,
  ) {
    this.exempt = config.exempt;
    this.concurrencyLimit = config.concurrencyLimit;
    this.queueWaitLimit = config.queueWaitLimit;
    this.queueLengthLimit = config.queuing?.queueLengthLimit ?? 0;
    for (let i = 0; i < (config.queuing?.queues ?? 0); i++) this.queues.push(new FairQueue(i));
    this.lastRealTime = sim.now;
    this.demand = new SeatDemandIntegrator(sim.now);
    this.timeoutHandler = sim.register<null>(() => this.onTimeoutTimer());
    this.releaseHandler = sim.register<ApfRequest>((req) => this.onLingerEnd(req));
  }

  /** The current concurrency limit in seats. */
  get limit(): number {
    return this.concurrencyLimit;
  }

  /** Whether nothing waits, executes or lingers. */
  get idle(): boolean {
    return this.waiting === 0 && this.seatsInUse === 0;
  }

  /** Requests waiting in queue `i` (for tests and debugging). */
  queueLength(i: number): number {
    return this.queues[i]?.length ?? 0;
  }

  /** Sets the concurrency limit (borrowing adjustment) and dispatches what now fits. */
  setConcurrencyLimit(limit: number): void {
    this.syncTime();
    this.concurrencyLimit = limit;
    this.dispatchAsMuchAsPossible();
  }

  /**
   * Admits one request: dispatches it (now or later) through `dispatch`, or rejects it through
   * `reject`. `hand` is the flow's shuffle-sharding hand (queue indices), used when the level queues.
   */
  admit(work: WorkEstimate, metrics: FlowSchemaMetrics, hand: readonly number[], dispatch: (finish: () => void) => void, reject: (reason: RejectReason) => void): void {
    const req = new ApfRequest(work, this.sim.now, metrics, dispatch, reject, this.onFinish);
    if (this.exempt) return this.startExecuting(req, undefined, false);
    if (this.queues.length === 0) {
      if (this.canAccommodate(req.maxSeats)) return this.startExecuting(req, undefined, true);
      return this.rejectRequest(req, 'concurrency-limit');
    }
    this.syncTime();
    const queue = this.shuffleShard(hand);
    if (this.seatsInUse >= this.concurrencyLimit && queue.length >= this.queueLengthLimit) return this.rejectRequest(req, 'queue-full');
    this.enqueue(req, queue);
    this.dispatchAsMuchAsPossible();
    if (req.state !== RequestState.Waiting) return;
    if (this.arrivedTail === undefined) this.arrivedHead = req;
    else this.arrivedTail.nextArrived = req;
    this.arrivedTail = req;
    if (this.timeoutTimer === undefined) this.timeoutTimer = this.sim.schedule(this.queueWaitLimit, this.timeoutHandler, null);
  }

  private syncTime(): void {
    const now = this.sim.now;
    const dt = now - this.lastRealTime;
    this.lastRealTime = now;
    if (dt > 0 && this.activeQueues > 0) this.currentR += (Math.min(this.seatsRequested, this.concurrencyLimit) / this.activeQueues) * dt;
  }

  private shuffleShard(hand: readonly number[]): FairQueue {
    const n = hand.length;
    const offset = this.enqueues++ % n;
    let best = this.queues[hand[offset] as number] as FairQueue;
    for (let i = 1; i < n; i++) {
      const q = this.queues[hand[(offset + i) % n] as number] as FairQueue;
      if (q.waitingWork < best.waitingWork) best = q;
    }
    return best;
  }

  private enqueue(req: ApfRequest, q: FairQueue): void {
    if (q.length === 0 && q.executing === 0) {
      q.nextDispatchR = this.currentR;
      this.activeQueues++;
    }
    req.arrivalR = this.currentR;
    req.queue = q.index;
    if (q.tail === undefined) q.head = req;
    else q.tail.next = req;
    q.tail = req;
    q.length++;
    q.waitingWork += req.totalWork;
    q.waitingSeats += req.waitingSeats;
    this.waiting++;
    this.seatsWaiting += req.waitingSeats;
    this.seatsRequested += req.waitingSeats;
    this.lastEnqueued = q;
    req.metrics.inqueueRequests.value++;
    this.demand.set(this.seatsInUse + this.seatsWaiting, this.sim.now);
    this.boundNextDispatch(q);
  }

  /** Takes the head off `q` and un-counts it as waiting. */
  private dequeue(q: FairQueue): ApfRequest {
    const req = q.head as ApfRequest;
    q.head = req.next;
    if (q.head === undefined) q.tail = undefined;
    req.next = undefined;
    q.length--;
    q.waitingWork -= req.totalWork;
    q.waitingSeats -= req.waitingSeats;
    this.waiting--;
    this.seatsWaiting -= req.waitingSeats;
    this.seatsRequested -= req.waitingSeats;
    req.metrics.inqueueRequests.value--;
    return req;
  }

  private boundNextDispatch(q: FairQueue): void {
    if (q.head !== undefined && q.nextDispatchR < q.head.arrivalR) q.nextDispatchR = q.head.arrivalR;
  }

  private canAccommodate(seats: number): boolean {
    if (seats > this.concurrencyLimit) return this.executing === 0;
    return this.seatsInUse + seats <= this.concurrencyLimit;
  }

  private dispatchAsMuchAsPossible(): void {
    if (this.dispatching) return; // a callback re-entered; the running loop re-checks
    this.dispatching = true;
    while (this.waiting > 0 && this.seatsInUse < this.concurrencyLimit && this.dispatchOne());
    this.dispatching = false;
  }

  /** Dispatches the head finishing first in virtual time, if it fits; false if it does not. */
  private dispatchOne(): boolean {
    const queues = this.queues;
    let q = this.lastEnqueued;
    let index: number;
    if (this.waiting === 1 && q !== undefined && q.length === 1) {
      index = (q.head as ApfRequest).queue; // the only waiting request: no scan needed
    } else {
      q = undefined;
      index = -1;
      let minFinish = Infinity;
      let i = this.robinIndex;
      for (let n = 0; n < queues.length; n++) {
        i = i + 1 === queues.length ? 0 : i + 1;
        const c = queues[i] as FairQueue;
        if (c.head === undefined) continue;
        const finish = c.nextDispatchR + c.head.totalWork;
        if (finish < minFinish) {
          minFinish = finish;
          q = c;
          index = i;
        }
      }
    }
    if (q === undefined || !this.canAccommodate((q.head as ApfRequest).maxSeats)) return false;
    const req = this.dequeue(q);
    this.robinIndex = index;
    const w = req.work;
    if (w.finalSeats > this.concurrencyLimit && this.concurrencyLimit > 0) {
      // Narrow final seats to the limit, keeping the final work (upstream findDispatchQueueToBoundLocked).
      const finalSeats = this.concurrencyLimit;
      req.work = { initialSeats: w.initialSeats, finalSeats, additionalLatency: Math.round((w.finalSeats * w.additionalLatency) / finalSeats) };
      req.maxSeats = Math.max(w.initialSeats, finalSeats);
    }
    q.nextDispatchR += req.totalWork;
    this.startExecuting(req, q, true);
    return true;
  }

  private startExecuting(req: ApfRequest, q: FairQueue | undefined, observeWait: boolean): void {
    const now = this.sim.now;
    req.state = RequestState.Executing;
    req.dispatchTime = now;
    this.executing++;
    this.seatsInUse += req.maxSeats;
    if (q !== undefined) {
      q.executing++;
      q.seatsInUse += req.maxSeats;
      this.seatsRequested += req.maxSeats;
      this.boundNextDispatch(q);
      if (req === this.arrivedHead) this.dropDispatchedArrivals();
    }
    const m = req.metrics;
    m.executingSeats.value += req.maxSeats;
    m.dispatched.value++;
    if (observeWait) m.waitDispatched.observe((now - req.arrival) / 1e6);
    this.demand.set(this.seatsInUse + this.seatsWaiting, now);
    req.dispatch(req.finish);
  }

  private rejectRequest(req: ApfRequest, reason: RejectReason): void {
    req.state = RequestState.Rejected;
    req.metrics.rejected(reason).value++;
    req.metrics.waitRejected.observe((this.sim.now - req.arrival) / 1e6);
    req.reject(reason);
  }

  private finishRequest(req: ApfRequest): void {
    if (req.state !== RequestState.Executing) return;
    this.syncTime();
    this.executing--;
    const q = req.queue < 0 ? undefined : (this.queues[req.queue] as FairQueue);
    if (q !== undefined) {
      q.executing--;
      if (q.executing === 0 && q.length === 0) this.activeQueues--;
      const serviceTime = this.sim.now - req.dispatchTime;
      q.nextDispatchR -= req.work.initialSeats * (estimatedServiceDuration - serviceTime);
      this.boundNextDispatch(q);
    }
    if (req.work.additionalLatency > 0) {
      req.state = RequestState.Lingering;
      this.sim.schedule(req.work.additionalLatency, this.releaseHandler, req);
    } else {
      this.releaseSeats(req);
    }
    this.dispatchAsMuchAsPossible();
  }

  private onLingerEnd(req: ApfRequest): void {
    this.syncTime();
    this.releaseSeats(req);
    this.dispatchAsMuchAsPossible();
  }

  private releaseSeats(req: ApfRequest): void {
    req.state = RequestState.Done;
    this.seatsInUse -= req.maxSeats;
    if (req.queue >= 0) {
      (this.queues[req.queue] as FairQueue).seatsInUse -= req.maxSeats;
      this.seatsRequested -= req.maxSeats;
    }
    req.metrics.executingSeats.value -= req.maxSeats;
    this.demand.set(this.seatsInUse + this.seatsWaiting, this.sim.now);
    // With nothing waiting or executing every queue restarts at R on its next request: rebase R.
    if (this.waiting === 0 && this.executing === 0) this.currentR = 0;
  }

  /** Pops dispatched requests off the front of the time-out list; cancels the timer when it empties. */
  private dropDispatchedArrivals(): void {
    let r = this.arrivedHead;
    while (r !== undefined && r.state !== RequestState.Waiting) {
      const next = r.nextArrived;
      r.nextArrived = undefined;
      r = next;
    }
    this.arrivedHead = r;
    if (r === undefined) {
      this.arrivedTail = undefined;
      if (this.timeoutTimer !== undefined) this.sim.cancel(this.timeoutTimer);
      this.timeoutTimer = undefined;
    }
  }

  private onTimeoutTimer(): void {
    this.timeoutTimer = undefined;
    this.syncTime();
    const now = this.sim.now;
    let r = this.arrivedHead;
    let expired: ApfRequest[] | undefined;
    while (r !== undefined && (r.state !== RequestState.Waiting || r.arrival + this.queueWaitLimit <= now)) {
      const next = r.nextArrived;
      r.nextArrived = undefined;
      if (r.state === RequestState.Waiting) (expired ??= []).push(this.eject(r));
      r = next;
    }
    this.arrivedHead = r;
    if (r === undefined) this.arrivedTail = undefined;
    else this.timeoutTimer = this.sim.schedule(r.arrival + this.queueWaitLimit - now, this.timeoutHandler, null);
    // Callbacks last, with the state settled: they may admit new requests.
    if (expired !== undefined) for (const x of expired) x.reject('time-out');
  }

  /**
   * Takes a request that waited out the wait limit off its queue and counts the rejection; the
   * caller calls `reject`. It is the head of its queue: queues are FIFO and the limit is uniform.
   */
  private eject(req: ApfRequest): ApfRequest {
    const q = this.queues[req.queue] as FairQueue;
    if (q.head !== req) throw new Error('QueueSet: timed-out request is not at the head of its queue');
    this.dequeue(q);
    if (q.length === 0 && q.executing === 0) this.activeQueues--;
    this.boundNextDispatch(q);
    this.demand.set(this.seatsInUse + this.seatsWaiting, this.sim.now);
    req.state = RequestState.Rejected;
    req.metrics.rejected('time-out').value++;
    req.metrics.waitRejected.observe((this.sim.now - req.arrival) / 1e6);
    return req;
  }
}
