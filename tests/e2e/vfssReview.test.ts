import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVfssPhantom, type VfssPhantom } from '../../common/phantoms/vfss';
import { eventInfo } from '../../common/vfss/events';
import type { VfssEventName } from '../../common/vfss/schema';
import { readVfssSeg } from '../../electron/node/export/vfssSeg';
import { tempDir } from '../helpers/tempDir';
import { launchChromium, openPage } from './helpers/browser';
import { startServer, type StartedServer } from './helpers/webServer';

const BOLUS_RGB = [0, 210, 255] as const;

/** The overlay canvas's colour at an image pixel of the frame on screen. */
async function overlayAt(page: Page, points: ReadonlyArray<readonly [number, number]>): Promise<Array<[number, number, number, number]>> {
  return page.evaluate((pts) => {
    const c = document.querySelector<HTMLCanvasElement>('[data-testid=mask-overlay]');
    const ctx = c?.getContext('2d');
    const dbg = window.kestrelViewer;
    if (!c || !ctx || !dbg) return [];
    const dpr = window.devicePixelRatio || 1;
    return pts.map(([x, y]) => {
      const q = dbg.imageToCanvas(x, y);
      if (!q) return [0, 0, 0, 0] as [number, number, number, number];
      const d = ctx.getImageData(Math.round(q[0] * dpr), Math.round(q[1] * dpr), 1, 1).data;
      return [d[0] ?? 0, d[1] ?? 0, d[2] ?? 0, d[3] ?? 0] as [number, number, number, number];
    });
  }, points as Array<readonly [number, number]>);
}

function isBolusColour(c: readonly number[]): boolean {
  return (c[3] ?? 0) > 0 && Math.abs((c[0] ?? 0) - BOLUS_RGB[0]) < 40 && Math.abs((c[1] ?? 0) - BOLUS_RGB[1]) < 40 && Math.abs((c[2] ?? 0) - BOLUS_RGB[2]) < 40;
}

/** Interior bolus pixels (whole 5×5 neighbourhood in the mask) and pixels far from any bolus. */
function samplePixels(phantom: VfssPhantom, frame: number): { inside: Array<[number, number]>; outside: Array<[number, number]> } {
  const f = phantom.renderFrame(frame);
  const w = phantom.width;
  const m = f.masks.bolus;
  const inside: Array<[number, number]> = [];
  const outside: Array<[number, number]> = [];
  for (let y = 12; y < phantom.height - 12; y += 3) {
    for (let x = 12; x < w - 12; x += 3) {
      let all = true;
      let none = true;
      for (let dy = -10; dy <= 10; dy++) {
        for (let dx = -10; dx <= 10; dx++) {
          const v = m[(y + dy) * w + x + dx];
          if (Math.abs(dx) <= 2 && Math.abs(dy) <= 2 && !v) all = false;
          if (v) none = false;
        }
      }
      if (all) inside.push([x, y]);
      else if (none && (x * 7 + y * 13) % 11 === 0) outside.push([x, y]);
    }
  }
  return { inside, outside };
}

async function seek(page: Page, frame: number): Promise<void> {
  await page.evaluate((f) => window.kestrelViewer?.seek(f), frame);
  await expect.poll(() => page.evaluate(() => window.kestrelViewer?.frame())).toBe(frame);
}

async function markByKey(page: Page, event: VfssEventName, frame: number): Promise<void> {
  await seek(page, frame);
  await page.locator('body').press(eventInfo(event).key);
  await expect.poll(() => page.locator(`[data-testid=events-table] tr[data-event=${event}]`).getAttribute('data-frame')).toBe(String(frame));
}

/**
 * The swallow review as a clinician drives it, on the 300-frame demo cine (phantom seed 1, 30 fps):
 * analyse with the shipped model, check the overlay against the phantom's known bolus mask, mark
 * events by keyboard, read the measures, score PAS, correct a mask with the brush, reload, export.
 */
describe('VFSS review in the browser', () => {
  const tmp = tempDir('kestrel-e2e-vfss-');
  let server: StartedServer;
  let browser: Browser;
  const phantom = createVfssPhantom({ seed: 1, frames: 300, fps: 30, width: 512, height: 512, difficulty: 'standard' });
  const truth = phantom.events;
  const dataDir = path.join(tmp.dir, 'data');

  beforeAll(async () => {
    server = await startServer(dataDir, { waitReady: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    tmp.cleanup();
  });

  async function openDemo(page: Page): Promise<void> {
    await page.waitForSelector('[data-testid=worklist] tbody tr');
    await page.getByTestId('worklist-search').fill('thin liquid');
    await expect.poll(() => page.locator('[data-testid=worklist] tbody tr').count()).toBe(1);
    await page.locator('[data-testid=worklist] tbody tr').first().dblclick();
    await page.getByTestId('vfss-panel').waitFor();
    await expect.poll(() => page.evaluate(() => window.kestrelViewer?.frameCount() ?? 0), { timeout: 30_000 }).toBe(300);
  }

  it('analyses, overlays the bolus where the phantom has it, measures, scores, edits, survives a reload and exports', async () => {
    const { page, errors } = await openPage(browser, server.url);
    await openDemo(page);

    await page.getByTestId('analyze-swallow').click();
    await expect.poll(() => page.getByTestId('analysis-state').getAttribute('data-state'), { timeout: 150_000 }).toBe('done');
    expect(await page.getByTestId('analysis-state').innerText()).toContain('CPU');
    await expect.poll(() => page.getByTestId('analysed-count').innerText(), { timeout: 10_000 }).toContain('300 of 300');

    // The overlay is where the phantom's bolus is, and not far from it.
    const f = truth.bolusPassesRamus + 3;
    await seek(page, f);
    const { inside, outside } = samplePixels(phantom, f);
    expect(inside.length).toBeGreaterThan(5);
    await expect.poll(async () => (await overlayAt(page, inside)).filter(isBolusColour).length / inside.length, { timeout: 10_000 }).toBeGreaterThan(0.9);
    const far = (await overlayAt(page, outside)).filter(isBolusColour).length / outside.length;
    expect(far).toBeLessThan(0.02);

    // Events by keyboard (a bolus segment is created by the first key), measures live.
    await markByKey(page, 'bolusPassesRamus', truth.bolusPassesRamus);
    await markByKey(page, 'hyoidBurstOnset', truth.hyoidBurstOnset);
    await markByKey(page, 'uesOpening', truth.uesOpening);
    await markByKey(page, 'uesClosure', truth.uesClosure);
    const msOf = (key: string) => page.locator(`[data-testid=measures-table] tr[data-measure=${key}]`).getAttribute('data-ms');
    const expectMs = (a: number, b: number) => ((b - a) * 1000) / 30;
    expect(Number(await msOf('swallowReactionTime'))).toBeCloseTo(expectMs(truth.bolusPassesRamus, truth.hyoidBurstOnset), 3);
    expect(Number(await msOf('uesOpeningDuration'))).toBeCloseTo(expectMs(truth.uesOpening, truth.uesClosure), 3);
    expect(Number(await msOf('hyoidBurstToUesOpening'))).toBeCloseTo(expectMs(truth.hyoidBurstOnset, truth.uesOpening), 3);
    expect(await page.getByTestId('measures-table').innerText()).toContain('30 fps (from FrameTime)');

    // An AI proposal for the tail through the UES is offered and accepted.
    const accept = page.getByTestId('accept-tailThroughUes');
    await accept.waitFor();
    const proposed = Number(await accept.getAttribute('data-proposed-frame'));
    expect(Math.abs(proposed - truth.tailThroughUes)).toBeLessThanOrEqual(2);
    await accept.click();
    await expect.poll(() => page.locator('[data-testid=events-table] tr[data-event=tailThroughUes]').getAttribute('data-frame')).toBe(String(proposed));

    // PAS 3 with the evidence at the current frame.
    await seek(page, truth.uesOpening);
    await page.getByTestId('pas').selectOption('3');
    await expect.poll(() => page.getByTestId('pas-frame').innerText()).toContain(String(truth.uesOpening + 1));

    // Brush a patch where there is no bolus on frame f: the frame becomes reviewed and the patch shows.
    await seek(page, f);
    const spot: [number, number] = outside[Math.floor(outside.length / 2)] as [number, number];
    await page.getByTestId('mask-tool-brush').click();
    const box = await page.getByTestId('mask-edit-surface').boundingBox();
    const at = await page.evaluate(([x, y]) => window.kestrelViewer?.imageToCanvas(x, y) ?? null, spot);
    if (!box || !at) throw new Error('no edit surface');
    await page.mouse.move(box.x + at[0] - 6, box.y + at[1]);
    await page.mouse.down();
    await page.mouse.move(box.x + at[0] + 6, box.y + at[1], { steps: 4 });
    await page.mouse.up();
    await page.getByTestId('frame-reviewed').waitFor();
    await expect.poll(async () => isBolusColour((await overlayAt(page, [spot]))[0] ?? [])).toBe(true);
    await page.getByTestId('mask-tool-brush').click();

    // Reload (the study's own address): everything comes back from the database.
    await page.reload();
    await page.getByTestId('vfss-panel').waitFor();
    await expect.poll(() => page.evaluate(() => window.kestrelViewer?.frameCount() ?? 0), { timeout: 30_000 }).toBe(300);
    await expect.poll(() => page.locator('[data-testid=events-table] tr[data-event=bolusPassesRamus]').getAttribute('data-frame')).toBe(String(truth.bolusPassesRamus));
    expect(await page.locator('[data-testid=events-table] tr[data-event=tailThroughUes]').getAttribute('data-frame')).toBe(String(proposed));
    expect(await page.getByTestId('pas').inputValue()).toBe('3');
    await seek(page, f);
    await page.getByTestId('frame-reviewed').waitFor();
    await expect.poll(async () => isBolusColour((await overlayAt(page, [spot]))[0] ?? []), { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId('vfss-timeline').count()).toBe(1);

    // Exports: each file is written and holds what the review shows.
    const exportsDir = path.join(dataDir, 'exports');
    const exported = async (format: string): Promise<string> => {
      await page.getByTestId(`export-${format}`).click();
      const link = page.locator(`[data-testid=export-done][data-format=${format}] a`);
      await link.waitFor({ timeout: 60_000 });
      return path.join(exportsDir, await link.innerText());
    };
    const track = readFileSync(await exported('trackCsv'), 'utf8').split('\r\n').filter(Boolean);
    expect(track).toHaveLength(301);
    const header = (track[0] ?? '').split(',');
    const row = (track[f + 1] ?? '').split(',');
    expect(row[header.indexOf('edited')]).toMatch(/^(1|true)$/);
    const measures = readFileSync(await exported('measuresCsv'), 'utf8');
    expect(measures).toContain('swallowReactionTime');
    expect(measures).toContain(expectMs(truth.bolusPassesRamus, truth.hyoidBurstOnset).toFixed(1));
    const segPath = await exported('seg');
    const seg = readVfssSeg(new Uint8Array(readFileSync(segPath)));
    expect(seg.rows).toBe(512);
    const bolusSegment = seg.segments[0];
    const segFrame = bolusSegment?.frames.get(f);
    expect(segFrame?.[spot[1] * 512 + spot[0]]).toBe(1);
    const run = spawnSync('dciodvfy', [segPath], { encoding: 'utf8' });
    const validation = `${run.stdout}${run.stderr}`;
    expect(validation).not.toMatch(/^Error/m);
    const pdf = await exported('pdf');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/PAS\s*3/);
    expect(text).toMatch(/NOT FOR CLINICAL USE/i);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
