/** Terminal summary rows of the image model: pulls, the startup split per mode, bytes moved and the SLI excluding pulls. */
import { splitSeriesName } from '../series-name.js';
import type { RunReport } from './run-report.js';

const modes = ['legacy', 'estargz-noopt', 'estargz'] as const;
const phases = ['pull', 'unpack', 'create', 'run'] as const;

function sumOf(r: RunReport, name: string, label?: RegExp): number | undefined {
  let total: number | undefined;
  for (const [series, v] of Object.entries(r.metrics)) {
    if (typeof v !== 'number' || splitSeriesName(series).name !== name) continue;
    if (label !== undefined && !label.test(series)) continue;
    total = (total ?? 0) + v;
  }
  return total;
}

/** Rows shown when the run modelled image pulls (none otherwise). */
export function imagePullRows(r: RunReport): [string, string][] {
  const pulled = sumOf(r, 'kubesim_image_pulls_total');
  if (pulled === undefined) return [];
  const rows: [string, string][] = [];
  const by = (result: string): number => sumOf(r, 'kubesim_image_pulls_total', new RegExp(`result="${result}"`)) ?? 0;
  rows.push(['image pulls pulled / present / QPS-limited / never-pull', `${by('pulled')} / ${by('present')} / ${by('PullQPSExceeded')} / ${by('ErrImageNeverPull')}`]);
  for (const mode of modes) {
    const means = phases.map((phase) => r.metrics[`kubesim_container_startup_phase_seconds{mode="${mode}",phase="${phase}"}`]);
    if (means.every((m) => typeof m !== 'object' || m.count === 0)) continue;
    rows.push([`${mode} pull / unpack / create / run mean (s)`, means.map((m) => (typeof m === 'object' ? m.mean.toFixed(2) : 'n/a')).join(' / ')]);
  }
  const registryBytes = sumOf(r, 'kubesim_registry_bytes_transferred_total') ?? 0;
  rows.push(['bytes from registries (GB)', (registryBytes / 1e9).toFixed(3)]);
  const gc = sumOf(r, 'kubelet_image_garbage_collected_total');
  if (gc !== undefined) rows.push(['images garbage collected', String(gc)]);
  const sli = r.metrics['kubelet_pod_start_sli_duration_seconds'];
  if (typeof sli === 'object' && sli.count > 0) {
    rows.push(['pod startup excl. image pulls p50 / p99 (s)', `${sli.p50.toFixed(3)} / ${sli.p99.toFixed(3)} (${sli.p99 <= 5 ? 'under' : 'OVER'} the 5 s SLO)`]);
  }
  return rows;
}
