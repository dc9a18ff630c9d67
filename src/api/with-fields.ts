/**
 * Copying an object with some fields set, without giving every copy its own hidden class.
 *
 * On Node.js 20 (V8 11.3) an object literal that spreads an object and then adds a field the
 * source does not have (`{ ...metadata, uid }`) gets a fresh hidden class (map and descriptor
 * array, about 250 bytes) per object once the site's feedback is allocated, and property reads on
 * such objects stop being monomorphic. Object.assign onto an empty object walks the shared
 * transition tree instead. Overriding fields the source already has (`{ ...pod, status }`) is not
 * affected and may keep the spread.
 */

/** A shallow copy of `base` with `fields` set (added after base's own fields, as `{ ...base, ...fields }` orders them). */
export function withFields<T extends object, F extends object>(base: T, fields: F): Omit<T, keyof F> & F {
  return Object.assign({}, base, fields) as Omit<T, keyof F> & F;
}
