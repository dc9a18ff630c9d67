/** A report section: rendered only when the run has the data it shows. */
import type { ChartSpec } from './chart-spec.js';
import type { RunData, Series } from './run-data.js';

/** What a section contributes: optional HTML (already escaped) and charts. */
export interface SectionContent {
  readonly html?: string;
  readonly charts: readonly ChartSpec[];
}

/** A section of the single-run report. */
export interface ReportSection {
  readonly id: string;
  readonly title: string;
  /** The section's content, or undefined when the run did not model what it shows. */
  render(run: RunData): SectionContent | undefined;
}

/** The sampled series of metric `name`, optionally filtered by label values, in file order. */
export function seriesOf(run: RunData, name: string, where: Readonly<Record<string, string>> = {}): Series[] {
  const out: Series[] = [];
  for (const s of run.series.values()) {
    if (s.name !== name) continue;
    if (Object.entries(where).every(([k, v]) => s.labels[k] === v)) out.push(s);
  }
  return out;
}

/** A legend label from a series' labels, leaving out the ones named in `omit`. */
export function labelText(s: Series, omit: readonly string[] = []): string {
  const parts = Object.entries(s.labels)
    .filter(([k, v]) => !omit.includes(k) && v !== '')
    .map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? s.name : parts.join(' ');
}

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
