import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTinyModel, tinyCard } from '../helpers/modelFixtures';
import { tempDir } from '../helpers/tempDir';
import { launchChromium, openPage, pixelStats } from './helpers/browser';
import { startServer, type StartedServer } from './helpers/webServer';

/**
 * The AI engine as a user meets it: the Models page with cards and the not-for-clinical-use badge,
 * adding a model (and being refused a wrong one), and running a model on a study with progress and
 * an overlay. A tiny fixed-weight test model stands in for a trained one so this runs in seconds.
 */
describe('AI models and jobs in the browser', () => {
  const tmp = tempDir('kestrel-e2e-ai-');
  let server: StartedServer;
  let browser: Browser;

  beforeAll(async () => {
    installTinyModel(path.join(tmp.dir, 'models'), 'tiny-seg.onnx');
    server = await startServer(path.join(tmp.dir, 'data'), { waitReady: true, env: { KESTREL_MODELS_DIR: path.join(tmp.dir, 'models') } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    tmp.cleanup();
  });

  it('lists models with their cards, adds a model, and refuses a wrong one with its reason', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.getByTestId('models-button').click();
    const row = page.locator('[data-testid=models] tr[data-model-key="tiny-seg@1.0.0"]');
    await expect.poll(() => row.getAttribute('data-status')).toBe('ready');
    expect(await row.innerText()).toContain('NOT FOR CLINICAL USE');
    expect(await page.getByTestId('model-card').innerText()).toMatch(/Not for clinical use[\s\S]*Intended use/i);
    const good = installTinyModel(path.join(tmp.dir, 'to-add'), 'slow-seg.onnx');
    await page.getByTestId('model-files').setInputFiles([good.onnxPath, good.cardPath]);
    await expect.poll(() => page.getByTestId('model-add-result').innerText()).toContain('Added slow-seg@1.0.0');
    await expect.poll(() => page.locator('[data-testid=models] tr[data-model-key="slow-seg@1.0.0"]').innerText()).toMatch(/added by user[\s\S]*ready/);
    const bad = installTinyModel(path.join(tmp.dir, 'bad'), 'tiny-seg.onnx', { ...tinyCard('tiny-seg.onnx'), id: 'wrong', sha256: 'c'.repeat(64) });
    await page.getByTestId('model-files').setInputFiles([bad.onnxPath, bad.cardPath]);
    await expect.poll(() => page.getByTestId('model-add-result').innerText()).toMatch(/not added: .*does not match its card/);
    expect(await page.locator('[data-testid=models] tr[data-model-key="wrong@1.0.0"]').count()).toBe(0);
    // The refused model answers 400, which Chromium logs as a failed resource; nothing else may appear.
    expect(errors.filter((e) => !/Failed to load resource: the server responded with a status of 400/.test(e))).toEqual([]);
    await page.context().close();
  });

  it('runs a model on the VFSS demo with progress, records the provider, and draws the overlay', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await page.waitForSelector('[data-testid=worklist] tbody tr');
    await page.getByTestId('worklist-search').fill('thin liquid');
    await expect.poll(() => page.locator('[data-testid=worklist] tbody tr').count()).toBe(1);
    await page.locator('[data-testid=worklist] tbody tr').first().dblclick();
    const panel = page.locator('[data-testid=ai-panel] [data-model-key="tiny-seg@1.0.0"]');
    await panel.getByTestId('run-model').click();
    await expect.poll(() => panel.getByTestId('job-state').getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
    expect(await panel.getByTestId('job-state').innerText()).toContain('CPU');
    // What the overlay canvas itself holds (not the image under it): the share of painted pixels.
    const painted = () =>
      page.evaluate(() => {
        const c = document.querySelector<HTMLCanvasElement>('[data-testid=mask-overlay]');
        const data = c?.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
        if (!data) return 0;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) n++;
        return n / (data.length / 4);
      });
    await expect.poll(painted, { timeout: 10_000 }).toBeGreaterThan(0.05);
    expect((await pixelStats(page.getByTestId('viewport'))).std).toBeGreaterThan(10);
    await panel.getByTestId('overlay-toggle').uncheck();
    await expect.poll(painted).toBe(0);
    // Running again is answered from the cache.
    await panel.getByTestId('run-model').click();
    await expect.poll(() => panel.innerText(), { timeout: 30_000 }).toContain('300 frames from cache');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
