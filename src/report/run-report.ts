/** The report of one run: the sections that apply to what it modelled, in a fixed order. */
import { renderPage, type PageSection } from './html-page.js';
import type { RunData } from './run-data.js';
import type { ReportSection } from './section.js';
import { controlPlane } from './sections/control-plane.js';
import { draGpuSharing } from './sections/dra-gpu-sharing.js';
import { evictionsSection } from './sections/evictions.js';
import { imagePulls } from './sections/image-pulls.js';
import { apiLatency } from './sections/latency-over-time.js';
import { podStartup } from './sections/pod-startup.js';
import { podsOverTime } from './sections/pods-over-time.js';
import { schedulerSection } from './sections/scheduler.js';
import { summaryTable } from './sections/summary-table.js';

/** Sections of a single-run report, in page order; later model work appends its own. */
export const runSections: readonly ReportSection[] = [summaryTable, podsOverTime, podStartup, imagePulls, evictionsSection, apiLatency, controlPlane, schedulerSection, draGpuSharing];

/** report.html for one run. */
export function renderRunReport(run: RunData): string {
  const sections: PageSection[] = [];
  for (const s of runSections) {
    const content = s.render(run);
    if (content !== undefined) sections.push({ id: s.id, title: s.title, content });
  }
  const sum = run.summary;
  return renderPage(`kubesim — ${sum.scenario}`, `seed ${String(sum.seed)}, ${sum.simSeconds} s of virtual time, ${sum.events} events`, sections);
}
