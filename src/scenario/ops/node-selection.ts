/**
 * Which nodes `failNodes` and `recoverNodes` act on: a node by name, the nodes of a pool, of a
 * zone (`topology.kubernetes.io/zone`), or all, narrowed to a `fraction` (or a `count`) chosen
 * from a seeded stream. Checked against the declared pools before time 0.
 */
import { zoneLabel } from '../../controllers/node-lifecycle/zone-state.js';
import type { RandomStream } from '../../engine/rng.js';
import type { CompileContext } from '../compile-context.js';
import type { FieldPath } from '../input-error.js';
import { expr } from '../schema.js';
import type { NodePoolSpec } from '../spec.js';

/** A node a selection may pick: its name, pool and zone ('' when it has none). */
export interface SelectableNode {
  readonly name: string;
  readonly pool: string;
  readonly zone: string;
}

/** A compiled selection; unset fields match every node. */
export interface NodeSelection {
  readonly node?: string;
  readonly pool?: string;
  readonly zone?: string;
  readonly fraction: number;
  /** Exactly this many of the matching nodes (instead of a fraction). */
  readonly count?: number;
}

/** Schema properties of a selection. */
export const nodeSelectionProperties = {
  node: { type: 'string', minLength: 1 },
  pool: { type: 'string', minLength: 1 },
  zone: { type: 'string', minLength: 1 },
  fraction: expr,
  count: expr,
} as const;

/** The zones a pool's nodes carry: its `zones`, else its zone label, else none. */
export function poolZones(pool: Pick<NodePoolSpec, 'zones' | 'labels'>): string[] {
  if (pool.zones.length > 0) return [...pool.zones];
  const z = pool.labels[zoneLabel];
  return z === undefined ? [] : [z];
}

/** Compiles the selection fields of op `path`; records a problem for a pool, zone or node no declared pool has. */
export function compileNodeSelection(ctx: CompileContext, path: FieldPath, raw: Record<string, unknown>): NodeSelection | undefined {
  const before = ctx.problems.length;
  const pools = ctx.nodePoolNames;
  const pool = raw['pool'] as string | undefined;
  const zone = raw['zone'] as string | undefined;
  const node = raw['node'] as string | undefined;
  if (pool !== undefined && !pools.includes(pool)) {
    ctx.problem([...path, 'pool'], `no node pool named "${pool}" in cluster.nodePools (declared: ${pools.join(', ') || 'none'})`);
  }
  if (zone !== undefined) {
    const candidates = pool === undefined ? pools : pools.filter((p) => p === pool);
    const zones = [...new Set(candidates.flatMap((p) => ctx.nodePoolZones.get(p) ?? []))];
    if (!zones.includes(zone)) {
      ctx.problem([...path, 'zone'], `no node pool${pool === undefined ? '' : ` "${pool}"`} has nodes in zone "${zone}" (zones: ${zones.join(', ') || 'none'}; set a pool's zones or its ${zoneLabel} label)`);
    }
  }
  if (node !== undefined) {
    const owner = pools.find((p) => node.startsWith(`${p}-`) && /^[0-9]+$/.test(node.slice(p.length + 1)));
    if (owner === undefined) ctx.problem([...path, 'node'], `no node "${node}": nodes are named <pool>-<index> after a declared pool (${pools.join(', ') || 'none'})`);
  }
  const fraction = raw['fraction'] === undefined ? 1 : ctx.value([...path, 'fraction'], raw['fraction'], 'fraction');
  let count: number | undefined;
  if (raw['count'] !== undefined) {
    if (raw['fraction'] !== undefined) ctx.problem([...path, 'count'], 'give count or fraction, not both');
    count = ctx.atLeast([...path, 'count'], raw['count'], 'integer', 1);
    const declared = ctx.nodePoolCounts;
    const available = (pool === undefined ? pools : [pool]).reduce((sum, p) => sum + (declared.get(p) ?? 0), 0);
    if (node === undefined && zone === undefined && declared.size > 0 && count > available) {
      ctx.problem([...path, 'count'], `cannot select ${count} nodes: ${pool === undefined ? 'the node pools declare' : `node pool "${pool}" declares`} ${available}`);
    }
  }
  if (ctx.problems.length > before) return undefined;
  return { ...(node === undefined ? {} : { node }), ...(pool === undefined ? {} : { pool }), ...(zone === undefined ? {} : { zone }), fraction, ...(count === undefined ? {} : { count }) };
}

/** The nodes `selection` picks from `nodes` (in their order): all that match, or `count` or round(fraction × matches) of them drawn from `rng`. */
export function selectNodes(selection: NodeSelection, nodes: readonly SelectableNode[], rng: RandomStream): SelectableNode[] {
  const matching = nodes.filter(
    (n) => (selection.node === undefined || n.name === selection.node) && (selection.pool === undefined || n.pool === selection.pool) && (selection.zone === undefined || n.zone === selection.zone),
  );
  const count = selection.count === undefined ? Math.round(selection.fraction * matching.length) : Math.min(selection.count, matching.length);
  if (count >= matching.length) return matching;
  // Partial Fisher-Yates over indices, then back to the nodes' order.
  const idx = matching.map((_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + rng.int(idx.length - i);
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  return idx.slice(0, count).sort((a, b) => a - b).map((i) => matching[i] as SelectableNode);
}
