import sharp from 'sharp';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const CHROMIUM = process.env.KESTREL_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that make Debian's Chromium start reliably headless on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A page that records every page error and console error: the end-to-end tests fail on any of
 * them, because a Cornerstone stack that fails to load only shows up there.
 */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { page, errors };
}

export interface PixelStats {
  mean: number;
  std: number;
  nonBlackFraction: number;
}

/** Luminance statistics of what is actually on screen in an element (a screenshot, not the DOM). */
export async function pixelStats(target: Locator): Promise<PixelStats> {
  const png = await target.screenshot();
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  let sum2 = 0;
  let nonBlack = 0;
  const n = info.width * info.height;
  for (let i = 0; i < n; i++) {
    const v = data[i] ?? 0;
    sum += v;
    sum2 += v * v;
    if (v > 8) nonBlack++;
  }
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, sum2 / n - mean * mean)), nonBlackFraction: nonBlack / n };
}
