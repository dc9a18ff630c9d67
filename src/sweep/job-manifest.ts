/**
 * `kubesim sweep FILE --emit-job`: a ConfigMap holding the scenario and an Indexed `batch/v1` Job
 * whose pod `i` runs `kubesim sweep /scenario/FILE --shard $(JOB_COMPLETION_INDEX)/N` and writes
 * its part under `/results/<scenario>/part-i-of-N` on the user's PersistentVolumeClaim; `kubesim
 * merge` then combines the parts. The image must have `kubesim` on its PATH (see the README).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { stringify } from 'yaml';
import type { Sweep } from './load-sweep.js';

/** What the Job needs from the user. */
export interface JobOptions {
  /** Container image with `kubesim` on its PATH. */
  readonly image: string;
  /** PersistentVolumeClaim the parts are written to (ReadWriteMany when pods land on several nodes). */
  readonly claim: string;
  /** Completions: the number of shards. */
  readonly shards: number;
  /** Pods running at once (at most `shards`). */
  readonly parallelism: number;
  /** Worker threads per pod (also its CPU request). */
  readonly workers: number;
}

/** Where the claim is mounted in each pod. */
export const resultsMount = '/results';
/** Where the scenario ConfigMap is mounted. */
const scenarioMount = '/scenario';

/** A DNS-1123 name of at most `max` characters. */
function dnsName(text: string, max: number): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').slice(0, max).replace(/^-+|-+$/g, '');
}

/** The ConfigMap and Job of a distributed sweep, as one multi-document YAML text. */
export function renderJobManifest(sweep: Sweep, options: JobOptions): string {
  const file = basename(sweep.file);
  // An Indexed Job's pod hostnames are `<job>-<index>`: keep the name well under 63 characters.
  const jobName = dnsName(`kubesim-sweep-${sweep.name}`, 50);
  const configMapName = dnsName(`${jobName}-scenario`, 63);
  const labels = { 'app.kubernetes.io/name': 'kubesim', 'kubesim.io/sweep': sweep.identity };
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: configMapName, labels },
    data: { [file]: readFileSync(sweep.file, 'utf8') },
  };
  const args = [
    'sweep', `${scenarioMount}/${file}`,
    '--shard', `$(JOB_COMPLETION_INDEX)/${options.shards}`,
    '--out', `${resultsMount}/${sweep.name}`,
    '--workers', String(options.workers),
    ...sweep.sets.flatMap((s) => ['--set', s]),
  ];
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: jobName, labels },
    spec: {
      completionMode: 'Indexed',
      completions: options.shards,
      parallelism: Math.min(options.parallelism, options.shards),
      backoffLimit: 3 * options.shards,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'OnFailure',
          containers: [{
            name: 'kubesim',
            image: options.image,
            command: ['kubesim'],
            args,
            env: [{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }],
            resources: { requests: { cpu: String(options.workers), memory: `${options.workers}Gi` } },
            volumeMounts: [
              { name: 'results', mountPath: resultsMount },
              { name: 'scenario', mountPath: scenarioMount, readOnly: true },
            ],
          }],
          volumes: [
            { name: 'results', persistentVolumeClaim: { claimName: options.claim } },
            { name: 'scenario', configMap: { name: configMapName } },
          ],
        },
      },
    },
  };
  const header = `# kubesim sweep of ${sweep.name} (${sweep.runs.length} runs, identity ${sweep.identity}) as an Indexed Job of ${options.shards} shards.\n` +
    `# Parts land in ${options.claim}:${sweep.name}/part-<i>-of-${options.shards}; combine them with\n` +
    `#   kubesim merge <copy of ${sweep.name}/> --out results/sweeps/${sweep.name}\n`;
  return `${header}${stringify(configMap, { lineWidth: 0, aliasDuplicateObjects: false })}---\n${stringify(job, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
