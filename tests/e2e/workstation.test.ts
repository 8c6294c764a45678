import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tempDir';
import { launchChromium, openPage, pixelStats } from './helpers/browser';
import { startServer, type StartedServer } from './helpers/webServer';

/**
 * The workstation as a user drives it: web mode in Debian's Chromium, on a fresh data folder
 * seeded with the demo cases. Every test fails on any page or console error.
 */
describe('workstation in web mode', () => {
  const tmp = tempDir('kestrel-e2e-');
  let server: StartedServer;
  let browser: Browser;
  let errors: string[] = [];

  beforeAll(async () => {
    server = await startServer(tmp.dir, { waitReady: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    tmp.cleanup();
  });
  afterEach(() => {
    expect(errors, `page errors:\n${errors.join('\n')}`).toEqual([]);
  });

  async function open(path = ''): Promise<Page> {
    const opened = await openPage(browser, server.url + path);
    errors = opened.errors;
    await opened.page.waitForSelector('[data-testid=worklist] tbody tr');
    return opened.page;
  }

  async function openStudy(page: Page, description: string): Promise<void> {
    await page.locator('[data-testid=worklist] tbody tr', { hasText: description }).first().dblclick();
    await page.waitForSelector('[data-testid=viewport] canvas');
  }

  it('shows the demo cases in the worklist, and filters them', async () => {
    const page = await open();
    const rows = page.locator('[data-testid=worklist] tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(5);
    const text = await page.locator('[data-testid=worklist]').innerText();
    for (const d of ['VFSS thin liquid 5 mL', 'L-spine lateral, pre-op', 'L-spine lateral, post-op', 'demo-patches']) expect(text).toContain(d);
    await page.getByTestId('filter-workflow-spine').click();
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByTestId('worklist-search').fill('post-op');
    await expect.poll(() => rows.count()).toBe(1);
    await page.context().close();
  });

  it('opens the VFSS cine, plays it at its real rate and shows pixels', async () => {
    const page = await open();
    await page.getByTestId('worklist-search').fill('thin liquid');
    await expect.poll(() => page.locator('[data-testid=worklist] tbody tr').count()).toBe(1);
    await page.locator('[data-testid=worklist] tbody tr').first().click();
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=viewport] canvas');
    await expect.poll(() => page.getByTestId('frame-counter').innerText()).toContain('/ 300');
    await expect.poll(() => page.getByTestId('frame-rate').innerText()).toContain('30.0 fps (FrameTime)');
    await expect.poll(async () => (await pixelStats(page.getByTestId('viewport'))).std, { message: 'viewport must not be blank', timeout: 10_000 }).toBeGreaterThan(10);
    // Polled too: the corner text alone already gives std > 10, a moment before the image is drawn.
    await expect.poll(async () => (await pixelStats(page.getByTestId('viewport'))).nonBlackFraction, { message: 'the image must fill the viewport', timeout: 10_000 }).toBeGreaterThan(0.2);
    // Frame stepping with the arrow key.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('frame-counter').getAttribute('data-frame')).toBe('1');
    await expect.poll(() => page.getByTestId('frame-counter').innerText()).toContain('33.3 ms');
    // Play for about a second: the counter advances by roughly 30 frames.
    await page.getByTestId('play').click();
    await page.waitForTimeout(1200);
    await page.getByTestId('play').click();
    const frame = Number(await page.getByTestId('frame-counter').getAttribute('data-frame'));
    expect(frame).toBeGreaterThan(15);
    expect(frame).toBeLessThan(60);
    const after = await pixelStats(page.getByTestId('viewport'));
    expect(after.std).toBeGreaterThan(10);
    await page.context().close();
  });

  it('draws a length on a radiograph, and it is still there after a reload', async () => {
    const page = await open();
    await openStudy(page, 'L-spine lateral, pre-op');
    await expect.poll(() => page.getByTestId('calibration').innerText()).toContain('magnification factor');
    await expect.poll(async () => (await pixelStats(page.getByTestId('viewport'))).std, { timeout: 10_000 }).toBeGreaterThan(10);
    await page.locator('button[data-tool=length]').click();
    const box = await page.getByTestId('viewport').boundingBox();
    if (!box) throw new Error('no viewport box');
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.move(cx - 100, cy - 80);
    await page.mouse.down();
    await page.mouse.move(cx, cy, { steps: 8 });
    await page.mouse.move(cx + 100, cy + 80, { steps: 8 });
    await page.mouse.up();
    const list = page.getByTestId('measurement-list').locator('li');
    await expect.poll(() => list.count()).toBe(1);
    const value = await list.first().innerText();
    expect(value).toMatch(/Length\s+\d+(\.\d)? mm/);
    // The drag spans about 256×205 screen px of a 1024×1280 image fitted to the viewport at 0.25 mm/px.
    const mm = Number(/([\d.]+) mm/.exec(value)?.[1]);
    expect(mm).toBeGreaterThan(50);
    expect(mm).toBeLessThan(250);
    // Undo removes it (in the database too), redo brings it back.
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('measurement-list').count()).toBe(0);
    await page.keyboard.press('Control+y');
    await expect.poll(() => page.getByTestId('measurement-list').locator('li').count()).toBe(1);
    await page.reload();
    await page.waitForSelector('[data-testid=viewport] canvas');
    await expect.poll(() => page.getByTestId('measurement-list').locator('li').count()).toBe(1);
    expect(await page.getByTestId('measurement-list').locator('li').first().innerText()).toBe(value);
    // The annotation itself is drawn again (Cornerstone's SVG layer), not only listed.
    await expect.poll(() => page.locator('[data-testid=viewport] svg line, [data-testid=viewport] svg path').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('switches to Korean at run time and keeps the choice', async () => {
    const page = await open();
    await page.getByTestId('language').selectOption('ko');
    await expect.poll(() => page.locator('.topbar').innerText()).toContain('워크리스트');
    await expect.poll(() => page.getByTestId('worklist-count').innerText()).toMatch(/검사 \d+건/);
    await page.reload();
    await page.waitForSelector('[data-testid=worklist] tbody tr');
    expect(await page.locator('.topbar').innerText()).toContain('가져오기');
    await page.getByTestId('language').selectOption('en');
    await expect.poll(() => page.locator('.topbar').innerText()).toContain('Worklist');
    await page.context().close();
  });

  it('lists the keyboard shortcuts in a help panel', async () => {
    const page = await open();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog');
    await expect.poll(() => help.innerText()).toContain('Play / pause');
    expect(await help.locator('tr[data-shortcut]').count()).toBeGreaterThan(15);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    await page.context().close();
  });
});
