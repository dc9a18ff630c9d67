/** Plugin factories by name (upstream runtime.Registry); registering a name twice is an error. */
import type { Plugin } from './extension-points.js';
import type { FrameworkHandle } from './handle.js';

/** Thrown by a factory when its args are invalid; `path` is relative to the plugin's `args`. */
export class PluginArgsError extends Error {
  constructor(readonly path: readonly (string | number)[], message: string) {
    super(message);
  }
}

/** Builds a plugin from its (already defaulted) args. */
export type PluginFactory = (args: Readonly<Record<string, unknown>>, handle: FrameworkHandle) => Plugin;

/** An in-tree or user plugin: its name and factory. */
export interface PluginDefinition {
  readonly name: string;
  readonly factory: PluginFactory;
}

/** Name → factory. */
export class Registry {
  private readonly factories = new Map<string, PluginFactory>();

  /** Adds a factory; throws when the name is taken. */
  register(name: string, factory: PluginFactory): void {
    if (this.factories.has(name)) throw new Error(`a plugin named "${name}" is already registered`);
    this.factories.set(name, factory);
  }

  /** The factory for `name`, if registered. */
  get(name: string): PluginFactory | undefined {
    return this.factories.get(name);
  }

  /** Registered names in registration order. */
  names(): string[] {
    return [...this.factories.keys()];
  }
}
