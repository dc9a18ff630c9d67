/**
 * `canary`: a replica-weighted canary of a Deployment, in the pattern of the Kubernetes docs
 * ("Canary deployments", Managing Workloads): a second Deployment `<name>-canary` runs the new
 * images with the label `track: canary` beside the stable one, both matched by the same Service
 * selector, so the canary gets the share of traffic its replicas have of the ready pods.
 *
 *   action: start    creates `<name>-canary` from the stable Deployment's spec with `images`,
 *                    `weight` (an integer or a percentage of the stable replicas, rounded up, at
 *                    least 1; default 10 %) of its replicas and, once they are available (as
 *                    `kubectl rollout status` judges; `timeout`), scales the stable one down by as
 *                    many, so the total stays; it measures the split from the start (canary-split.ts).
 *   action: promote  patches the stable Deployment's template to the canary's images and its
 *                    replicas back to the total, waits for that rollout as `kubectl rollout
 *                    status` does (`timeout`, default 1 h), then deletes the canary.
 *   action: abort    scales the stable Deployment back to the total and deletes the canary.
 *
 * Every step goes through the API as the workload's user; a failed request is a warning and ends
 * the op. The Service selector defaults to the stable template's labels without `track`.
 */
import type { Deployment } from '../../api/apps.js';
import type { NewObject } from '../../api/object-store.js';
import type { IntOrString } from '../../api/apps.js';
import { intOrPercentProblem, scaledValue } from '../../workload/int-or-percent.js';
import { expr, stringMap } from '../schema.js';
import { measureCanarySplit, trackLabel } from './canary-split.js';
import type { OpDefinition } from './registry.js';
import { waitForRollout } from './rollout-wait.js';
import { compileResource, request, resourceProperties, succeeded, type WorkloadResource } from './workload-resource.js';

/** Name of the canary Deployment of stable Deployment `name`. */
export function canaryName(name: string): string {
  return `${name}-canary`;
}

/** The canary Deployment for `stable`: its spec with the new images, `replicas`, and `track: canary` in selector and template labels. */
export function canaryDeployment(stable: Deployment, images: Readonly<Record<string, string>>, replicas: number): NewObject<'Deployment'> {
  const spec = stable.spec;
  const tmpl = spec.template;
  return {
    kind: 'Deployment',
    metadata: {
      name: canaryName(stable.metadata.name),
      ...(stable.metadata.namespace === undefined ? {} : { namespace: stable.metadata.namespace }),
      labels: { ...stable.metadata.labels, [trackLabel]: 'canary' },
    },
    spec: {
      ...spec,
      replicas,
      paused: false,
      selector: { ...spec.selector, matchLabels: { ...spec.selector.matchLabels, [trackLabel]: 'canary' } },
      template: {
        metadata: { ...tmpl.metadata, labels: { ...tmpl.metadata.labels, [trackLabel]: 'canary' } },
        spec: { ...tmpl.spec, containers: tmpl.spec.containers.map((c) => (images[c.name] === undefined ? c : { ...c, image: images[c.name] as string })) },
      },
    },
    status: { replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 0, conditions: [] },
  };
}

/** The canary op. */
export const canaryOp: OpDefinition = {
  opcode: 'canary',
  schema: {
    required: ['resource', 'action'],
    properties: { ...resourceProperties, action: { enum: ['start', 'promote', 'abort'] }, images: { ...stringMap, minProperties: 1 }, weight: { type: ['integer', 'string'] }, timeout: expr },
  },
  compile(ctx, path, raw, index) {
    const r = compileResource(ctx, path, raw, 'Deployment');
    const action = raw['action'] as 'start' | 'promote' | 'abort';
    const images = raw['images'] as Record<string, string> | undefined;
    const weight = (raw['weight'] as IntOrString | undefined) ?? '10%';
    const timeout = raw['timeout'] === undefined ? 3600e6 : ctx.atLeast([...path, 'timeout'], raw['timeout'], 'duration', 1);
    if (action === 'start' && images === undefined) ctx.problem([...path, 'images'], 'required to start a canary: the new image of each container to change');
    if (action !== 'start' && (images !== undefined || raw['weight'] !== undefined)) ctx.problem([...path, images !== undefined ? 'images' : 'weight'], `only start takes it (the ${action} step uses the running canary)`);
    const weightProblem = intOrPercentProblem(weight);
    if (weightProblem !== undefined) ctx.problem([...path, 'weight'], weightProblem);
    else if (weight === 0 || weight === '0%') ctx.problem([...path, 'weight'], 'must be above 0');
    if (r === undefined || Number.isNaN(timeout) || ctx.problems.length > 0) return undefined;
    const where = `canary workload[${index}]`;
    const canary: WorkloadResource = { ...r, name: canaryName(r.name) };
    return {
      opcode: 'canary',
      index,
      *run(run) {
        const got = yield* request(run, r, { verb: 'GET' });
        if (!succeeded(run, 'canary', index, r, got)) return;
        const stable = got.object as Deployment;
        if (action === 'start') {
          const missing = Object.keys(images ?? {}).filter((c) => !stable.spec.template.spec.containers.some((x) => x.name === c));
          if (missing.length > 0) {
            run.warn(`${where}: deployment/${r.name} has no container ${missing.map((m) => `"${m}"`).join(', ')}`);
            return;
          }
          const total = stable.spec.replicas;
          const replicas = Math.min(total, Math.max(1, scaledValue(weight, total, true)));
          const created = yield* request(run, canary, { verb: 'POST', body: canaryDeployment(stable, images ?? {}, replicas) });
          if (!succeeded(run, 'canary', index, canary, created)) return;
          const { [trackLabel]: _track, ...service } = stable.spec.template.metadata.labels ?? {};
          measureCanarySplit(run, r.namespace, { matchLabels: service }, r.name);
          // The stable Deployment gives up its replicas once the canary's are available, so the total never dips.
          const message = yield* waitForRollout(run, canary, timeout);
          if (message !== '') {
            run.warn(`${where}: ${message}; deployment/${r.name} keeps its ${total} replicas`);
            return;
          }
          succeeded(run, 'canary', index, r, yield* request(run, r, { verb: 'PATCH', body: { spec: { replicas: total - replicas } } }));
          return;
        }
        const found = yield* request(run, canary, { verb: 'GET' });
        if (!succeeded(run, 'canary', index, canary, found)) return;
        const c = found.object as Deployment;
        const total = stable.spec.replicas + c.spec.replicas;
        if (action === 'promote') {
          const containers = stable.spec.template.spec.containers.map((s) => ({ ...s, image: c.spec.template.spec.containers.find((x) => x.name === s.name)?.image ?? s.image }));
          const patched = yield* request(run, r, { verb: 'PATCH', body: { spec: { replicas: total, template: { spec: { containers } } } } });
          if (!succeeded(run, 'canary', index, r, patched)) return;
          const message = yield* waitForRollout(run, r, timeout);
          if (message !== '') {
            run.warn(`${where}: promoting deployment/${r.name}: ${message}; the canary is kept`);
            return;
          }
        } else if (!succeeded(run, 'canary', index, r, yield* request(run, r, { verb: 'PATCH', body: { spec: { replicas: total } } }))) return;
        succeeded(run, 'canary', index, canary, yield* request(run, canary, { verb: 'DELETE' }));
      },
    };
  },
};
