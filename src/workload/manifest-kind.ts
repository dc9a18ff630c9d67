/** What a modelled manifest kind provides: its apiVersion and kind, and how a document of it compiles. */
import type { NewObject } from '../api/object-store.js';
import type { Kind } from '../api/objects.js';
import type { CompileContext } from '../scenario/compile-context.js';
import type { FieldPath } from '../scenario/input-error.js';

/** A manifest object ready to create, or a kind that is not modelled. */
export type CompiledManifest = { readonly object: NewObject<Kind>; readonly namespaced: boolean } | { readonly ignored: string };

/** One modelled kind: `compile` checks a document (at `path`) and returns the object, or undefined after recording problems. */
export interface ManifestKind {
  readonly apiVersion: string;
  readonly kind: string;
  compile(ctx: CompileContext, path: FieldPath, raw: Readonly<Record<string, unknown>>, namespace: string): CompiledManifest | undefined;
}
