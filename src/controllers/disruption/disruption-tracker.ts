/**
 * What drains cost the PodDisruptionBudgets' workloads, measured from the controller manager's
 * informers (no watch of its own): while at least one drain runs (begin/end), for each budget the
 * fewest healthy pods — Ready, not being deleted, matched by its selector — against the most
 * desiredHealthy its status asked for, and the seconds spent below it.
 *
 * Metrics, labelled `poddisruptionbudget="<namespace>/<name>"`: `kubesim_pdb_min_healthy_pods`,
 * `kubesim_pdb_desired_healthy_pods`, `kubesim_pdb_expected_pods`,
 * `kubesim_pdb_below_desired_seconds`.
 */
import { matchesLabelSelector } from '../../api/label-selector.js';
import { objectKey, type Pod } from '../../api/objects.js';
import type { PodDisruptionBudget } from '../../api/policy.js';
import type { Micros, Simulation } from '../../engine/simulation.js';
import type { MetricsSink } from '../../metrics/sink.js';
import type { Informer, SharedInformerFactory } from '../informer.js';
import { isPodActive, isPodReady } from '../pod-readiness.js';

interface Budget {
  pdb: PodDisruptionBudget;
  healthy: Set<string>;
  min: number;
  desired: number;
  below: number;
  since: Micros;
}

/** Records each budget's lowest healthy count while drains run. */
export class DisruptionTracker {
  private readonly budgets = new Map<string, Budget>();
  private readonly pods: Informer<'Pod'>;
  private drains = 0;

  constructor(private readonly sim: Simulation, informers: SharedInformerFactory, private readonly metrics: MetricsSink) {
    this.pods = informers.informerFor('Pod');
    informers.informerFor('PodDisruptionBudget').addEventHandler({
      onAdd: (pdb) => this.budget(pdb),
      onUpdate: (_old, pdb) => this.budget(pdb),
      onDelete: (pdb) => this.budgets.delete(objectKey(pdb.metadata)),
    });
    this.pods.addEventHandler({ onAdd: (p) => this.pod(p, false), onUpdate: (_o, p) => this.pod(p, false), onDelete: (p) => this.pod(p, true) });
  }

  /** A drain starts: the lowest counts start from the current ones. */
  begin(): void {
    if (this.drains++ > 0) return;
    for (const b of this.budgets.values()) {
      b.since = this.sim.now;
      b.min = Math.min(b.min, b.healthy.size);
      b.desired = Math.max(b.desired, b.pdb.status.desiredHealthy);
      this.publish(b);
    }
  }

  /** A drain ends. */
  end(): void {
    if (--this.drains > 0) return;
    for (const b of this.budgets.values()) this.account(b);
  }

  private budget(pdb: PodDisruptionBudget): void {
    const key = objectKey(pdb.metadata);
    let b = this.budgets.get(key);
    if (b === undefined) {
      b = { pdb, healthy: new Set(), min: Infinity, desired: 0, below: 0, since: this.sim.now };
      for (const p of this.pods.list()) if (this.covers(pdb, p) && healthy(p)) b.healthy.add(objectKey(p.metadata));
      this.budgets.set(key, b);
    }
    this.account(b);
    b.pdb = pdb;
    this.observe(b);
  }

  private pod(pod: Pod, deleted: boolean): void {
    const key = objectKey(pod.metadata);
    for (const b of this.budgets.values()) {
      if (!this.covers(b.pdb, pod)) continue;
      this.account(b);
      if (!deleted && healthy(pod)) b.healthy.add(key);
      else b.healthy.delete(key);
      this.observe(b);
    }
  }

  private covers(pdb: PodDisruptionBudget, pod: Pod): boolean {
    return (pdb.metadata.namespace ?? 'default') === (pod.metadata.namespace ?? 'default') && matchesLabelSelector(pdb.spec.selector ?? {}, pod.metadata.labels ?? {});
  }

  /** Adds the time since the last change to the below-desired seconds (while draining). */
  private account(b: Budget): void {
    const now = this.sim.now;
    if (this.drains > 0 && b.healthy.size < b.pdb.status.desiredHealthy && now > b.since) {
      b.below += (now - b.since) / 1e6;
      this.metrics.gauge('kubesim_pdb_below_desired_seconds', this.labels(b)).set(b.below);
    }
    b.since = now;
  }

  private observe(b: Budget): void {
    if (this.drains === 0) return;
    b.min = Math.min(b.min, b.healthy.size);
    b.desired = Math.max(b.desired, b.pdb.status.desiredHealthy);
    this.publish(b);
  }

  private publish(b: Budget): void {
    const labels = this.labels(b);
    this.metrics.gauge('kubesim_pdb_min_healthy_pods', labels).set(b.min);
    this.metrics.gauge('kubesim_pdb_desired_healthy_pods', labels).set(b.desired);
    this.metrics.gauge('kubesim_pdb_expected_pods', labels).set(b.pdb.status.expectedPods);
  }

  private labels(b: Budget): Record<string, string> {
    return { poddisruptionbudget: objectKey(b.pdb.metadata) };
  }
}

/** Ready and neither finished nor being deleted. */
function healthy(pod: Pod): boolean {
  return isPodActive(pod) && isPodReady(pod);
}
