/** Per-attempt plugin state (upstream CycleState): data a plugin computes in PreFilter/PreScore and reads later in the same cycle. */

/** Key/value store for one scheduling attempt, plus the plugins to skip at Filter and Score. */
export class CycleState {
  private readonly data = new Map<string, unknown>();
  /** Plugins whose PreFilter returned Skip: their Filter is not run. */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not run. */
  readonly skipScorePlugins = new Set<string>();

  /** Stores `value` under `key`. */
  write(key: string, value: unknown): void {
    this.data.set(key, value);
  }

  /** The value under `key`, if any. */
  read<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  /** A copy for preemption's what-if evaluation: values with a `clone()` method are cloned (as upstream StateData), others shared. */
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) {
      const cloneable = v as { clone?: () => unknown } | null;
      c.data.set(k, cloneable !== null && typeof cloneable === 'object' && typeof cloneable.clone === 'function' ? cloneable.clone() : v);
    }
    for (const p of this.skipFilterPlugins) c.skipFilterPlugins.add(p);
    for (const p of this.skipScorePlugins) c.skipScorePlugins.add(p);
    return c;
  }
}
