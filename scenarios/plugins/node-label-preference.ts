/**
 * An example out-of-tree Score plugin for kubesim: prefers nodes whose label `label` has the value
 * `value` (score 100) over the others (score 0). Written against the same interfaces as the
 * in-tree plugins (src/scheduler/framework/extension-points.ts); kubesim bundles TypeScript plugins
 * with esbuild when it loads them, and plain JavaScript modules work the same way.
 *
 * Enable it in a scenario:
 *   cluster:
 *     scheduler:
 *       outOfTreePlugins: [{ path: plugins/node-label-preference.ts }]
 *       profiles:
 *         - plugins: { score: { enabled: [{ name: NodeLabelPreference, weight: 5 }] } }
 *           pluginConfig: [{ name: NodeLabelPreference, args: { label: node.kubernetes.io/instance-type, value: m5.large } }]
 */
import type { ScorePlugin } from '../../src/scheduler/framework/extension-points.js';
import type { NodeInfo } from '../../src/scheduler/framework/node-info.js';
import { PluginArgsError, type PluginDefinition } from '../../src/scheduler/framework/registry.js';

/** Args of NodeLabelPreference. */
interface NodeLabelPreferenceArgs {
  readonly label: string;
  readonly value: string;
}

function parseArgs(args: Readonly<Record<string, unknown>>): NodeLabelPreferenceArgs {
  for (const key of ['label', 'value'] as const) {
    if (typeof args[key] !== 'string' || args[key] === '') throw new PluginArgsError([key], 'must be a non-empty string');
  }
  return { label: args['label'] as string, value: args['value'] as string };
}

/** The plugin definition kubesim registers: name and factory. */
const nodeLabelPreference: PluginDefinition = {
  name: 'NodeLabelPreference',
  factory: (rawArgs): ScorePlugin => {
    const args = parseArgs(rawArgs);
    return {
      name: 'NodeLabelPreference',
      score: (_state, _pod, node: NodeInfo) => (node.node.metadata.labels?.[args.label] === args.value ? 100 : 0),
    };
  },
};

export default nodeLabelPreference;
