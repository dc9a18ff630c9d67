import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { runCommand } from '../../src/cli/run-command.js';

/** Debian's chromium (installed by .ci/run); the test is skipped with a reason where it is absent. */
const browserPath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const quickstart = fileURLToPath(new URL('../../../scenarios/quickstart.yaml', import.meta.url));
const shots = fileURLToPath(new URL('../../../results/report-e2e/', import.meta.url));

interface ChartCheck {
  title: string;
  points: number;
  xTitle: string;
  yTitle: string;
  inked: boolean;
}

test('the quickstart report renders every chart with data and labelled axes, logs no errors, and stays under 2 MB', { skip: browserPath === undefined ? 'chromium not installed (apt-get install chromium)' : false, timeout: 120_000 }, async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'kubesim-report-')), 'quickstart');
  await runCommand(quickstart, { out, quiet: true });
  const report = join(out, 'report.html');
  assert.ok(statSync(report).size < 2 * 1024 * 1024, `report.html is ${statSync(report).size} bytes`);

  const browser = await chromium.launch({
    executablePath: browserPath as string,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('request', (r) => {
      if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) errors.push(`network request to ${r.url()}`);
    });
    await page.goto(pathToFileURL(report).href);
    await page.waitForFunction(() => Array.isArray((globalThis as unknown as { kubesimCharts?: unknown[] }).kubesimCharts));
    const charts = await page.evaluate(() => {
      // Structural types of what is read from Chart.js and the canvas (the tests compile without DOM types).
      type Canvas = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } };
      type C = {
        options: { plugins: { title: { text: string } }; scales: Record<string, { title: { text: string; display: boolean } }> };
        data: { datasets: unknown[] };
        getDatasetMeta(i: number): { data: unknown[] };
        canvas: Canvas;
      };
      const list = (globalThis as unknown as { kubesimCharts: C[] }).kubesimCharts;
      return list.map((c) => {
        let points = 0;
        c.data.datasets.forEach((_d, i) => (points += c.getDatasetMeta(i).data.length));
        const ctx = c.canvas.getContext('2d');
        const px = ctx.getImageData(0, 0, c.canvas.width, c.canvas.height).data;
        let inked = false;
        for (let i = 3; i < px.length; i += 4) if ((px[i] ?? 0) > 0) { inked = true; break; }
        const scales = c.options.scales;
        return {
          title: c.options.plugins.title.text,
          points,
          xTitle: scales['x']?.title.display === true ? scales['x'].title.text : '',
          yTitle: scales['y']?.title.display === true ? scales['y'].title.text : '',
          inked,
        };
      });
    }) as ChartCheck[];
    assert.ok(charts.length >= 6, `only ${charts.length} charts`);
    for (const c of charts) {
      assert.ok(c.points > 0, `chart "${c.title}" has no points`);
      assert.ok(c.xTitle !== '' && c.yTitle !== '', `chart "${c.title}" has unlabelled axes`);
      assert.ok(c.inked, `chart "${c.title}" drew nothing`);
    }
    const titles = await page.locator('h2').allTextContents();
    for (const t of ['Summary', 'Pods over time', 'Pod startup latency', 'API request latency', 'Scheduler']) assert.ok(titles.includes(t), `section ${t} missing`);
    assert.deepEqual(errors, []);
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'quickstart.png'), fullPage: true });
    writeFileSync(join(shots, 'charts.json'), `${JSON.stringify(charts, null, 2)}\n`);
  } finally {
    await browser.close();
  }
});
