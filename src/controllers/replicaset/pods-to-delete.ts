/**
 * Which pods a ReplicaSet deletes when it has too many (pkg/controller/replicaset/replica_set.go
 * getPodsToDelete, with controller_utils.go ActivePodsWithRanks): pods that cost least to lose go
 * first — unscheduled before scheduled; Pending before Running; not ready before ready; pods
 * sharing a node with more pods of the same workload before lonelier ones; ready more recently
 * before ready longer; newer before older. Restart counts are not modelled.
 */
import type { Pod } from '../../api/objects.js';
import { isPodReady, readySince } from '../pod-readiness.js';

const phaseRank: Record<Pod['status']['phase'], number> = { Pending: 0, Running: 2, Succeeded: 1, Failed: 1 };

/** The `count` pods of `pods` to delete first; `related` (pods of the whole workload) ranks co-located pods. */
export function podsToDelete(pods: readonly Pod[], related: readonly Pod[], count: number): Pod[] {
  if (count >= pods.length) return [...pods];
  const perNode = new Map<string, number>();
  for (const p of related) if (p.spec.nodeName !== undefined) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const rank = (p: Pod): number => (p.spec.nodeName === undefined ? 0 : (perNode.get(p.spec.nodeName) ?? 0));
  const ranked = pods.map((pod, i) => ({ pod, i, rank: rank(pod) }));
  ranked.sort((a, b) => {
    const x = a.pod;
    const y = b.pod;
    const ax = x.spec.nodeName !== undefined;
    const ay = y.spec.nodeName !== undefined;
    if (ax !== ay) return ax ? 1 : -1;
    const px = phaseRank[x.status.phase];
    const py = phaseRank[y.status.phase];
    if (px !== py) return px - py;
    const rx = isPodReady(x);
    const ry = isPodReady(y);
    if (rx !== ry) return rx ? 1 : -1;
    if (a.rank !== b.rank) return b.rank - a.rank;
    if (rx && ry) {
      const sx = readySince(x) ?? 0;
      const sy = readySince(y) ?? 0;
      if (sx !== sy) return sy - sx;
    }
    const cx = x.metadata.creationTimestamp;
    const cy = y.metadata.creationTimestamp;
    if (cx !== cy) return cy - cx;
    return a.i - b.i;
  });
  return ranked.slice(0, count).map((r) => r.pod);
}
