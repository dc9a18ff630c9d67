import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunData } from '../../src/report/run-data.js';
import { imagePulls } from '../../src/report/sections/image-pulls.js';

const s = (mean: number): { count: number; mean: number; p50: number; p90: number; p99: number; max: number } => ({ count: 1, mean, p50: mean, p90: mean, p99: mean, max: mean });

function runWith(metrics: RunData['summary']['metrics']): RunData {
  return {
    dir: 'r',
    summary: { scenario: 's', seed: 1, params: {}, simSeconds: 1, wallSeconds: 0, events: 0, completed: true, metrics, slos: [], warnings: [] },
    series: new Map(),
    pods: [],
  };
}

test('the image pulls section is left out of runs without the image model', () => {
  assert.equal(imagePulls.render(runWith({ pod_startup_latency_seconds: s(1) })), undefined);
});

test('the image pulls section shows the startup split per mode, the pulls per image, registry bytes and the SLI verdict', () => {
  const section = imagePulls.render(runWith({
    'kubesim_container_startup_phase_seconds{mode="legacy",phase="pull"}': s(31.07),
    'kubesim_container_startup_phase_seconds{mode="legacy",phase="unpack"}': s(5.01),
    'kubesim_container_startup_phase_seconds{mode="legacy",phase="create"}': s(0.3),
    'kubesim_container_startup_phase_seconds{mode="legacy",phase="run"}': s(0.2),
    'kubelet_image_pull_duration_seconds{image="ghcr.io/x:1",mode="legacy"}': s(36.08),
    'kubesim_registry_bytes_transferred_total{registry="ghcr.io"}': 337.53e6,
    kubelet_pod_start_sli_duration_seconds: s(1.2),
  }));
  assert.ok(section?.html !== undefined);
  assert.match(section.html, /<th>legacy<\/th><td>31\.07<\/td><td>5\.01<\/td><td>0\.30<\/td><td>0\.20<\/td><td>36\.58<\/td>/);
  assert.match(section.html, /<th>ghcr\.io\/x:1<\/th><td>legacy<\/td><td>1<\/td><td>36\.08<\/td>/);
  assert.match(section.html, /<th>ghcr\.io<\/th><td>0\.338<\/td>/);
  assert.match(section.html, /p99 1\.200 s — under the 5 s SLO/);
});
