/**
 * API traffic over time: requests answered per second by response code class (the sampled
 * `apiserver_request_total` counters summed over verbs and resources), 429s on their own line,
 * and the clients' retries per second.
 */
import { thinPoints, type ChartSpec } from '../chart-spec.js';
import { ratePerSecond, sumSeriesBy } from '../derived-series.js';
import type { RunData, Series } from '../run-data.js';
import { labelText, seriesOf } from '../section.js';

/** `429`, else the class of the code (`2xx`, `4xx`, `5xx`). */
function codeClass(s: Series): string | undefined {
  const code = s.labels['code'];
  if (code === undefined || code === '') return undefined;
  return code === '429' ? '429' : `${code.charAt(0)}xx`;
}

const classLabels: Readonly<Record<string, string>> = { '429': '429 Too Many Requests', '4xx': '4xx other than 429' };

/** The API request rate charts, or none when the run answered no API request. */
export function apiRequestRateCharts(run: RunData): ChartSpec[] {
  const totals = seriesOf(run, 'apiserver_request_total');
  if (totals.length === 0) return [];
  const groups = [...sumSeriesBy(run, totals, () => 'all'), ...sumSeriesBy(run, totals, codeClass)];
  const charts: ChartSpec[] = [
    {
      title: 'API requests answered per second by response code (apiserver_request_total)',
      xLabel: 'virtual time (s)',
      yLabel: 'requests per second',
      datasets: groups.map(([k, p]) => ({ label: classLabels[k] ?? k, data: thinPoints(...ratePerSecond(p.t, p.v)) })),
    },
  ];
  const retries = seriesOf(run, 'rest_client_request_retries_total');
  if (retries.length > 0) {
    charts.push({
      title: 'Client retries per second by client and response code (rest_client_request_retries_total)',
      xLabel: 'virtual time (s)',
      yLabel: 'retries per second',
      datasets: [...sumSeriesBy(run, retries, (s) => labelText(s))].map(([k, p]) => ({ label: k, data: thinPoints(...ratePerSecond(p.t, p.v)) })),
    });
  }
  return charts;
}
