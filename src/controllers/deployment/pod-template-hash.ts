/**
 * The `pod-template-hash` label (pkg/controller/controller_utils.go ComputeHash): a 32-bit FNV-1a
 * hash of the pod template (here of its canonical JSON) and the collision count, written with the
 * apiserver's safe alphabet, so a template always maps to the same ReplicaSet name and an equal
 * template — a rollback — finds its old ReplicaSet again.
 */
import type { PodTemplateSpec } from '../../api/apps.js';
import { canonicalJson } from '../../api/canonical-json.js';

/** DefaultDeploymentUniqueLabelKey. */
export const podTemplateHashLabel = 'pod-template-hash';

const safe = 'bcdfghjklmnpqrstvwxz2456789';

function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The hash of `template` (and `collisionCount`, when set), as a label value. */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  const h = fnv1a32(canonicalJson(template) + (collisionCount === undefined ? '' : `#${collisionCount}`));
  // rand.SafeEncodeString of the decimal hash: every digit mapped into the alphabet.
  let out = '';
  for (const ch of String(h)) out += safe[ch.charCodeAt(0) % safe.length];
  return out;
}

/** `template` without the pod-template-hash label. */
function withoutHash(template: PodTemplateSpec): PodTemplateSpec {
  const labels = { ...template.metadata.labels };
  delete labels[podTemplateHashLabel];
  return { ...template, metadata: { ...template.metadata, labels } };
}

/** Templates equal apart from the pod-template-hash label (EqualIgnoreHash). */
export function equalIgnoreHash(a: PodTemplateSpec, b: PodTemplateSpec): boolean {
  return canonicalJson(withoutHash(a)) === canonicalJson(withoutHash(b));
}

/** `template` with its pod-template-hash label removed, as `kubectl rollout undo` copies a ReplicaSet's template back. */
export function templateWithoutHash(template: PodTemplateSpec): PodTemplateSpec {
  return withoutHash(template);
}
