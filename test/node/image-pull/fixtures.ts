/** Small image-model scenarios shared by the image pull tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../../src/cli/load-scenario.js';
import { runScenario, type RunResult } from '../../../src/scenario/runner.js';
import type { PodRecord } from '../../../src/metrics/pod-lifecycle.js';

const dir = mkdtempSync(join(tmpdir(), 'kubesim-images-'));
let written = 0;

/** Writes `text` as a scenario file and runs it with `sets`. */
export async function run(text: string, sets: string[] = []): Promise<RunResult> {
  const file = join(dir, `case-${++written}.yaml`);
  writeFileSync(file, text);
  return runScenario(await loadScenario(file, { sets }));
}

/** One legacy image `name` of `layers` layers of `layerSize` each (2:1 compression) on registry r.test. */
export function legacyImage(name: string, layers: number, layerSize: string): string {
  const ls = Array.from({ length: layers }, (_, i) => `          - { digest: "sha256:${name.replace(/[^a-z0-9]/g, '')}-${i}", size: ${layerSize}, uncompressedSize: "2 * ${layerSize}" }`);
  return `      - name: ${name}\n        layers:\n${ls.join('\n')}\n`;
}

/** A scenario with registry r.test serving `images`, `kubelet` and `containerd` lines (indented 4) and a pool of `nodes`. */
export function scenario(opts: {
  images: string;
  workload: string;
  nodes?: number;
  registry?: string;
  kubelet?: string;
  containerd?: string;
  pool?: string;
}): string {
  return `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: image-case }
registries:
  - host: r.test
${opts.registry ?? '    bandwidth: 10 Gb/s\n    requestLatency: 10ms\n'}    images:
${opts.images}cluster:
  kubelet:
${opts.kubelet ?? '    registryPullQPS: 0\n'}  containerd:
${opts.containerd ?? '    snapshotter: overlayfs\n'}  nodePools:
    - name: w
      count: ${opts.nodes ?? 1}
      capacity: { cpu: "8", memory: 32Gi, pods: 110 }
${opts.pool ?? '      network: { bandwidth: 100 MB/s }\n'}workload:
${opts.workload}`;
}

/** A createPods op of `count` pods of `image` (on node `nodeName` when given) with extra container fields. */
export function pods(count: number, image: string, extra = '', nodeName?: string, prefix = 'p-'): string {
  return `  - opcode: createPods
    count: ${count}
    podTemplate:
      metadata: { generateName: ${prefix} }
      spec:
${nodeName === undefined ? '' : `        nodeName: ${nodeName}\n`}        containers: [{ name: c, image: ${image}${extra} }]
`;
}

/** Seconds from creation to observed running of each pod whose name starts with `prefix`, in creation order. */
export function startupSeconds(result: RunResult, prefix: string): number[] {
  return result.pods.filter((p: PodRecord) => p.name.startsWith(prefix)).map((p) => ((p.observedRunning ?? NaN) - p.created) / 1e6);
}

/** A summary metric, failing the test when it is missing. */
export function summaryOf(result: RunResult, series: string): { count: number; mean: number; p50: number; p99: number; max: number } {
  const v = result.metrics[series];
  if (typeof v !== 'object') throw new Error(`${series} missing (have: ${Object.keys(result.metrics).filter((k) => k.includes('image')).join(', ')})`);
  return v;
}

/** A counter, 0 when absent. */
export function counterOf(result: RunResult, series: string): number {
  const v = result.metrics[series];
  return typeof v === 'number' ? v : 0;
}

/** Asserts `actual` is within ±`band` (a fraction) of `target`. */
export function within(actual: number, target: number, band: number, what: string): void {
  if (!(Math.abs(actual - target) <= band * target)) throw new Error(`${what}: ${actual} is not within ±${band * 100} % of ${target}`);
}
