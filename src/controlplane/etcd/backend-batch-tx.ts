/**
 * bbolt's batch transaction on the leader (etcd server/storage/backend): applied writes accumulate
 * and are committed every `--backend-batch-interval` (after the first pending write) or as soon as
 * `--backend-batch-limit` writes are pending; every `--snapshot-count` applied entries a snapshot
 * forces a commit and fsyncs a .snap file (server.go triggerSnapshot). A commit runs on the
 * member's disk queue and holds the batch-tx lock, so the caller's apply loop waits for it.
 */
import type { Handler, Micros, Simulation } from '../../engine/simulation.js';
import type { Histogram } from '../../metrics/sink.js';
import { backendCommitMicros } from './disk.js';
import type { EtcdClusterConfig } from './etcd-config.js';
import type { MemberDisk } from './member-disk.js';

/** Pending writes of the batch transaction and the commit policy. */
export class BackendBatchTx {
  private ops = 0;
  private bytes = 0;
  private timer = false;
  private sinceSnapshot = 0;
  private readonly hTimer: Handler<null>;

  /** `member()` names the member committing (the leader); `committed(member, end)` learns when the lock is released. */
  constructor(
    private readonly sim: Simulation,
    private readonly config: EtcdClusterConfig,
    private readonly disks: readonly MemberDisk[],
    private readonly duration: Histogram,
    private readonly member: () => number,
    private readonly committed: (member: number, end: Micros) => void,
  ) {
    this.hTimer = sim.register<null>(() => {
      this.timer = false;
      this.commit(0);
    });
  }

  /** Records `entries` applied entries of which `writes` wrote `bytes`; commits if a limit is reached, else arms the interval timer. */
  applied(entries: number, writes: number, bytes: number): void {
    this.ops += writes;
    this.bytes += bytes;
    this.sinceSnapshot += entries;
    if (this.sinceSnapshot >= this.config.snapshotCount) {
      this.sinceSnapshot = 0;
      this.commit(1);
    } else if (this.ops >= this.config.backendBatchLimit) this.commit(0);
    else if (this.ops > 0 && !this.timer) {
      this.timer = true;
      this.sim.schedule(this.config.backendBatchInterval, this.hTimer, null);
    }
  }

  private commit(extraFsyncs: number): void {
    if (this.ops === 0 && extraFsyncs === 0) return;
    const member = this.member();
    const d = this.disks[member]!;
    let base = backendCommitMicros(d.fsyncBase(), d.fsyncBase(), this.bytes, d.spec.writeBytesPerSecond, this.ops, this.config.backendCommitCostPerOp);
    for (let i = 0; i < extraFsyncs; i++) base += d.fsyncBase();
    const end = d.serve(this.sim.now, Math.round(base));
    this.duration.observe((end - d.lastStart) / 1e6);
    this.ops = 0;
    this.bytes = 0;
    this.committed(member, end);
  }
}
