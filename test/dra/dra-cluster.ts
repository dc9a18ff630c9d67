/** Runs a DRA scenario text on a cluster the test can keep driving (delete pods, inspect the store and the scheduler). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { spawn } from '../../src/engine/process.js';
import { RandomStreams } from '../../src/engine/rng.js';
import { Simulation } from '../../src/engine/simulation.js';
import { PodLifecycleTracker } from '../../src/metrics/pod-lifecycle.js';
import { MetricsSink } from '../../src/metrics/sink.js';
import { ClusterRuntime } from '../../src/scenario/cluster-runtime.js';
import { RunContext } from '../../src/scenario/run-context.js';

/** A cluster after its workload ran. */
export interface DraCluster {
  readonly sim: Simulation;
  readonly cluster: ClusterRuntime;
  readonly metrics: MetricsSink;
  readonly ctx: RunContext;
  /** Deletes pod `default/name` through the API and lets `seconds` of virtual time pass. */
  deletePod(name: string, seconds?: number): void;
}

/** Compiles `text` (a scenario) and runs its workload to the end. */
export async function runDraCluster(text: string): Promise<DraCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-dra-cluster-'));
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, text);
  const spec = await loadScenario(file);
  const sim = new Simulation();
  const metrics = new MetricsSink(sim);
  const cluster = new ClusterRuntime(sim, metrics, new RandomStreams(spec.seed), spec.cluster);
  const ctx = new RunContext(sim, cluster, metrics, new PodLifecycleTracker(sim, cluster.store, metrics), cluster.client('kubesim-workload'));
  let done = false;
  spawn(sim, function* () {
    for (const op of spec.workload) yield* op.run(ctx);
    done = true;
    sim.stop();
  });
  sim.run({ until: 3600e6 });
  if (!done) throw new Error(`workload did not finish: ${ctx.warnings.join('; ')}`);
  const client = cluster.client('test');
  return {
    sim, cluster, metrics, ctx,
    deletePod(name, seconds = 30) {
      client.send({ verb: 'DELETE', kind: 'Pod', namespace: 'default', name, user: 'admin', groups: ['system:masters'] }, () => undefined);
      sim.run({ until: sim.now + seconds * 1e6 });
    },
  };
}

/** A scenario of one node pool `g`, `nodes` nodes with `devices`, the inline DRA `objects` and `pods` pods claiming template `template`. */
export function draScenario(devices: string, objects: string, template: string, pods: number, extra = ''): string {
  return `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: dra-cluster }
cluster:
  kubelet: { startLatency: { constant: 1s } }
  nodePools:
    - { name: g, count: 0, capacity: { cpu: "64", memory: 256Gi, pods: 110 } }
workload:
  - opcode: createNodes
    pool: g
    count: 1
    devices: ${devices}
  - opcode: apply
    objects:
${objects}
  - opcode: createPods
    count: ${pods}
    podTemplate:
      metadata: { generateName: p- }
      spec:
        resourceClaims: [{ name: gpu, resourceClaimTemplateName: ${template} }]
        containers: [{ name: c, image: pause }]
  - opcode: sleep
    duration: 60s
${extra}`;
}

/** Inline manifests of a DeviceClass `name` with one CEL expression and a template `name` asking for one device of it (plus `exactly` fields). */
export function classAndTemplate(name: string, expression: string, exactly = ''): string {
  return `      - apiVersion: resource.k8s.io/v1
        kind: DeviceClass
        metadata: { name: ${name} }
        spec: { selectors: [{ cel: { expression: '${expression}' } }] }
      - apiVersion: resource.k8s.io/v1
        kind: ResourceClaimTemplate
        metadata: { name: ${name} }
        spec: { spec: { devices: { requests: [{ name: gpu, exactly: { deviceClassName: ${name}${exactly} } }] } } }`;
}
