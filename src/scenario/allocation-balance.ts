/** How evenly pods' requests are spread over nodes: the standard deviation of each node's requested/allocatable fraction. */
import { deviation } from 'd3-array';
import type { ObjectStore } from '../api/object-store.js';
import { podRequest } from '../api/objects.js';

/** Standard deviation across nodes of the cpu and memory allocation fractions (0 with fewer than two nodes). */
export function allocationBalance(store: ObjectStore): { cpu: number; memory: number } {
  const nodes = store.list('Node');
  const cpu = new Map<string, number>();
  const mem = new Map<string, number>();
  for (const p of store.list('Pod')) {
    const n = p.spec.nodeName;
    if (n === undefined || p.status.phase === 'Succeeded' || p.status.phase === 'Failed') continue;
    cpu.set(n, (cpu.get(n) ?? 0) + podRequest(p, 'cpu'));
    mem.set(n, (mem.get(n) ?? 0) + podRequest(p, 'memory'));
  }
  const frac = (used: Map<string, number>, resource: string): number[] =>
    nodes.map((n) => {
      const alloc = n.status.allocatable[resource] ?? 0;
      return alloc > 0 ? (used.get(n.metadata.name) ?? 0) / alloc : 0;
    });
  return { cpu: deviation(frac(cpu, 'cpu')) ?? 0, memory: deviation(frac(mem, 'memory')) ?? 0 };
}
