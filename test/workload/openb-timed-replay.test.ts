import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { loadScenario } from '../../src/cli/load-scenario.js';
import { runScenario } from '../../src/scenario/runner.js';

test('timed replay: trace nodes register with kubelets, pods are created and deleted at their trace times and placed by model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-openb-timed-'));
  writeFileSync(join(dir, 'nodes.csv'), 'sn,cpu_milli,memory_mib,gpu,model\nt4,32000,65536,2,T4\nv100,32000,65536,1,V100M16\n');
  writeFileSync(join(dir, 'pods.csv'), [
    'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time',
    'share,1000,1024,1,500,V100M16,LS,Running,100,400,100',
    'whole,1000,1024,2,1000,,LS,Running,110,300,110',
    'cpu,2000,2048,0,0,,BE,Running,120,,120',
    'early,1000,1024,1,1000,,LS,Running,50,60,50',
  ].join('\n'));
  const file = join(dir, 'timed.yaml');
  writeFileSync(file, `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: openb-timed-test }
cluster:
  scheduler:
    profiles:
      - plugins:
          multiPoint:
            enabled: [{ name: Open-Gpu-Share }, { name: FGDScore }]
  nodePools: []
workload:
  - opcode: replayTrace
    mode: timed
    nodes: nodes.csv
    pods: pods.csv
    from: 100
    timeScale: 0.1
    sampleEvery: 1s
`);
  const result = runScenario(await loadScenario(file, {}));
  assert.deepEqual(result.warnings, []);
  assert.equal(result.completed, true);
  // The pod created before the window is not replayed; the others are created 0, 1 and 2 s in.
  const pods = new Map(result.pods.map((p) => [p.name.replace(/-\d+$/, ''), p]));
  assert.deepEqual([...pods.keys()].sort(), ['cpu', 'share', 'whole']);
  assert.equal(pods.get('share')?.node, 'v100', 'the share asks for a V100');
  assert.equal(pods.get('whole')?.node, 't4', 'only t4 has two GPUs');
  assert.ok((pods.get('whole')?.created ?? 0) >= 1e6 && (pods.get('whole')?.created ?? 0) < 1.1e6);
  const rows = parse(result.files['gpu-placement.csv'] ?? '', { columns: true }) as Record<string, string>[];
  assert.ok(rows.length >= 20, `${rows.length} samples over ~30 s`);
  // 2.5 of 3 GPUs asked for while both GPU pods exist; placed once the scheduler has bound them.
  assert.equal(Math.max(...rows.map((r) => Number(r['gpu_load_pct']))), 83.3333);
  assert.equal(Math.max(...rows.map((r) => Number(r['gpu_allocation_pct']))), 83.3333);
  assert.equal(Number(rows.at(-1)?.['gpu_load_pct']), 0, 'both GPU pods deleted by the end');
});
