/**
 * Whether a field path names a field the scenario schema has, by walking the JSON Schema
 * (`properties`, `additionalProperties`, `items`, `oneOf`/`anyOf`) rather than a document, so a
 * sweep or plan may vary a field the file leaves at its default.
 */
import type { FieldPath } from './input-error.js';

type Schema = Readonly<Record<string, unknown>>;

function isSchema(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function types(s: Schema): readonly string[] {
  const t = s['type'];
  return typeof t === 'string' ? [t] : Array.isArray(t) ? (t as string[]) : [];
}

/**
 * The length of the longest prefix of `path` that `schema` allows (path.length when all of it
 * is allowed). A schema without constraints (`{}`) allows anything below it.
 */
export function allowedPrefix(schema: unknown, path: FieldPath): number {
  if (path.length === 0 || !isSchema(schema)) return 0;
  const branches = [...((schema['oneOf'] as unknown[] | undefined) ?? []), ...((schema['anyOf'] as unknown[] | undefined) ?? [])];
  if (branches.length > 0) return Math.max(...branches.map((b) => allowedPrefix(b, path)));
  const [head, ...rest] = path;
  const t = types(schema);
  const constrained = t.length > 0 || 'properties' in schema || 'items' in schema || 'const' in schema || 'enum' in schema;
  if (!constrained) return path.length;
  if (typeof head === 'number') {
    if (!t.includes('array') || !('items' in schema)) return 0;
    return 1 + allowedPrefix(schema['items'], rest);
  }
  if (!t.includes('object') && !('properties' in schema)) return 0;
  const props = schema['properties'];
  if (isSchema(props) && head !== undefined && Object.hasOwn(props, head)) return rest.length === 0 ? 1 : 1 + allowedPrefix(props[head], rest);
  const extra = schema['additionalProperties'];
  if (extra === false) return 0;
  if (extra === undefined || extra === true) return path.length;
  return rest.length === 0 ? 1 : 1 + allowedPrefix(extra, rest);
}
