import { fileURLToPath } from 'node:url';
/**
 * Viewer benchmarks in Debian's Chromium against web mode (the product as users run it):
 * time to first image of the 96-frame JPEG cine, sustained cine rate of the 300-frame 512² demo,
 * and memory with that study open and played once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../tests/e2e/helpers/browser';
import { startServer } from '../tests/e2e/helpers/webServer';
import { apiCaller, poll } from '../tests/helpers/apiClient';
import { tempDir } from '../tests/helpers/tempDir';
import { printFigures, type Figure } from './report';
import type {} from '../renderer/viewer/viewerDebug';

const CINE = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..', 'tests', 'fixtures', 'dicom', 'multiframe', 'dbdicom_XRayAngio_0002_compressed.dcm');

async function openFromWorklist(page: Page, search: string): Promise<number> {
  await page.getByTestId('worklist-search').fill(search);
  const row = page.locator('[data-testid=worklist] tbody tr', { hasText: search }).first();
  await row.waitFor();
  await page.evaluate(() => {
    performance.clearMarks('kestrel:first-image');
    (window as unknown as { benchT0: number }).benchT0 = performance.now();
  });
  await row.dblclick();
  await page.waitForFunction(() => performance.getEntriesByName('kestrel:first-image').length > 0, null, { timeout: 30_000 });
  return page.evaluate(() => (performance.getEntriesByName('kestrel:first-image')[0]?.startTime ?? NaN) - (window as unknown as { benchT0: number }).benchT0);
}

export async function benchViewer(): Promise<Figure[]> {
  const tmp = tempDir('kestrel-bench-viewer-');
  const server = await startServer(tmp.dir, { waitReady: true, timeoutMs: 300_000 });
  const token = new URL(server.url).searchParams.get('token') as string;
  const call = apiCaller(server.origin, token);
  const { importId } = await call<{ importId: number }>('import.paths', { paths: [CINE], options: { deidentify: false, workflow: 'vfss' } });
  await poll(() => call<{ state: string }>('import.get', { importId }), (r) => r.state !== 'running');
  const browser = await launchChromium();
  const figures: Figure[] = [];
  try {
    // 1. Time to first image: double-click in the worklist → first frame on screen; and a cold load.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=worklist] tbody tr');
    const warm: number[] = [];
    for (let i = 0; i < 3; i++) {
      warm.push(await openFromWorklist(page, 'XA'));
      await page.goto(`${server.origin}/#/`);
      await page.waitForSelector('[data-testid=worklist] tbody tr');
    }
    await page.getByTestId('worklist-search').fill('XA');
    const studyId = Number(await page.locator('[data-testid=worklist] tbody tr', { hasText: 'XA' }).first().getAttribute('data-study-id'));
    const cold = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await cold.addCookies([{ name: 'kestrel_session', value: token, url: server.origin }]);
    const coldPage = await cold.newPage();
    await coldPage.goto(`${server.origin}/#/study/${studyId}`);
    await coldPage.waitForFunction(() => performance.getEntriesByName('kestrel:first-image').length > 0, null, { timeout: 30_000 });
    const coldMs = await coldPage.evaluate(() => performance.getEntriesByName('kestrel:first-image')[0]?.startTime ?? NaN);
    await cold.close();
    figures.push({ name: 'first image, 96-frame JPEG cine (open from worklist)', value: Math.min(...warm), unit: 'ms', goal: 1000, kind: 'max', note: `runs: ${warm.map((w) => w.toFixed(0)).join(', ')} ms` });
    figures.push({ name: 'first image, 96-frame JPEG cine (cold page load)', value: coldMs, unit: 'ms', goal: 1000, kind: 'max', note: 'fresh browser context, from navigation start' });

    // 2. Sustained cine rate of the 300-frame demo after its frames are cached.
    await page.goto(`${server.origin}/#/`);
    await page.waitForSelector('[data-testid=worklist] tbody tr');
    await openFromWorklist(page, 'thin liquid');
    await page.waitForFunction(() => window.kestrelViewer?.frameCount() === 300);
    await page.waitForSelector('[data-testid=loading]', { state: 'detached', timeout: 120_000 });
    for (const speed of [1, 2]) {
      await page.getByTestId('speed').selectOption(String(speed));
      await page.evaluate(() => window.kestrelViewer?.play());
      await page.waitForTimeout(10_000);
      const stats = await page.evaluate(() => {
        window.kestrelViewer?.pause();
        return window.kestrelViewer?.cineStats() ?? null;
      });
      if (!stats) throw new Error('no cine statistics');
      const fps = stats.shown / (stats.elapsedMs / 1000);
      const droppedPct = (100 * stats.dropped) / Math.max(1, stats.shown + stats.dropped);
      const demanded = 30 * speed;
      figures.push({ name: `cine rate at ${speed}× (${demanded} fps demanded), 300×512²`, value: fps, unit: 'fps', goal: demanded * 0.99, kind: 'min', note: `${stats.shown} frames in ${(stats.elapsedMs / 1000).toFixed(1)} s` });
      figures.push({ name: `dropped frames at ${speed}×`, value: droppedPct, unit: '%', goal: 1, kind: 'max', note: `${stats.dropped} dropped` });
    }

    // 3. Memory with the 300-frame study open and played once.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
    const cacheBytes = await page.evaluate(() => window.kestrelViewer?.cacheBytes() ?? 0);
    const canvas = await page.locator('[data-testid=viewport] canvas').first().boundingBox();
    // Textures: the current frame as a float texture plus the canvas' colour buffers (double-buffered RGBA).
    const textureEstimate = 512 * 512 * 4 + (canvas ? canvas.width * canvas.height * 4 * 2 : 0);
    const rendererMiB = (heap + cacheBytes + textureEstimate) / 2 ** 20;
    const status = readFileSync(`/proc/${server.process.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    figures.push({ name: 'renderer memory (JS heap + image cache + textures)', value: rendererMiB, unit: 'MiB', goal: 1024, kind: 'max', note: `heap ${(heap / 2 ** 20).toFixed(0)} + cache ${(cacheBytes / 2 ** 20).toFixed(0)} + textures ${(textureEstimate / 2 ** 20).toFixed(1)} MiB` });
    figures.push({ name: 'main process RSS (web-mode server)', value: rssKb / 1024, unit: 'MiB', goal: 300, kind: 'max' });
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
    tmp.cleanup();
  }
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchViewer().then((f) => printFigures('Viewer (Chromium, web mode)', f));
}
