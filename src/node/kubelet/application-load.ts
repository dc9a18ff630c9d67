/**
 * The demand on the applications a workload runs (kubesim's model, not an upstream object): a
 * named load is the CPU, in millicores, that serving it costs in total at a moment, set by the
 * `setLoad` op. Containers whose `behavior.cpu.load` names it share it equally while their pod is
 * Ready, as a Service spreads requests over its ready endpoints.
 */
import type { Micros } from '../../engine/simulation.js';

/** A change of one load: the millicores it needs from `at` on. */
interface LoadStep {
  readonly at: Micros;
  readonly millicores: number;
}

/** The named loads and their history (so a reading at a past time is exact). */
export class ApplicationLoads {
  private readonly steps = new Map<string, LoadStep[]>();

  /** Sets load `name` to `millicores` from `at` on (times must not go back). */
  set(name: string, millicores: number, at: Micros): void {
    let list = this.steps.get(name);
    if (list === undefined) this.steps.set(name, (list = []));
    list.push({ at, millicores });
  }

  /** The millicores load `name` needs at `at` (0 before it is first set). */
  millicoresAt(name: string, at: Micros): number {
    const list = this.steps.get(name);
    if (list === undefined) return 0;
    let v = 0;
    for (const s of list) {
      if (s.at > at) break;
      v = s.millicores;
    }
    return v;
  }
}
