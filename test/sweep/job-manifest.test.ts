import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { parseAllDocuments } from 'yaml';
import { emitJobCommand } from '../../src/cli/sweep-command.js';
import { writeScenario } from '../scenario/fixtures.js';
import { kubesim, tinySweep } from './fixtures.js';

type Obj = Record<string, unknown>;
const dns1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

test('--emit-job prints a ConfigMap and an Indexed batch/v1 Job that validate against the Kubernetes schemas', async () => {
  const file = writeScenario(tinySweep, 'capacity.yaml');
  const text = await emitJobCommand(file, { image: 'registry.example/kubesim:0.1', claim: 'sweep-results', shards: 3, workers: 2, sets: ['cluster.apiserver.replicas=2'] });
  const docs = parseAllDocuments(text).map((d) => d.toJS() as Obj);
  assert.equal(docs.length, 2);
  const [cm, job] = docs as [Obj, Obj];

  new ConfigMap(cm as never).validate();
  new Job(job as never).validate();
  assert.equal(cm['apiVersion'], 'v1');
  assert.equal(cm['kind'], 'ConfigMap');
  assert.match(((cm['data'] as Obj)['capacity.yaml'] as string), /^apiVersion: kubesim\.io\/v1alpha1\n/);

  assert.equal(job['apiVersion'], 'batch/v1');
  assert.equal(job['kind'], 'Job');
  const meta = job['metadata'] as Obj;
  assert.match(meta['name'] as string, dns1123);
  assert.ok((meta['name'] as string).length <= 63);
  const spec = job['spec'] as Obj;
  assert.equal(spec['completionMode'], 'Indexed');
  assert.equal(spec['completions'], 3);
  assert.equal(spec['parallelism'], 3);
  const pod = (spec['template'] as Obj)['spec'] as Obj;
  assert.ok(['Never', 'OnFailure'].includes(pod['restartPolicy'] as string), 'a Job pod must not restart Always');
  const containers = pod['containers'] as Obj[];
  assert.equal(containers.length, 1);
  const c = containers[0] as Obj;
  assert.equal(c['image'], 'registry.example/kubesim:0.1');
  assert.deepEqual(c['command'], ['kubesim']);
  assert.deepEqual(c['args'], [
    'sweep', '/scenario/capacity.yaml', '--shard', '$(JOB_COMPLETION_INDEX)/3', '--out', '/results/tiny', '--workers', '2', '--set', 'cluster.apiserver.replicas=2',
  ]);
  // $(JOB_COMPLETION_INDEX) in args is expanded by the kubelet from the container's env
  const env = c['env'] as Obj[];
  assert.deepEqual(env.find((e) => e['name'] === 'JOB_COMPLETION_INDEX')?.['valueFrom'], { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } });
  assert.deepEqual((c['resources'] as Obj)['requests'], { cpu: '2', memory: '2Gi' });
  // every mount names a volume; the results volume is the user's claim, the scenario volume the ConfigMap
  const volumes = pod['volumes'] as Obj[];
  for (const m of c['volumeMounts'] as Obj[]) assert.ok(volumes.some((v) => v['name'] === m['name']), `volume ${String(m['name'])}`);
  assert.deepEqual((c['volumeMounts'] as Obj[]).map((m) => [m['name'], m['mountPath']]), [['results', '/results'], ['scenario', '/scenario']]);
  assert.deepEqual(volumes.find((v) => v['name'] === 'results')?.['persistentVolumeClaim'], { claimName: 'sweep-results' });
  assert.deepEqual(volumes.find((v) => v['name'] === 'scenario')?.['configMap'], { name: (cm['metadata'] as Obj)['name'] });
  // the pods' labels match the Job's (no YAML aliases: plain objects)
  assert.deepEqual(((spec['template'] as Obj)['metadata'] as Obj)['labels'], meta['labels']);
  assert.doesNotMatch(text, /[&*]a\d/);
});

test('--emit-job without --image or --claim is bad input (exit 2)', () => {
  const file = writeScenario(tinySweep);
  const r = kubesim(['sweep', file, '--emit-job', '--claim', 'x']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^--image: --emit-job needs --image/);
  assert.equal(r.stdout, '');
});
