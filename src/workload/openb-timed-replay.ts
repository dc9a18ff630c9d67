/**
 * The timed replay of the openb trace: the trace's nodes register through the API (each with its
 * kubelet), then every pod whose `creation_time` falls in [from, until) is created at
 * (creation_time − from) × timeScale and deleted at (deletion_time − from) × timeScale through the
 * workload's client, so scheduling, binding and pod startup happen in the simulated control plane.
 * Every `sampleEvery` of virtual time the GPU load present (requests of pods created and not yet
 * deleted), allocation and fragmentation (from the scheduler cache's GPUs, against the trace's
 * typical pods) are sampled into gpu-placement.csv.
 */
import { stringify } from 'csv-stringify/sync';
import type { ApiResponse } from '../controlplane/apiserver/request.js';
import { FragmentationMeasure } from '../dra/gpu/fragmentation.js';
import { GpuMilli } from '../dra/gpu/node-gpus.js';
import { typicalPodsOf } from '../dra/gpu/typical-pods.js';
import { Signal, spawn, type Wait } from '../engine/process.js';
import type { Micros } from '../engine/simulation.js';
import type { RunContext } from '../scenario/run-context.js';
import { workloadGroups, workloadUser } from '../scenario/ops/create-pods.js';
import { traceGpuRequest, traceNodeObject, tracePodObject, tracePodShape } from './openb-objects.js';
import type { TraceNode, TracePod } from './openb-trace.js';

/** Options of a timed replay. */
export interface TimedReplayOptions {
  readonly nodes: readonly TraceNode[];
  readonly pods: readonly TracePod[];
  readonly schedulerName: string;
  readonly namespace: string;
  /** Virtual seconds per trace second. */
  readonly timeScale: number;
  readonly from: number;
  readonly until: number;
  readonly sampleEvery: Micros;
  /** The op's index, for warnings. */
  readonly index: number;
}

interface TraceEvent {
  readonly at: Micros;
  readonly create: boolean;
  readonly pod: TracePod;
  readonly name: string;
}

/** The create and delete events of the pods in the window, in time order (creates first at equal times). */
function traceEvents(o: TimedReplayOptions): TraceEvent[] {
  const events: TraceEvent[] = [];
  o.pods.forEach((p, i) => {
    const c = p.creationTime;
    if (c === undefined || c < o.from || c >= o.until) return;
    const name = `${p.name}-${i}`;
    events.push({ at: Math.round((c - o.from) * o.timeScale * 1e6), create: true, pod: p, name });
    const d = p.deletionTime;
    if (d !== undefined && d > c) events.push({ at: Math.round((d - o.from) * o.timeScale * 1e6), create: false, pod: p, name });
  });
  return events.sort((a, b) => a.at - b.at || Number(b.create) - Number(a.create));
}

/** Runs the timed replay as part of an op's process. */
export function* timedReplay(run: RunContext, o: TimedReplayOptions): Generator<Wait, void, unknown> {
  const registered = new Signal<void>(run.sim);
  let answered = 0;
  for (const n of o.nodes) {
    run.cluster.registerNodeObject(traceNodeObject(n, run.sim.now), (resp) => {
      if (resp.code !== 201) run.warn(`replayTrace workload[${o.index}]: node ${n.name} registration failed with ${resp.code}`);
      if (++answered === o.nodes.length) registered.fire();
    });
  }
  if (o.nodes.length > 0) yield registered;
  const capacity = o.nodes.reduce((s, n) => s + n.gpuCount * GpuMilli, 0);
  const measure = new FragmentationMeasure(typicalPodsOf(o.pods.map(tracePodShape)));
  const events = traceEvents(o);
  const start = run.sim.now;
  let present = 0;
  let finished = false;
  const rows: (number | string)[][] = [];
  const cache = run.cluster.scheduler.cache;
  const sample = (): void => {
    let allocated = 0;
    let frag = 0;
    for (const ni of cache.nodeInfoList) {
      const g = ni.gpus;
      if (g === undefined) continue;
      allocated += g.totalMilliAllocated();
      frag += measure.nodeFragmentation(g.model, ni.allocatable.milliCpu - ni.requested.milliCpu, g.milliFree);
    }
    const pct = (v: number): number => Number(((100 * v) / Math.max(1, capacity)).toFixed(4));
    rows.push([((run.sim.now - start) / 1e6).toFixed(3), pct(present), pct(allocated), pct(frag)]);
  };
  spawn(run.sim, function* () {
    while (!finished) {
      sample();
      yield o.sampleEvery;
    }
  });
  const allAnswered = new Signal<void>(run.sim);
  let sent = 0;
  let done = 0;
  let failed = 0;
  const onResponse = (resp: ApiResponse): void => {
    if (resp.code >= 300 && resp.code !== 404 && failed++ === 0) run.warn(`replayTrace workload[${o.index}]: a request failed with ${resp.code}: ${resp.message ?? ''}`);
    if (resp.code === 201) run.podsCreated++;
    if (++done === events.length) allAnswered.fire();
  };
  for (const e of events) {
    const due = start + e.at;
    if (due > run.sim.now) yield due - run.sim.now;
    sent++;
    if (e.create) {
      present += traceGpuRequest(e.pod);
      const body = tracePodObject(e.pod, e.name, o.namespace, o.schedulerName);
      run.workloadClient.send({ verb: 'POST', kind: 'Pod', namespace: o.namespace, body, user: workloadUser, groups: workloadGroups }, onResponse);
    } else {
      present -= traceGpuRequest(e.pod);
      run.workloadClient.send({ verb: 'DELETE', kind: 'Pod', namespace: o.namespace, name: e.name, user: workloadUser, groups: workloadGroups }, onResponse);
    }
  }
  if (sent > 0 && done < events.length) yield allAnswered;
  sample();
  finished = true;
  run.outputFiles.set('gpu-placement.csv', stringify(rows, { header: true, columns: ['time_s', 'gpu_load_pct', 'gpu_allocation_pct', 'gpu_fragmentation_pct'] }));
  run.metrics.gauge('gpu_trace_pods_arrived').set(events.filter((e) => e.create).length);
}
