/**
 * JSON merge patch (RFC 7386), as `kubectl patch --type merge` sends it: objects merge member by
 * member, `null` removes a member, anything else (arrays included) replaces the target.
 */

/** `target` with `patch` applied; neither argument is modified. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === null) delete base[k];
    else base[k] = mergePatch(base[k], v);
  }
  return base;
}
