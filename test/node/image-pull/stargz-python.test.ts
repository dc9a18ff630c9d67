import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../../src/cli/load-scenario.js';
import { checkDefaultSlos } from '../../../src/metrics/slo.js';
import { runScenario } from '../../../src/scenario/runner.js';
import { summaryOf, within } from './fixtures.js';

const file = fileURLToPath(new URL('../../../../scenarios/validation/stargz-python.yaml', import.meta.url));
const result = runScenario(await loadScenario(file));

/** ±20 %: the band the scenario promises for numbers read off the benchmark's chart. */
const band = 0.2;

function phase(mode: string, p: string): number {
  return summaryOf(result, `kubesim_container_startup_phase_seconds{mode="${mode}",phase="${p}"}`).mean;
}

test('stargz-python runs every pod without warnings', () => {
  assert.equal(result.completed, true);
  assert.deepEqual(result.warnings, []);
  assert.equal(result.pods.filter((p) => p.observedRunning !== undefined).length, 3);
});

test('legacy python:3.7: pull 31.5 s, create 5.3 s (unpack + create), run 0.2 s within ±20 %', () => {
  within(phase('legacy', 'pull'), 31.5, band, 'legacy pull');
  within(phase('legacy', 'unpack') + phase('legacy', 'create'), 5.3, band, 'legacy create');
  within(phase('legacy', 'run'), 0.2, band, 'legacy run');
});

test('eStargz optimised python:3.7: pull 3.0 s, create 0.8 s, run 0.3 s within ±20 %', () => {
  within(phase('estargz', 'pull'), 3.0, band, 'estargz pull');
  within(phase('estargz', 'unpack') + phase('estargz', 'create'), 0.8, band, 'estargz create');
  within(phase('estargz', 'run'), 0.3, band, 'estargz run');
});

test('eStargz without prefetch python:3.7: ≈ 5.6 s in all within ±20 %, its run paying for on-demand reads', () => {
  const total = ['pull', 'unpack', 'create', 'run'].reduce((a, p) => a + phase('estargz-noopt', p), 0);
  within(total, 5.6, band, 'estargz-noopt total');
  // On-demand reads are slower than local ones (REFERENCE.md): the run phase is several times the optimised one.
  assert.ok(phase('estargz-noopt', 'run') > 4 * phase('estargz', 'run'));
});

test('the legacy pull moves the whole image, the lazy ones a small part of it before the container runs', () => {
  const legacy = summaryOf(result, 'kubesim_pod_startup_image_bytes{mode="legacy"}').max;
  const lazy = summaryOf(result, 'kubesim_pod_startup_image_bytes{mode="estargz"}').max;
  within(legacy, 337.53e6, 0.001, 'legacy bytes');
  assert.ok(lazy < legacy / 10, `eStargz moved ${lazy} bytes before running`);
});

test('a quiet cluster starts pods well under the 5 s SLO once pulls are left out, and the SLO check says so', () => {
  const sli = summaryOf(result, 'kubelet_pod_start_sli_duration_seconds');
  assert.equal(sli.count, 3);
  assert.ok(sli.p99 < 4, `SLI p99 ${sli.p99} s`);
  const slo = checkDefaultSlos(result.metrics).find((s) => s.name === 'pod_startup_latency_p99_seconds');
  assert.deepEqual(slo, { name: 'pod_startup_latency_p99_seconds', value: sli.p99, objective: 5, pass: true });
  // The pods' startup including pulls is far over 5 s; the SLO excludes them.
  assert.ok(summaryOf(result, 'pod_startup_latency_seconds').max > 30);
});
