/**
 * `setImage` (kubectl set image deployment/web app=nginx:1.27): reads the object through the API,
 * then patches the named containers' images into its pod template — a rollout for a
 * Deployment or a DaemonSet. Every container named must exist; ends when the patch is answered.
 */
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../../api/apps.js';
import { stringMap } from '../schema.js';
import type { OpDefinition } from './registry.js';
import { appsKinds, compileResource, request, resourceProperties, succeeded } from './workload-resource.js';

/** The setImage op. */
export const setImageOp: OpDefinition = {
  opcode: 'setImage',
  schema: { required: ['resource', 'images'], properties: { ...resourceProperties, images: { ...stringMap, minProperties: 1 } } },
  compile(ctx, path, raw, index) {
    const r = compileResource(ctx, path, raw, [...appsKinds, 'DaemonSet']);
    if (r === undefined) return undefined;
    const images = raw['images'] as Record<string, string>;
    return {
      opcode: 'setImage',
      index,
      *run(run) {
        const got = yield* request(run, r, { verb: 'GET' });
        if (!succeeded(run, 'setImage', index, r, got)) return;
        const obj = got.object as Deployment | ReplicaSet | StatefulSet | DaemonSet;
        const template = obj.spec.template;
        const missing = Object.keys(images).filter((c) => !template.spec.containers.some((x) => x.name === c));
        if (missing.length > 0) {
          run.warn(`setImage workload[${index}]: ${r.kind.toLowerCase()}/${r.name} has no container ${missing.map((m) => `"${m}"`).join(', ')}`);
          return;
        }
        const containers = template.spec.containers.map((c) => (images[c.name] === undefined ? c : { ...c, image: images[c.name] }));
        succeeded(run, 'setImage', index, r, yield* request(run, r, { verb: 'PATCH', body: { spec: { template: { spec: { containers } } } } }));
      },
    };
  },
};
