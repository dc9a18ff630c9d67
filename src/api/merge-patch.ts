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

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A merge patch that turns `from` into `to` (members `to` lacks become null), so mergePatch(from, mergePatchFor(from, to)) equals `to`. */
export function mergePatchFor(from: unknown, to: unknown): unknown {
  if (!isObject(from) || !isObject(to)) return to;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(from)) if (!(k in to) || to[k] === undefined) out[k] = null;
  for (const [k, v] of Object.entries(to)) {
    if (v === undefined) continue;
    out[k] = isObject(from[k]) && isObject(v) ? mergePatchFor(from[k], v) : v;
  }
  return out;
}
