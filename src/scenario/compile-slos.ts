/**
 * The `slos:` block of a scenario: SLOs checked on every run (summary.json `slos`) and met by
 * `kubesim plan`'s probes, on top of the default mutating-call and pod startup SLOs.
 *
 *   slos:
 *     - { name: mutating_api_call_latency_p99_seconds, max: 0.5 }        # restate a default's objective
 *     - name: list_nodes_p99_seconds
 *       metric: 'apiserver_request_duration_seconds{resource="nodes",verb="LIST"}'
 *       stat: p99                                                          # count, mean, p50, p90, p99, max
 *       max: 30                                                            # or min: (a lower bound)
 */
import type { SloObjective, SloStat } from '../metrics/stated-slos.js';
import { parseSeriesSelector } from '../metrics/stated-slos.js';
import type { CompileContext } from './compile-context.js';

/** Names of the default SLOs, whose objective a scenario may restate. */
const defaultSlos = ['mutating_api_call_latency_p99_seconds', 'pod_startup_latency_p99_seconds'];
const stats: readonly SloStat[] = ['count', 'mean', 'p50', 'p90', 'p99', 'max'];

/** JSON Schema of `slos`. */
export const slosSchema = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: {
      name: { type: 'string', pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' },
      metric: { type: 'string' },
      stat: { enum: stats },
      max: { type: ['number', 'string'] },
      min: { type: ['number', 'string'] },
    },
  },
} as const;

type Raw = Readonly<Record<string, unknown>>;

/** Compiles the (schema-checked) `slos` list; records located problems. */
export function compileSlos(ctx: CompileContext, raw: unknown): SloObjective[] {
  if (!Array.isArray(raw)) return [];
  const out: SloObjective[] = [];
  const names = new Set<string>();
  (raw as Raw[]).forEach((s, i) => {
    const at = ['slos', i];
    const name = String(s['name']);
    if (names.has(name)) ctx.problem([...at, 'name'], `SLO "${name}" is stated twice`);
    names.add(name);
    if ((s['max'] === undefined) === (s['min'] === undefined)) {
      ctx.problem(at, 'give exactly one of max (value <= max) or min (value >= min)');
      return;
    }
    const bound = s['max'] === undefined ? 'min' : 'max';
    const objective = ctx.value([...at, bound], s[bound], 'number');
    if (Number.isNaN(objective)) return;
    if (s['metric'] === undefined) {
      if (!defaultSlos.includes(name)) {
        ctx.problem([...at, 'metric'], `required unless name is a default SLO (${defaultSlos.join(', ')})`);
        return;
      }
      if (bound === 'min') ctx.problem([...at, 'min'], 'a default SLO is an upper bound; use max');
      out.push({ name, stat: 'p99', bound, objective });
      return;
    }
    if (defaultSlos.includes(name)) ctx.problem([...at, 'name'], 'is a default SLO; name your own SLO differently or drop metric to restate its objective');
    const metric = parseSeriesSelector(String(s['metric']));
    if (metric === undefined) {
      ctx.problem([...at, 'metric'], 'must be a series selector such as apiserver_request_duration_seconds{verb="LIST",resource="nodes"}');
      return;
    }
    out.push({ name, metric, stat: (s['stat'] as SloStat | undefined) ?? 'p99', bound, objective });
  });
  return out;
}
