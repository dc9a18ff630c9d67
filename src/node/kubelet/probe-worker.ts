/**
 * One probe of one container, as pkg/kubelet/prober/worker.go runs it: the first probe
 * `initialDelaySeconds` after the container started (the docs' contract), then one every
 * `periodSeconds`; a result flips only after `successThreshold` consecutive successes or
 * `failureThreshold` consecutive failures. Readiness starts as failure, liveness as
 * success, startup as not yet succeeded; readiness and liveness are skipped until the startup probe has succeeded. A probe
 * against a hung application fails after `timeoutSeconds`. The probe handler itself (exec, HTTP,
 * TCP, gRPC) is not modelled: the answer comes from the container's modelled application.
 */
import type { Probe } from '../../api/objects.js';
import type { Handler, Micros, Simulation } from '../../engine/simulation.js';

/** The three probe types, as the `probe_type` label names them. */
export type ProbeType = 'Startup' | 'Readiness' | 'Liveness';

/** What a probe worker asks of its container. */
export interface ProbeTarget {
  /** Whether the application answers this probe type `t` µs after the container started; 'hung' when it does not answer at all. */
  answer(type: ProbeType, t: Micros): boolean | 'hung';
  /** The startup probe has succeeded (or there is none). */
  readonly startupSucceeded: boolean;
  /** The thresholded result changed. */
  resultChanged(type: ProbeType, success: boolean): void;
  /** Counts one probe (metrics). */
  probed(type: ProbeType, success: boolean): void;
}

/** Shared handlers of probe workers. */
export class ProbeRuntime {
  readonly tick: Handler<ProbeWorker>;
  readonly settle: Handler<{ worker: ProbeWorker; success: boolean }>;

  constructor(readonly sim: Simulation) {
    this.tick = sim.register<ProbeWorker>((w) => w.probe());
    this.settle = sim.register<{ worker: ProbeWorker; success: boolean }>((a) => a.worker.record(a.success));
  }
}

/** A running probe worker. */
export class ProbeWorker {
  private successes = 0;
  private failures = 0;
  private result: boolean;
  private stopped = false;

  constructor(private readonly rt: ProbeRuntime, readonly type: ProbeType, private readonly spec: Probe, private readonly startedAt: Micros, private readonly target: ProbeTarget) {
    this.result = type === 'Liveness';
    rt.sim.at(startedAt + spec.initialDelaySeconds * 1e6, rt.tick, this);
  }

  /** Stops probing (the container stopped, or the startup probe succeeded). */
  stop(): void {
    this.stopped = true;
  }

  /** The current thresholded result. */
  get success(): boolean {
    return this.result;
  }

  /** Runs one probe and schedules the next. */
  probe(): void {
    if (this.stopped) return;
    const sim = this.rt.sim;
    sim.schedule(this.spec.periodSeconds * 1e6, this.rt.tick, this);
    if (this.type !== 'Startup' && !this.target.startupSucceeded) return;
    const a = this.target.answer(this.type, sim.now - this.startedAt);
    if (a === 'hung') sim.schedule(this.spec.timeoutSeconds * 1e6, this.rt.settle, { worker: this, success: false });
    else this.record(a);
  }

  /** Records one probe's outcome and applies the thresholds. */
  record(success: boolean): void {
    if (this.stopped) return;
    this.target.probed(this.type, success);
    if (success) {
      this.failures = 0;
      if (++this.successes >= this.spec.successThreshold && !this.result) this.flip(true);
    } else {
      this.successes = 0;
      // A startup probe has not succeeded yet, so its threshold of failures kills the container.
      if (++this.failures >= this.spec.failureThreshold && (this.result || this.type === 'Startup')) this.flip(false);
    }
  }

  private flip(success: boolean): void {
    this.result = success;
    this.target.resultChanged(this.type, success);
  }
}

/** Upstream probe defaults (v1 Probe): period 10 s, timeout 1 s, success 1, failure 3, no initial delay. */
export const defaultProbe: Probe = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 };
