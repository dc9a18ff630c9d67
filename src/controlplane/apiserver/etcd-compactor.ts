/**
 * The kube-apiserver's etcd compactor (`--etcd-compaction-interval`, 5 min by default;
 * staging/src/k8s.io/apiserver/pkg/storage/etcd3/compact.go): every interval it compacts each
 * etcd cluster to the revision it saw at the previous tick, so about one interval of history is
 * kept. Among several apiservers only one wins the compaction each interval, so one compactor
 * per etcd cluster stands for all of them. The file only shrinks when etcd is defragmented.
 */
import type { Handler, Micros, Simulation } from '../../engine/simulation.js';

/** What the compactor needs from an etcd cluster. */
export interface CompactableEtcd {
  readonly revision: number;
  compact(rev: number): number;
}

/** Periodic compaction of one etcd cluster on behalf of the apiservers. */
export class EtcdCompactor {
  private lastRevision = 0;
  private readonly tick: Handler<null>;

  constructor(private readonly sim: Simulation, private readonly etcd: CompactableEtcd, private readonly interval: Micros) {
    this.tick = sim.register<null>(() => this.compact());
    if (interval > 0) sim.schedule(interval, this.tick, null);
  }

  private compact(): void {
    if (this.lastRevision > 0) this.etcd.compact(this.lastRevision);
    this.lastRevision = this.etcd.revision;
    this.sim.schedule(this.interval, this.tick, null);
  }
}
