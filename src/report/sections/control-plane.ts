/** The control plane section: API traffic by response code, apiserver CPU, admission (APF or max-inflight) and etcd, each part present when the run sampled it. */
import type { ReportSection } from '../section.js';
import { apfCharts } from './api-priority-and-fairness.js';
import { apiRequestRateCharts } from './api-request-rates.js';
import { apiserverCpuCharts } from './apiserver-cpu.js';
import { etcdCharts } from './etcd.js';
import { inflightCharts } from './inflight-requests.js';

/** The control plane section; absent when the run sampled none of it. */
export const controlPlane: ReportSection = {
  id: 'control-plane',
  title: 'Control plane',
  render(run) {
    const charts = [...apiRequestRateCharts(run), ...apiserverCpuCharts(run), ...inflightCharts(run), ...apfCharts(run), ...etcdCharts(run)];
    return charts.length === 0 ? undefined : { charts };
  },
};
