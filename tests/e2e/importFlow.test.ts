import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstance } from '../../electron/node/dicom/create';
import { tempDir } from '../helpers/tempDir';
import { launchChromium, openPage, pixelStats } from './helpers/browser';
import { startServer, type StartedServer } from './helpers/webServer';

/** A 24-frame cine with no frame-rate tag at all: the viewer must ask, never guess. */
function cineWithoutRate(file: string): void {
  const frames = Array.from({ length: 24 }, (_, f) => {
    const px = new Uint8Array(128 * 128);
    for (let i = 0; i < px.length; i++) px[i] = ((i % 128) + f * 8) & 0xff;
    return px;
  });
  writeFileSync(
    file,
    createInstance({
      patientId: 'NORATE',
      patientName: 'No^Rate',
      studyInstanceUid: '2.25.99.1',
      studyDate: '20260101',
      studyDescription: 'Cine without rate',
      seriesInstanceUid: '2.25.99.1.1',
      seriesNumber: 1,
      seriesDescription: 'cine',
      modality: 'OT',
      sopClassUid: '1.2.840.10008.5.1.4.1.1.7.2',
      sopInstanceUid: '2.25.99.1.1.1',
      instanceNumber: 1,
      rows: 128,
      columns: 128,
      samplesPerPixel: 1,
      photometricInterpretation: 'MONOCHROME2',
      bitsAllocated: 8,
      bitsStored: 8,
      frames,
      conversionType: 'WSD',
    }),
  );
}

describe('import through the browser', () => {
  const tmp = tempDir('kestrel-e2e-import-');
  let server: StartedServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer(path.join(tmp.dir, 'data'), { demo: false });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    tmp.cleanup();
  });

  it('uploads files, reports each one, opens the study, and asks for a missing frame rate', async () => {
    const good = path.join(tmp.dir, 'cine.dcm');
    cineWithoutRate(good);
    const bad = path.join(tmp.dir, 'truncated.dcm');
    writeFileSync(bad, Buffer.from('DICM but not really'));
    const { page, errors } = await openPage(browser, server.url);
    await page.getByTestId('import-button').click();
    await page.getByTestId('file-input').setInputFiles([good, bad]);
    await page.getByTestId('import-start').click();
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.getAttribute('data-state'), { timeout: 30_000 }).toBe('done');
    const text = await report.innerText();
    expect(text).toContain('1 imported');
    expect(text).toContain('1 refused');
    expect(text).toMatch(/refused truncated\.dcm\n[^\n]*(DICOM|Transfer Syntax)[^\n]{10,}/);
    await report.getByRole('button').click();
    await page.waitForSelector('[data-testid=viewport] canvas');
    await expect.poll(async () => (await pixelStats(page.getByTestId('viewport'))).std, { timeout: 10_000 }).toBeGreaterThan(10);
    // No rate tag: play is disabled and the user is asked.
    expect(await page.getByTestId('play').isDisabled()).toBe(true);
    await expect.poll(() => page.locator('.rate-prompt').innerText()).toContain('no frame-rate tag');
    await page.locator('.rate-prompt input').fill('12.5');
    await page.locator('.rate-prompt button').click();
    await expect.poll(() => page.getByTestId('frame-rate').innerText()).toContain('12.5 fps (entered by user)');
    expect(await page.getByTestId('play').isDisabled()).toBe(false);
    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId('frame-counter').innerText()).toContain('Frame 24 / 24 · 1,840.0 ms');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('refuses API calls without the token, from other origins, and with invalid input', async () => {
    const token = new URL(server.url).searchParams.get('token') as string;
    const post = (method: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${server.origin}/api/call/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    expect((await post('app.info', {})).status).toBe(401);
    expect((await post('app.info', {}, { Authorization: 'Bearer wrong' })).status).toBe(401);
    const auth = { Authorization: `Bearer ${token}` };
    expect((await post('app.info', {}, auth)).status).toBe(200);
    expect((await post('app.info', {}, { ...auth, Origin: 'http://evil.example' })).status).toBe(403);
    const unknown = await post('app.shutdown', {}, auth);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unknown_method');
    const invalid = await post('measurement.create', { instanceId: -1, frame: 0, kind: 'volume', points: [] }, auth);
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { message: string } }).error.message).toMatch(/measurement\.create: instanceId/);
    const extra = await post('study.get', { studyId: 1, sql: 'DROP TABLE studies' }, auth);
    expect(extra.status).toBe(400);
    // DNS rebinding: a page served from another name that resolves to 127.0.0.1 sends its own Host.
    const port = new URL(server.origin).port;
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/call/app.info', method: 'POST', headers: { ...auth, 'Content-Type': 'application/json', Host: `evil.example:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });
});
