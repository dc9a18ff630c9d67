/**
 * Stopping a pod's containers (kuberuntime_container.go killContainersWithSyncResult and
 * killContainer): each running app container, in parallel, runs its preStop hook (cut at the
 * grace period), then gets SIGTERM and is SIGKILLed when the rest of the grace period — at least
 * 2 s (minimumGracePeriodInSeconds), unless an eviction overrides the grace period (a hard
 * eviction's 0 kills at once, without preStop) — runs out; its application exits on SIGTERM after its
 * modelled shutdown time, with exit code 0 (or 137 when killed). Sidecars are stopped after the
 * app containers, in reverse order, with what remains of the grace period (KEP-753).
 */
import type { Micros } from '../../engine/simulation.js';
import type { ContainerRecord } from './container-record.js';
import type { PodWorker } from './pod-worker.js';

/** The kubelet's floor on the SIGTERM-to-SIGKILL time after a preStop hook (2 s). */
export const minimumGracePeriod: Micros = 2_000_000;

/** Stops every container of `w` within `grace` µs (`override`: an eviction's grace period override); `done` runs when all have stopped. */
export function killPod(w: PodWorker, grace: Micros, override: boolean, done: () => void): void {
  const sim = w.host.sim;
  const begin = sim.now;
  w.cancelPending();
  for (const r of w.containers) {
    r.start?.cancel();
    if (!r.running) {
      for (const h of r.timers) sim.cancel(h);
      r.timers.length = 0;
    }
  }
  const apps = w.apps.filter((r) => r.running);
  const sidecars = w.init.filter((r) => r.running).reverse();
  let left = apps.length;
  const afterApps = (): void => {
    const next = sidecars.shift();
    if (next === undefined) return done();
    const remaining = Math.max(0, grace - (sim.now - begin));
    killContainer(w, next, remaining, override, afterApps);
  };
  if (left === 0) return afterApps();
  for (const r of apps) {
    killContainer(w, r, grace, override, () => {
      if (--left === 0) afterApps();
    });
  }
}

/** Stops one running container within `grace` µs (exactly `grace` when `override`). */
export function killContainer(w: PodWorker, r: ContainerRecord, grace: Micros, override: boolean, done: () => void): void {
  const sim = w.host.sim;
  r.stopping = true;
  w.stopProbes(r);
  for (const h of r.timers) sim.cancel(h);
  r.timers.length = 0;
  r.generation++;
  const preStop = grace > 0 ? Math.min(r.spec.preStop?.duration ?? 0, grace) : 0;
  const termGrace = override ? Math.max(0, grace - preStop) : Math.max(grace - preStop, minimumGracePeriod);
  const shutdown = r.spec.behavior?.shutdownAfter ?? 0;
  const killed = shutdown > termGrace;
  w.host.after(preStop + Math.min(shutdown, termGrace), () => {
    const now = sim.now;
    r.deadBytes = w.host.ephemeralUsage(r, now);
    r.state = { state: 'terminated', exitCode: killed ? 137 : 0, reason: killed ? 'Error' : 'Completed', ...(r.startedAt === undefined ? {} : { startedAt: r.startedAt }), finishedAt: now };
    done();
  });
}
