/**
 * A simulated etcd cluster behind the EtcdBackend contract: Raft replication and elections
 * (etcd-raft.ts), the leader's apply loop and bbolt backend commits, ReadIndex and serializable
 * reads, MVCC space with compaction, defragmentation and the NOSPACE alarm.
 *
 * Apply (server/etcdserver/server.go applyAll): committed batches are applied one after another on
 * the leader (apply cost per op; the leader also pays the gRPC cost of its own clients' writes, the
 * serial work that bounds throughput at 1000 clients), then answered: directly to the leader's
 * clients, one peer hop later to a follower's (the follower forwarded the proposal and answers when
 * it learns the commit). Applied writes accumulate in bbolt's batch transaction, committed every
 * --backend-batch-interval or --backend-batch-limit writes; the commit holds the batch-tx lock, so
 * a slow commit (a stalled disk) delays the applies behind it.
 *
 * Reads never touch the WAL. Linearizable: the serving member obtains a ReadIndex from the leader
 * (a heartbeat round to a quorum, sent when the leader's loop is free), waits until that index is
 * applied and ranges. Serializable: the member ranges at once. A range costs a fixed part plus a
 * part per object and per byte. A defragmenting member serves nothing until it finishes.
 *
 * Requests that cannot be proposed for etcd's request timeout (5 s + 2 × election timeout,
 * server/config/config.go ReqTimeout) fail with 'timeout'; proposals already replicated are
 * carried to the next leader instead.
 */
import type { RandomStream, RandomStreams } from '../../engine/rng.js';
import type { EventHandle, Handler, Micros, Simulation } from '../../engine/simulation.js';
import type { MetricsSink } from '../../metrics/sink.js';
import { AutoCompactor } from './auto-compactor.js';
import { BackendBatchTx } from './backend-batch-tx.js';
import type { EtcdBackend, EtcdFailure, EtcdOperation } from './etcd-backend.js';
import { requestTimeout, type EtcdClusterConfig } from './etcd-config.js';
import { EtcdRaft, type Batch } from './etcd-raft.js';
import { quotaKvOverhead, revisionOverheadBytes } from './mvcc-space.js';
import type { Proposal } from './proposal-queue.js';

/** Apply-loop time (µs) after which applied proposals are answered: etcd answers each entry as it is applied, a slice keeps that without an event per entry. */
const APPLY_SLICE = 500;

interface ReadJob {
  readonly op: EtcdOperation<unknown>;
  readonly origin: number;
  readonly submitAt: Micros;
}

interface FailJob {
  readonly op: EtcdOperation<unknown>;
  readonly submitAt: Micros;
  readonly failure: EtcdFailure;
}

/** An etcd cluster of `config.members` members; `name` labels its metrics (`cluster`). Member 0 leads at start. */
export class EtcdCluster extends EtcdRaft implements EtcdBackend {
  private readonly reqTimeout: Micros;
  private readonly hApplied: Handler<Batch>;
  private readonly hDeliver: Handler<Proposal[]>;
  private readonly hRead: Handler<ReadJob>;
  private readonly hFail: Handler<FailJob>;
  private readonly hSweep: Handler<null>;
  private readonly hDefragDone: Handler<number>;
  private readonly applyFreeAt: Float64Array;
  private readonly backendBlockedUntil: Float64Array;
  private pendingReads: ReadJob[] = [];
  private readonly backend: BackendBatchTx;
  private defragChainEnd: Micros = 0;
  private noSpace = false;
  private roundRobin = 0;
  private sweepHandle: EventHandle = -1;
  private readonly expired: Proposal[] = [];

  /** Builds the cluster at sim.now; `rng` is the run's streams (one per member disk, network, elections) or a single stream; throws RangeError listing every config problem. */
  constructor(sim: Simulation, metrics: MetricsSink, rng: RandomStreams | RandomStream, config: EtcdClusterConfig, name: string) {
    super(sim, metrics, rng, config, name);
    this.reqTimeout = requestTimeout(config);
    this.applyFreeAt = new Float64Array(this.n);
    this.backendBlockedUntil = new Float64Array(this.n);
    this.hApplied = sim.register<Batch>((b) => this.applied(b));
    this.hDeliver = sim.register<Proposal[]>((ps) => this.deliver(ps));
    this.hRead = sim.register<ReadJob>((r) => this.served(r));
    this.hFail = sim.register<FailJob>((f) => this.finish(f.op, f.submitAt, f.failure));
    this.backend = new BackendBatchTx(sim, config, this.disks, this.m.backendCommit, () => this.leaderOrLast(), (member, end) => {
      if (this.applyFreeAt[member]! < end) this.applyFreeAt[member] = end;
    });
    this.hSweep = sim.register<null>(() => this.sweep());
    this.hDefragDone = sim.register<number>((member) => this.defragDone(member));
    this.m.quota.set(config.quotaBackendBytes);
    this.updateSizeGauges();
    const mvcc = this.mvcc;
    new AutoCompactor(sim, { get revision() { return mvcc.revision; }, autoCompact: (rev) => this.autoCompact(rev) }, config.autoCompactionMode, config.autoCompactionRetention);
  }

  /** Current revision. */
  get revision(): number {
    return this.mvcc.revision;
  }
  /** Revision of the last compaction (0 = none). */
  get compactedRevision(): number {
    return this.mvcc.compactedRevision;
  }
  /** Largest member's database file (`etcd_mvcc_db_total_size_in_bytes`). */
  get dbSize(): number {
    return this.mvcc.maxFileSize;
  }
  /** Bytes in use inside the file (`etcd_mvcc_db_total_size_in_use_in_bytes`). */
  get dbSizeInUse(): number {
    return this.mvcc.inUse;
  }
  /** Index of the leader, or -1 during an election. */
  get leader(): number {
    return this.leaderId;
  }
  /** Current Raft term. */
  get term(): number {
    return this.termNo;
  }
  /** Leader changes since start (the initial leader not counted). */
  get leaderChanges(): number {
    return this.changes;
  }
  /** The raised alarm, or null. */
  get alarm(): 'NOSPACE' | null {
    return this.noSpace ? 'NOSPACE' : null;
  }

  /** Sends `op` to a member chosen per `clientEndpoints` (the leader, or round-robin over all members). */
  submit<T>(op: EtcdOperation<T>): void {
    let member = this.leaderOrLast();
    if (this.config.clientEndpoints === 'all') {
      member = this.roundRobin;
      this.roundRobin = (member + 1) % this.n;
    }
    this.submitTo(member, op);
  }

  /** Sends `op` to member `member` (its client connection's endpoint), or to the current leader. */
  submitTo<T>(member: number | 'leader', op: EtcdOperation<T>): void {
    const o = op as EtcdOperation<unknown>;
    const now = this.sim.now;
    const origin = member === 'leader' ? this.leaderOrLast() : member;
    if (!(Number.isInteger(origin) && origin >= 0 && origin < this.n)) throw new RangeError(`etcd cluster '${this.name}' has no member ${String(member)}`);
    if (o.operation === 'get' || o.operation === 'list') {
      this.read({ op: o, origin, submitAt: now });
      return;
    }
    const keyBytes = o.keyBytes ?? this.config.keyBytes;
    // server/storage/quota.go: a put is refused, raising NOSPACE, when file size + cost >= quota; deletes cost 0.
    if (o.operation !== 'delete' && this.mvcc.fileSize[origin]! + quotaKvOverhead + keyBytes + o.valueBytes >= this.config.quotaBackendBytes) {
      this.noSpace = true;
      this.sim.schedule(this.rtt(this.clientRtt), this.hFail, { op: o, submitAt: now, failure: 'NOSPACE' });
      return;
    }
    let readyAt = now + this.half(this.clientRtt);
    // A follower forwards the proposal through its own raft loop, which waits for its current disk write.
    if (origin !== this.leaderOrLast()) readyAt = Math.max(readyAt + Math.round(this.config.requestCostPerOp), this.disks[origin]!.freeAt) + this.half(this.peerRtt);
    this.queue.push({ op: o, origin, submitAt: now, readyAt, keyBytes, result: undefined, failure: undefined });
    this.m.proposalsPending.add(1);
    this.armSweep();
    this.kick();
  }

  /** Compacts history below `rev` (default: the current revision); returns the bytes freed inside the file. */
  compact(rev: number = this.mvcc.revision): number {
    const freed = this.mvcc.compact(rev);
    this.updateSizeGauges();
    return freed;
  }

  /** Defragments `member`, or every member one after another (etcdctl defrag --cluster); returns when the last one finishes. */
  defrag(member?: number): Micros {
    if (member !== undefined) return this.defragMember(member);
    let end = this.sim.now;
    for (let i = 0; i < this.n; i++) end = this.defragMember(i);
    return end;
  }

  /** `etcdctl alarm disarm`: clears NOSPACE (the next put over quota raises it again). */
  disarmAlarm(): void {
    this.noSpace = false;
  }

  /** Fault injection: member `member`'s disk stalls for `duration` µs from now. */
  stallDisk(member: number, duration: Micros): void {
    this.disks[member]!.injectStall(this.sim.now, duration);
  }

  // ---- apply loop and backend ------------------------------------------------------------

  /** Reserves the apply loop for the whole batch and applies it in slices of about APPLY_SLICE µs, answering each slice as it is applied. */
  protected apply(b: Batch): void {
    const cfg = this.config;
    const L = b.leader;
    let cost = cfg.applyCostPerBatch;
    for (const p of b.proposals) cost += p.origin === L ? cfg.applyCostPerOp + cfg.requestCostPerOp : cfg.applyCostPerOp;
    const start = Math.max(this.sim.now, this.applyFreeAt[L]!, this.backendBlockedUntil[L]!);
    this.applyFreeAt[L] = start + Math.round(cost);
    b.from = b.to = 0;
    this.nextSlice(b, start + cfg.applyCostPerBatch);
  }

  /** Schedules the apply of the proposals after b.to, starting at `t`. */
  private nextSlice(b: Batch, t: number): void {
    const cfg = this.config;
    const ps = b.proposals;
    const L = b.leader;
    let i = b.to;
    let cost = 0;
    do {
      const p = ps[i];
      if (p !== undefined) cost += p.origin === L ? cfg.applyCostPerOp + cfg.requestCostPerOp : cfg.applyCostPerOp;
      i++;
    } while (i < ps.length && cost < APPLY_SLICE);
    b.from = b.to;
    b.to = Math.min(i, ps.length);
    this.sim.at(Math.round(t + cost), this.hApplied, b);
  }

  private applied(b: Batch): void {
    const ps = b.proposals;
    const from = b.from;
    const to = b.to;
    let writes = 0;
    let bytes = 0;
    for (let i = from; i < to; i++) {
      const p = ps[i]!;
      const op = p.op;
      // applierV3Capped: while NOSPACE is raised only deletes (and reads) are applied.
      if (this.noSpace && op.operation !== 'delete') {
        p.failure = 'NOSPACE';
        continue;
      }
      this.mvcc.write(op.operation as 'create' | 'update' | 'delete', p.keyBytes, op.valueBytes);
      bytes += p.keyBytes + op.valueBytes + revisionOverheadBytes;
      writes++;
      p.result = op.apply();
    }
    if (to < ps.length) this.nextSlice(b, this.sim.now);
    this.mvcc.endBatch();
    this.updateSizeGauges();
    this.m.proposalsApplied.inc(to - from);
    this.backend.applied(to - from, writes, bytes);
    this.deliverByOrigin(from === 0 && to === ps.length ? ps : ps.slice(from, to), b.leader);
  }

  /** Answers each origin member's clients: from the leader directly, from a follower one peer hop later. */
  private deliverByOrigin(ps: Proposal[], L: number): void {
    if (ps.length === 0) return;
    const first = ps[0]!.origin;
    let mixed = false;
    for (const p of ps) if (p.origin !== first) mixed = true;
    if (!mixed) {
      this.deliverAfter(ps, first === L ? this.half(this.clientRtt) : this.half(this.clientRtt) + this.half(this.peerRtt));
      return;
    }
    const groups: Proposal[][] = Array.from({ length: this.n }, () => []);
    for (const p of ps) groups[p.origin]!.push(p);
    groups.forEach((g, origin) => {
      if (g.length > 0) this.deliverAfter(g, origin === L ? this.half(this.clientRtt) : this.half(this.clientRtt) + this.half(this.peerRtt));
    });
  }

  private deliverAfter(ps: Proposal[], delay: Micros): void {
    if (delay === 0) this.deliver(ps);
    else this.sim.schedule(delay, this.hDeliver, ps);
  }

  private deliver(ps: Proposal[]): void {
    const now = this.sim.now;
    for (const p of ps) {
      const op = p.op;
      this.m.requestDuration(op.operation, op.type).observe((now - p.submitAt) / 1e6);
      if (p.failure !== undefined) op.fail(p.failure);
      else op.done(p.result);
    }
    this.m.proposalsPending.add(-ps.length);
  }

  // ---- reads --------------------------------------------------------------------------------

  private read(r: ReadJob): void {
    const op = r.op;
    const origin = r.origin;
    let t = this.sim.now + this.half(this.clientRtt);
    if (op.serializable !== true) {
      if (this.leaderId < 0) return this.deferRead(r);
      const L = this.leaderId;
      const hop = origin === L ? 0 : this.half(this.peerRtt);
      // A follower asks through its raft loop (after its current disk write); the leader's ReadIndex
      // heartbeat leaves with its next Ready, after its current fsync.
      if (origin !== L) t = Math.max(t, this.disks[origin]!.freeAt);
      t = Math.max(t + hop, this.loopBusy ? this.loopBusyUntil : 0);
      if (t >= this.campaignAt) return this.deferRead(r);
      if (this.n > 1) t += this.rtt(this.peerRtt);
      t = Math.max(t + hop, this.applyFreeAt[L]! + hop);
    }
    t = Math.max(t, this.backendBlockedUntil[origin]!);
    const cfg = this.config;
    const cost = cfg.rangeCostBase + op.count * (cfg.rangeCostPerObject + op.valueBytes * cfg.rangeCostPerByte);
    this.sim.at(t + Math.round(cost) + this.half(this.clientRtt), this.hRead, r);
  }

  private deferRead(r: ReadJob): void {
    this.pendingReads.push(r);
    this.armSweep();
  }

  private served(r: ReadJob): void {
    const result = r.op.apply();
    this.m.requestDuration(r.op.operation, r.op.type).observe((this.sim.now - r.submitAt) / 1e6);
    r.op.done(result);
  }

  protected leaderElected(): void {
    const reads = this.pendingReads;
    this.pendingReads = [];
    for (const r of reads) this.read(r);
  }

  // ---- time-outs ----------------------------------------------------------------------------

  private armSweep(): void {
    if (this.sweepHandle >= 0) return;
    let first = this.queue.earliestSubmit();
    const r = this.pendingReads[0];
    if (r !== undefined && r.submitAt < first) first = r.submitAt;
    if (first < Infinity) this.sweepHandle = this.sim.at(Math.max(this.sim.now, first + this.reqTimeout), this.hSweep, null);
  }

  /** Fails requests not proposed (or, for reads, not started) within the request timeout. */
  private sweep(): void {
    this.sweepHandle = -1;
    const cutoff = this.sim.now - this.reqTimeout;
    this.queue.expire(cutoff, this.expired);
    for (const p of this.expired) {
      this.m.proposalsFailed.inc();
      this.m.proposalsPending.add(-1);
      this.finish(p.op, p.submitAt, 'timeout');
    }
    this.expired.length = 0;
    if (this.pendingReads.length > 0 && this.pendingReads[0]!.submitAt <= cutoff) {
      const keep: ReadJob[] = [];
      for (const r of this.pendingReads) {
        if (r.submitAt <= cutoff) this.finish(r.op, r.submitAt, 'timeout');
        else keep.push(r);
      }
      this.pendingReads = keep;
    }
    this.armSweep();
  }

  private finish(op: EtcdOperation<unknown>, submitAt: Micros, failure: EtcdFailure): void {
    this.m.requestDuration(op.operation, op.type).observe((this.sim.now - submitAt) / 1e6);
    op.fail(failure);
  }

  // ---- maintenance ----------------------------------------------------------------------------

  private autoCompact(rev: number): void {
    this.compact(rev);
    const ratio = this.config.autoDefragFreeRatio;
    if (ratio <= 0) return;
    const size = this.mvcc.maxFileSize;
    if (this.noSpace || (size > 0 && (size - this.mvcc.inUse) / size >= ratio)) this.defrag();
  }

  /** Defrag blocks the member's backend (applies and reads) for in-use bytes / defrag rate (backend.go defrag holds every backend lock). */
  private defragMember(member: number): Micros {
    if (!(Number.isInteger(member) && member >= 0 && member < this.n)) throw new RangeError(`etcd cluster '${this.name}' has no member ${member}`);
    const start = Math.max(this.sim.now, this.defragChainEnd, this.backendBlockedUntil[member]!);
    const end = start + Math.round((this.mvcc.inUse / this.config.defragBytesPerSecond) * 1e6);
    this.backendBlockedUntil[member] = end;
    if (this.applyFreeAt[member]! < end) this.applyFreeAt[member] = end;
    this.defragChainEnd = end;
    this.sim.at(end, this.hDefragDone, member);
    return end;
  }

  private defragDone(member: number): void {
    this.mvcc.defragmented(member);
    this.updateSizeGauges();
    if (this.noSpace && this.config.alarmAutoDisarm && this.mvcc.maxFileSize + quotaKvOverhead < this.config.quotaBackendBytes) this.noSpace = false;
  }

  private updateSizeGauges(): void {
    this.m.dbSize.set(this.mvcc.maxFileSize);
    this.m.dbSizeInUse.set(this.mvcc.inUse);
  }
}
