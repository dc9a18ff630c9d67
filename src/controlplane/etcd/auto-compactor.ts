/**
 * etcd's automatic compactors (server/etcdserver/api/v3compactor):
 *
 * - periodic (periodic.go): every tenth of min(retention, 1 h) it records the current revision,
 *   keeping a window spanning the retention; once a retention has passed since start it compacts to
 *   the oldest recorded revision (the one about `retention` ago), then again every min(retention, 1 h).
 * - revision (revision.go): every 5 minutes it compacts to (current revision − retention) if that
 *   is positive and differs from the last target.
 *
 * One event per tick; nothing when the retention is 0 (off).
 */
import type { Handler, Micros, Simulation } from '../../engine/simulation.js';

/** What the compactor needs from the cluster. */
export interface Compactable {
  readonly revision: number;
  /** Compacts to `rev`; called by the compactor as an automatic compaction. */
  autoCompact(rev: number): void;
}

const HOUR: Micros = 3_600_000_000;
/** revision.go revInterval. */
const REVISION_INTERVAL: Micros = 5 * 60_000_000;

/** Schedules automatic compactions of `target` per `--auto-compaction-mode`/`--auto-compaction-retention`. */
export class AutoCompactor {
  private readonly tick: Handler<null>;
  private readonly revs: number[] = [];
  private lastSuccess: Micros;
  private baseInterval: Micros;
  private prevTarget = 0;

  constructor(private readonly sim: Simulation, private readonly target: Compactable, private readonly mode: 'periodic' | 'revision', private readonly retention: number) {
    this.lastSuccess = sim.now;
    this.baseInterval = retention;
    this.tick = sim.register<null>(() => (this.mode === 'periodic' ? this.periodicTick() : this.revisionTick()));
    if (retention <= 0) return;
    if (mode === 'periodic') {
      this.revs.push(target.revision);
      sim.schedule(this.retryInterval(), this.tick, null);
    } else {
      sim.schedule(REVISION_INTERVAL, this.tick, null);
    }
  }

  /** periodic.go getRetryInterval: min(retention, 1 h) / 10, at least 1 µs. */
  private retryInterval(): Micros {
    return Math.max(1, Math.floor(Math.min(this.retention, HOUR) / 10));
  }

  private periodicTick(): void {
    const now = this.sim.now;
    const retentions = Math.floor(this.retention / this.retryInterval()) + 1;
    this.sim.schedule(this.retryInterval(), this.tick, null);
    if (now - this.lastSuccess >= this.baseInterval) {
      this.baseInterval = Math.min(this.retention, HOUR);
      const rev = this.revs[0]!;
      this.target.autoCompact(rev);
      this.lastSuccess = now;
    }
    this.revs.push(this.target.revision);
    if (this.revs.length > retentions) this.revs.shift();
  }

  private revisionTick(): void {
    this.sim.schedule(REVISION_INTERVAL, this.tick, null);
    const rev = this.target.revision - this.retention;
    if (rev <= 0 || rev === this.prevTarget) return;
    this.prevTarget = rev;
    this.target.autoCompact(rev);
  }
}
