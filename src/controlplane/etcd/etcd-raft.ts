/**
 * Raft replication and leader election of a simulated etcd cluster (the part of EtcdCluster up to
 * "committed"; the apply loop, reads and maintenance live in etcd-cluster.ts).
 *
 * Write path (etcd server/etcdserver/raft.go raftNode.start): proposals reaching the leader while
 * its raft loop is busy wait and go together in the next Ready. For a batch the leader sends
 * MsgApp to the followers, then appends to its WAL and fdatasyncs (the loop is blocked meanwhile);
 * each follower fsyncs and acks. The batch commits when a majority (leader included) has persisted
 * it, and the leader learns that at its next Ready (after its current fsync). Disks are analytic
 * FIFO queues, so a batch costs one or two events here whatever its size and the number of members.
 *
 * Leadership: heartbeats are not simulated. The raft loop blocks on its WAL fsync, so no heartbeat
 * leaves while an fsync stalls; a follower campaigns once it has heard nothing for its randomised
 * timeout of R ticks, R uniform in [ElectionTicks, 2 × ElectionTicks) and drawn only when the term
 * changes (raft reset → resetRandomizedElectionTimeout), so a follower that drew a long timeout
 * keeps it for the whole term. When a leader fsync is issued, an election is due iff it blocks the
 * loop longer than the first follower timeout, at send + timeout; pre-vote and vote then take two
 * round trips plus the candidate's and the voters' fsyncs of term and vote (--pre-vote is on by
 * default since v3.5). Proposals of batches the old leader never applied are proposed again by the
 * new leader, which first commits an entry of its own term.
 */
import { createDistribution, type Distribution } from '../../engine/distribution.js';
import { RandomStreams, type RandomStream } from '../../engine/rng.js';
import type { EventHandle, Handler, Micros, Simulation } from '../../engine/simulation.js';
import type { MetricsSink } from '../../metrics/sink.js';
import { resolveDisk } from './disk.js';
import { validateEtcdConfig, type EtcdClusterConfig } from './etcd-config.js';
import { EtcdMetrics } from './etcd-metrics.js';
import { MemberDisk } from './member-disk.js';
import { MvccSpace, revisionOverheadBytes } from './mvcc-space.js';
import { ProposalQueue, type Proposal } from './proposal-queue.js';

/** `--election-timeout` in ticks of `--heartbeat-interval`, as etcd computes ElectionTicks (integer division). */
export function electionTicks(config: EtcdClusterConfig): number {
  return Math.max(1, Math.floor(config.electionTimeout / config.heartbeatInterval));
}

/** Proposals replicated together under one leader term. */
export interface Batch {
  readonly term: number;
  readonly leader: number;
  readonly proposals: Proposal[];
  /** The slice [from, to) of proposals being applied (etcd-cluster.ts applies a batch in slices). */
  from: number;
  to: number;
  /** The batch commits when the leader's fsync ends: its loop-free event commits it too. */
  commitsWithLoop: boolean;
}

/** Replication, commit and elections; subclasses apply committed batches and serve reads. */
export abstract class EtcdRaft {
  protected readonly n: number;
  protected readonly quorum: number;
  protected readonly disks: MemberDisk[];
  protected readonly peerRtt: Distribution;
  protected readonly clientRtt: Distribution;
  protected readonly m: EtcdMetrics;
  protected readonly mvcc: MvccSpace;
  protected readonly queue: ProposalQueue;
  protected leaderId = 0;
  protected lastLeader = 0;
  protected termNo = 1;
  protected loopBusy = false;
  /** End of the leader loop's current fsync (reads wait for it to send their heartbeat round). */
  protected loopBusyUntil: Micros = 0;
  /** Time of a scheduled campaign (Infinity if none). */
  protected campaignAt = Infinity;
  protected changes = 0;
  private readonly net: RandomStream;
  private readonly electionRng: RandomStream;
  private readonly hLoopFree: Handler<Batch>;
  private readonly hWake: Handler<number>;
  private readonly hCommit: Handler<Batch>;
  private readonly hCampaign: Handler<number>;
  private readonly hElected: Handler<number>;
  private readonly lastArrive: Float64Array;
  private readonly timeouts: Float64Array;
  private readonly acks: Float64Array;
  private candidate = -1;
  private minTicks = Infinity;
  private inflight: Batch[] = [];
  private awaiting: Batch[] = [];
  private lastCommitAt: Micros = 0;
  private wakeHandle: EventHandle = -1;
  private wakeAt = Infinity;

  /** Validates `config` (RangeError listing every problem) and builds members, disks and member 0 as leader. */
  constructor(protected readonly sim: Simulation, metrics: MetricsSink, rng: RandomStreams | RandomStream, readonly config: EtcdClusterConfig, readonly name: string) {
    const issues = validateEtcdConfig(config);
    if (issues.length > 0) throw new RangeError(`invalid etcd cluster config '${name}': ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const stream = (s: string): RandomStream => (rng instanceof RandomStreams ? rng.stream(`etcd/${name}/${s}`) : rng);
    this.n = config.members;
    this.quorum = Math.floor(this.n / 2) + 1;
    this.disks = Array.from({ length: this.n }, (_, i) => new MemberDisk(resolveDisk(config.memberDisks?.[i] ?? config.disk), stream(`disk-${i}/fsync`), (k) => stream(`disk-${i}/stalls-${k}`), sim.now));
    this.peerRtt = createDistribution(config.peerRtt);
    this.clientRtt = createDistribution(config.clientRtt);
    this.net = stream('network');
    this.electionRng = stream('election');
    this.m = new EtcdMetrics(metrics, name);
    this.mvcc = new MvccSpace(this.n, config.initialDatabaseBytes);
    this.queue = new ProposalQueue(this.n);
    this.lastArrive = new Float64Array(this.n);
    this.timeouts = new Float64Array(this.n);
    this.acks = new Float64Array(this.n);
    this.hLoopFree = sim.register<Batch>((b) => this.loopFree(b));
    this.hWake = sim.register<number>((term) => {
      this.wakeHandle = -1;
      this.wakeAt = Infinity;
      if (term === this.termNo) this.kick();
    });
    this.hCommit = sim.register<Batch>((b) => this.committed(b));
    this.hCampaign = sim.register<number>((term) => this.campaign(term));
    this.hElected = sim.register<number>((term) => this.elected(term));
    this.m.hasLeader.set(1);
    this.drawTimeouts();
  }

  /** Applies a committed batch on the leader's apply loop. */
  protected abstract apply(b: Batch): void;
  /** Called when a new leader has been elected (pending reads can go). */
  protected abstract leaderElected(): void;

  /** The leader, or during an election the last one (where clients' connections still point). */
  protected leaderOrLast(): number {
    return this.leaderId >= 0 ? this.leaderId : this.lastLeader;
  }

  /** One draw of a round trip (µs, integer >= 0). */
  protected rtt(d: Distribution): Micros {
    const v = Math.round(d.sample(this.net));
    return v > 0 ? v : 0;
  }

  /** Half of one round-trip draw: a one-way network delay. */
  protected half(d: Distribution): Micros {
    return this.rtt(d) >> 1;
  }

  /** Starts a batch if the leader's loop is idle and a proposal is ready; else wakes it when one will be. */
  protected kick(): void {
    if (this.leaderId < 0 || this.loopBusy) return;
    const next = this.queue.nextReadyAt();
    if (next <= this.sim.now) this.startBatch(false);
    else if (next < Infinity && (this.wakeHandle < 0 || next < this.wakeAt)) {
      if (this.wakeHandle >= 0) this.sim.cancel(this.wakeHandle);
      this.wakeAt = next;
      this.wakeHandle = this.sim.at(next, this.hWake, this.termNo);
    }
  }

  private startBatch(forceEmpty: boolean): void {
    const now = this.sim.now;
    const cfg = this.config;
    const L = this.leaderId;
    const proposals: Proposal[] = [];
    const k = this.queue.take(now, cfg.maxBatchOps, proposals);
    if (k === 0 && !forceEmpty) return;
    let bytes = 0;
    for (const p of proposals) bytes += p.keyBytes + p.op.valueBytes + revisionOverheadBytes;
    const sendAt = now + Math.round(cfg.raftCostPerBatch + k * cfg.raftCostPerOp);
    const leaderDisk = this.disks[L]!;
    const fEnd = leaderDisk.serve(sendAt, leaderDisk.fsyncBase() + Math.round((bytes * 1e6) / leaderDisk.spec.writeBytesPerSecond));
    this.m.walFsync.observe((fEnd - leaderDisk.lastStart) / 1e6);
    let nAcks = 0;
    for (let f = 0; f < this.n; f++) {
      if (f === L) continue;
      const rtt = this.rtt(this.peerRtt);
      const out = rtt >> 1;
      const arrive = Math.max(sendAt + out, this.lastArrive[f]!);
      this.lastArrive[f] = arrive;
      const d = this.disks[f]!;
      const end = d.serve(arrive + Math.round(cfg.raftCostPerBatch), d.fsyncBase() + Math.round((bytes * 1e6) / d.spec.writeBytesPerSecond));
      this.m.walFsync.observe((end - d.lastStart) / 1e6);
      this.acks[nAcks++] = end + rtt - out;
    }
    let commitAt = fEnd;
    if (this.quorum > 1) commitAt = Math.max(fEnd, this.acks.subarray(0, nAcks).sort()[this.quorum - 2]!);
    if (commitAt < this.lastCommitAt) commitAt = this.lastCommitAt;
    this.lastCommitAt = commitAt;
    const batch: Batch = { term: this.termNo, leader: L, proposals, from: 0, to: 0, commitsWithLoop: false };
    this.inflight.push(batch);
    this.loopBusy = true;
    this.loopBusyUntil = fEnd;
    // At equal times the commit is seen before the loop starts its next Ready (one event does both).
    batch.commitsWithLoop = commitAt === fEnd;
    if (!batch.commitsWithLoop) this.sim.at(commitAt, this.hCommit, batch);
    this.sim.at(fEnd, this.hLoopFree, batch);
    if (this.n > 1) this.checkHeartbeats(sendAt, fEnd);
  }

  /** No heartbeat leaves while the loop is blocked in [sendAt, fEnd): count late ones, schedule an election if one is due. */
  private checkHeartbeats(sendAt: Micros, fEnd: Micros): void {
    const blocked = fEnd - sendAt;
    const tick = this.config.heartbeatInterval;
    // server/etcdserver/raft.go processMessages: a heartbeat later than 2 × heartbeat-interval is a send failure.
    if (blocked > 2 * tick) this.m.heartbeatSendFailures.inc(this.n - 1);
    if (blocked <= (this.minTicks - 1) * tick || this.campaignAt < Infinity) return;
    // A follower campaigns when electionElapsed (ticks since the leader's last message) reaches its
    // randomised timeout R: (R − 1 + phase) ticks after that message, the phase of its tick clock being uniform.
    let first = Infinity;
    for (let f = 0; f < this.n; f++) {
      if (f === this.leaderId) continue;
      const t = (this.timeouts[f]! - 1 + (1 - this.electionRng.next())) * tick;
      if (t < first) {
        first = t;
        this.candidate = f;
      }
    }
    if (blocked <= first) return;
    this.campaignAt = sendAt + this.half(this.peerRtt) + Math.round(first);
    this.sim.at(this.campaignAt, this.hCampaign, this.termNo);
  }

  private loopFree(b: Batch): void {
    if (b.term !== this.termNo) return;
    if (b.commitsWithLoop) this.committed(b);
    this.loopBusy = false;
    if (this.awaiting.length > 0) {
      const ready = this.awaiting;
      this.awaiting = [];
      for (const b of ready) this.apply(b);
    }
    this.kick();
  }

  private committed(b: Batch): void {
    if (b.term !== this.termNo) return;
    this.inflight.shift();
    this.m.proposalsCommitted.inc(b.proposals.length);
    if (this.loopBusy) this.awaiting.push(b);
    else this.apply(b);
  }

  /** Each follower's randomised election timeout for the new term, in ticks: ElectionTicks + rand(ElectionTicks) (raft resetRandomizedElectionTimeout). */
  private drawTimeouts(): void {
    const ticks = electionTicks(this.config);
    this.minTicks = Infinity;
    for (let f = 0; f < this.n; f++) {
      if (f === this.leaderId) continue;
      const r = ticks + Math.floor(this.electionRng.next() * ticks);
      this.timeouts[f] = r;
      if (r < this.minTicks) this.minTicks = r;
    }
  }

  private campaign(term: number): void {
    if (term !== this.termNo) return;
    const now = this.sim.now;
    this.lastLeader = this.leaderId;
    this.leaderId = -1;
    this.termNo++;
    this.m.hasLeader.set(0);
    // Unapplied batches of the deposed leader are proposed again (their entries reach the new leader's log).
    for (const b of this.awaiting) this.queue.requeue(b.proposals, now);
    for (const b of this.inflight) this.queue.requeue(b.proposals, now);
    this.awaiting = [];
    this.inflight = [];
    this.loopBusy = false;
    this.campaignAt = Infinity;
    this.lastCommitAt = now;
    if (this.wakeHandle >= 0) this.sim.cancel(this.wakeHandle);
    this.wakeHandle = -1;
    this.wakeAt = Infinity;
    // Pre-vote round trip, then the candidate persists its term and vote, then a vote round trip in which voters persist theirs.
    const c = this.candidate;
    const cd = this.disks[c]!;
    const voted = cd.serve(now + this.rtt(this.peerRtt), cd.fsyncBase());
    let granted = 0;
    for (let v = 0; v < this.n; v++) {
      if (v === c || v === this.lastLeader) continue;
      const rtt = this.rtt(this.peerRtt);
      const vd = this.disks[v]!;
      this.acks[granted++] = vd.serve(voted + (rtt >> 1), vd.fsyncBase()) + rtt - (rtt >> 1);
    }
    const wins = this.acks.subarray(0, granted).sort()[this.quorum - 2]!;
    this.sim.at(Math.max(now, wins), this.hElected, this.termNo);
  }

  private elected(term: number): void {
    if (term !== this.termNo) return;
    this.leaderId = this.candidate;
    this.changes++;
    this.m.leaderChanges.inc();
    this.m.hasLeader.set(1);
    this.lastArrive.fill(this.sim.now);
    this.drawTimeouts();
    this.startBatch(true);
    this.leaderElected();
  }
}
