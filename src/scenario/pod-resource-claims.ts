/**
 * Pods' DRA fields: `spec.resourceClaims[]` (a name and exactly one of `resourceClaimName` or
 * `resourceClaimTemplateName`, as upstream validation requires) and containers'
 * `resources.claims[]`, which must name one of the pod's entries.
 */
import type { CompileContext } from './compile-context.js';
import type { FieldPath } from './input-error.js';

/** Schema of `spec.resourceClaims`. */
export const resourceClaims = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['name'],
    properties: { name: { type: 'string', minLength: 1 }, resourceClaimName: { type: 'string', minLength: 1 }, resourceClaimTemplateName: { type: 'string', minLength: 1 } },
  },
} as const;

interface RawPodClaim {
  name: string;
  resourceClaimName?: string;
  resourceClaimTemplateName?: string;
}

/** Checks the entries of a pod template at `path` (its `spec`'s parent) against each other and the containers' claims. */
export function podResourceClaimNames(ctx: CompileContext, path: FieldPath, entries: readonly RawPodClaim[] | undefined, containers: readonly { resources?: { claims?: { name: string }[] } }[]): void {
  const names = new Set<string>();
  (entries ?? []).forEach((e, i) => {
    const p = [...path, 'spec', 'resourceClaims', i];
    if (names.has(e.name)) ctx.problem([...p, 'name'], `duplicate resource claim entry "${e.name}"`);
    names.add(e.name);
    if ((e.resourceClaimName === undefined) === (e.resourceClaimTemplateName === undefined)) {
      ctx.problem(p, 'exactly one of resourceClaimName or resourceClaimTemplateName must be set');
    }
  });
  containers.forEach((c, i) => {
    (c.resources?.claims ?? []).forEach((claim, j) => {
      if (!names.has(claim.name)) ctx.problem([...path, 'spec', 'containers', i, 'resources', 'claims', j, 'name'], `must name an entry of spec.resourceClaims (have: ${[...names].join(', ') || 'none'})`);
    });
  });
}
