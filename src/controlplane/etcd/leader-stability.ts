/**
 * The leader-change rate the election logic of etcd-raft.ts implies, in closed form, for rates too
 * small to simulate (one per week) and to choose disk parameters.
 *
 * A stall of the leader's disk lasting D blocks its raft loop on the WAL fsync for about D (under a
 * steady write load some write always catches it). Follower f campaigns after (R_f − 1 + U) ticks
 * without a message, R_f its randomised timeout for the term (uniform integer in [E, 2E), E =
 * ElectionTicks) and U its tick phase, uniform per stall; so P(no election | D, R) =
 * Π_f clamp(R_f − D/tick, 0, 1). With stalls arriving at rate Σ perHour, a term with timeouts R
 * lasts an exponential time of rate λ(R) = Σ_c perHour_c · P_c(election | R); R is redrawn at each
 * change, so the long-run rate is the renewal rate 1 / E_R[1 / λ(R)]. A term whose λ(R) is small
 * (every follower drew a long timeout) lasts long, which is why the average of λ overstates it.
 */
import { createDistribution } from '../../engine/distribution.js';
import { RandomStreams } from '../../engine/rng.js';
import { resolveDisk } from './disk.js';
import type { EtcdClusterConfig } from './etcd-config.js';
import { electionTicks } from './etcd-raft.js';

const D_STEPS = 4_000;
const MAX_COMBINATIONS = 4_000;

/** Expected leader changes per hour under a steady write load, from member 0's disk (0 for one member or a disk without stalls). */
export function expectedLeaderChangesPerHour(config: EtcdClusterConfig): number {
  const disk = resolveDisk(config.memberDisks?.[0] ?? config.disk);
  const k = config.members - 1;
  const populations = (disk.stalls ?? []).filter((s) => s.perHour > 0);
  if (k <= 0 || populations.length === 0) return 0;
  const tick = config.heartbeatInterval;
  const E = electionTicks(config);
  // Stall durations in ticks on a quantile grid, per population.
  const grids = populations.map((s) => {
    const dist = createDistribution(s.duration);
    return Float64Array.from({ length: D_STEPS }, (_, i) => dist.quantile((i + 0.5) / D_STEPS) / tick);
  });
  const rate = (r: number[]): number => {
    let lambda = 0;
    populations.forEach((s, c) => {
      let p = 0;
      for (const d of grids[c]!) {
        let none = 1;
        for (const rf of r) none *= Math.min(1, Math.max(0, rf - d));
        p += 1 - none;
      }
      lambda += (s.perHour * p) / D_STEPS;
    });
    return lambda;
  };
  let meanInverse = 0;
  const combos = Math.pow(E, k);
  if (combos <= MAX_COMBINATIONS) {
    const r = new Array<number>(k).fill(E);
    for (let i = 0; i < combos; i++) {
      let x = i;
      for (let f = 0; f < k; f++) {
        r[f] = E + (x % E);
        x = Math.floor(x / E);
      }
      meanInverse += 1 / rate(r) / combos;
    }
  } else {
    const rng = new RandomStreams('leader-stability').stream('timeouts');
    for (let i = 0; i < MAX_COMBINATIONS; i++) {
      const r = Array.from({ length: k }, () => E + rng.int(E));
      meanInverse += 1 / rate(r) / MAX_COMBINATIONS;
    }
  }
  return Number.isFinite(meanInverse) ? 1 / meanInverse : 0;
}
