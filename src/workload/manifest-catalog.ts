/**
 * The objects a scenario's workload declares (DeviceClasses, ResourceClaims,
 * ResourceClaimTemplates and apps/v1 workloads, from every apply op) and the references to them
 * (claims naming a class, pods naming a claim or template, autoscalers naming their target). References are checked once the whole workload has compiled,
 * so an object may be applied by a later op; a dangling one is bad input at the referring field.
 */
import { objectKey } from '../api/objects.js';
import type { CompileContext } from '../scenario/compile-context.js';
import type { FieldPath, InputProblem } from '../scenario/input-error.js';

/** Kinds a reference may name (DRA objects; workloads an autoscaler scales). */
type Referable = string;

interface Reference {
  readonly kind: Referable;
  readonly key: string;
  readonly locate: (message: string) => InputProblem;
}

/** Declared DRA objects and references of one compilation. */
export class ManifestCatalog {
  private readonly declared = new Map<Referable, Set<string>>();
  private readonly references: Reference[] = [];

  /** Records that the workload creates `kind` at `key` (`namespace/name`, or `name` for DeviceClass). */
  declare(kind: Referable, key: string): void {
    let s = this.declared.get(kind);
    if (s === undefined) this.declared.set(kind, (s = new Set()));
    s.add(key);
  }

  /** Records a reference, located by `locate` when it dangles. */
  reference(kind: Referable, key: string, locate: (message: string) => InputProblem): void {
    this.references.push({ kind, key, locate });
  }

  /** Problems for references to objects no op creates. */
  dangling(): InputProblem[] {
    return this.references
      .filter((r) => !(this.declared.get(r.kind)?.has(r.key) ?? false))
      .map((r) => r.locate(`${r.kind} "${r.key}" is not created by any apply op of the workload`));
  }
}

const catalogs = new WeakMap<CompileContext, ManifestCatalog>();

/** The catalog of the compilation `ctx` belongs to (created with its final check on first use). */
export function catalogOf(ctx: CompileContext): ManifestCatalog {
  let c = catalogs.get(ctx);
  if (c === undefined) {
    const created = new ManifestCatalog();
    catalogs.set(ctx, created);
    ctx.finalChecks.push(() => ctx.problems.push(...created.dangling()));
    c = created;
  }
  return c;
}

/** Records the claim and template references of a pod spec's `resourceClaims` (at `path` in `at`'s document) in `namespace`. */
export function referencePodClaims(
  catalog: ManifestCatalog, at: CompileContext, path: FieldPath, entries: readonly { readonly resourceClaimName?: string; readonly resourceClaimTemplateName?: string }[] | undefined, namespace: string,
): void {
  (entries ?? []).forEach((e, i) => {
    if (e.resourceClaimName !== undefined) {
      catalog.reference('ResourceClaim', objectKey({ name: e.resourceClaimName, namespace }), (m) => at.source.problem([...path, i, 'resourceClaimName'], m));
    }
    if (e.resourceClaimTemplateName !== undefined) {
      catalog.reference('ResourceClaimTemplate', objectKey({ name: e.resourceClaimTemplateName, namespace }), (m) => at.source.problem([...path, i, 'resourceClaimTemplateName'], m));
    }
  });
}
