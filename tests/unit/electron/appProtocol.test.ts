import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRequestHandler } from '../../../electron/main/appProtocol/appResponder';
import { resolveAppRequest } from '../../../electron/main/appProtocol/appRoute';

const root = path.resolve('/srv/kestrel/dist/renderer');

describe('resolveAppRequest', () => {
  it('maps the entry and SPA routes', () => {
    expect(resolveAppRequest('app://kestrel/', root)).toEqual({ kind: 'index' });
    expect(resolveAppRequest('app://kestrel', root)).toEqual({ kind: 'index' });
    expect(resolveAppRequest('app://kestrel/index.html?x=1#y', root)).toEqual({ kind: 'index' });
    expect(resolveAppRequest('app://kestrel/worklist', root)).toEqual({
      kind: 'static',
      file: path.join(root, 'worklist'),
      spaFallback: true,
    });
  });
  it('maps assets inside the renderer folder, without SPA fallback', () => {
    expect(resolveAppRequest('app://kestrel/assets/index-abc.js', root)).toEqual({
      kind: 'static',
      file: path.join(root, 'assets', 'index-abc.js'),
      spaFallback: false,
    });
    expect(resolveAppRequest('app://kestrel/assets/my%20font.woff2', root)).toMatchObject({ file: path.join(root, 'assets', 'my font.woff2') });
  });
  it('maps pixel data of an instance', () => {
    expect(resolveAppRequest('app://kestrel/files/instances/12.dcm', root)).toEqual({ kind: 'instance', instanceId: 12 });
    for (const url of ['app://kestrel/files/instances/0.dcm', 'app://kestrel/files/instances/-1.dcm', 'app://kestrel/files/instances/1e3.dcm', 'app://kestrel/files/instances/12.dcm.png', 'app://kestrel/files/other']) {
      expect(resolveAppRequest(url, root).kind, url).toBe('notFound');
    }
  });
  it('refuses other origins', () => {
    for (const url of ['app://evil/index.html', 'file:///etc/passwd', 'https://kestrel/', 'app://kestrel.evil/x', 'app://kestrelx/']) {
      expect(resolveAppRequest(url, root).kind, url).toBe('refused');
    }
  });
  it('refuses path traversal, plain and encoded', () => {
    const attempts = [
      'app://kestrel/../../etc/passwd',
      'app://kestrel/assets/../../../etc/passwd',
      'app://kestrel/%2e%2e/%2e%2e/etc/passwd',
      'app://kestrel/%2E%2E/secret',
      'app://kestrel/.%2e/secret',
      'app://kestrel/assets/..%2f..%2f..%2fetc%2fpasswd',
      'app://kestrel/..%5c..%5cwindows%5cwin.ini',
      'app://kestrel/assets\\..\\..\\x',
      'app://kestrel/./index.html',
      'app://kestrel/files/instances/..%2f..%2fkestrel.sqlite',
      'app://kestrel/assets/%2e%2e/%2e%2e/x',
    ];
    for (const url of attempts) expect(resolveAppRequest(url, root).kind, url).toBe('refused');
  });
  it('refuses absolute paths and other escapes', () => {
    const attempts = [
      'app://kestrel//etc/passwd',
      'app://kestrel/%2fetc%2fpasswd',
      'app://kestrel/C:%5cWindows%5cwin.ini',
      'app://kestrel/c:/Windows/win.ini',
      'app://kestrel/assets/x%00.js',
      'app://kestrel/%E0%A4%A',
    ];
    for (const url of attempts) expect(resolveAppRequest(url, root).kind, url).toBe('refused');
  });
  it('never resolves a static file outside the renderer folder', () => {
    const samples = ['a', 'a/b', 'assets/x.js', '%2e', 'a/%2e%2e', '...', '..a', 'a..', 'a/..b/c'];
    for (const s of samples) {
      const route = resolveAppRequest(`app://kestrel/${s}`, root);
      if (route.kind === 'static') {
        expect(path.relative(root, route.file).startsWith('..'), s).toBe(false);
        expect(route.file.startsWith(root + path.sep), s).toBe(true);
      }
    }
  });
});

describe('app:// responder', () => {
  let dir: string;
  let renderer: string;
  let dicom: string;
  const handler = () =>
    createAppRequestHandler({
      rendererDir: renderer,
      instanceFile: (id) => {
        if (id === 7) return dicom;
        if (id === 8) return path.join(dir, 'gone.dcm');
        throw new Error(`No instance with id ${id}.`);
      },
    });
  const get = (url: string, method = 'GET') => handler()(new Request(url, { method }));

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kestrel-app-protocol-'));
    renderer = path.join(dir, 'renderer');
    mkdirSync(path.join(renderer, 'assets'), { recursive: true });
    writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Kestrel</title>');
    writeFileSync(path.join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(path.join(renderer, 'assets', 'codec.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
    writeFileSync(path.join(dir, 'secret.txt'), 'secret');
    dicom = path.join(dir, 'instance.dcm');
    // Larger than one read chunk, so streaming is exercised across chunks.
    const bytes = Buffer.alloc(2 * 1024 * 1024 + 123);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251;
    writeFileSync(dicom, bytes);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves index.html with the CSP and no caching', async () => {
    const res = await get('app://kestrel/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("'wasm-unsafe-eval'");
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<title>Kestrel</title>');
  });
  it('falls back to index.html for app routes, not for missing assets', async () => {
    const route = await get('app://kestrel/study/12');
    expect(route.status).toBe(200);
    expect(route.headers.get('content-security-policy')).not.toBeNull();
    expect(await route.text()).toContain('<title>Kestrel</title>');
    expect((await get('app://kestrel/assets/missing.js')).status).toBe(404);
    expect((await get('app://kestrel/assets/missing.wasm')).status).toBe(404);
  });
  it('serves assets with their MIME types, WebAssembly included', async () => {
    const js = await get('app://kestrel/assets/index-abc.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(js.headers.get('cache-control')).toContain('immutable');
    const wasm = await get('app://kestrel/assets/codec.wasm');
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
  });
  it('streams instance pixel data intact', async () => {
    const res = await get('app://kestrel/files/instances/7.dcm');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/dicom');
    const body = Buffer.from(await res.arrayBuffer());
    expect(res.headers.get('content-length')).toBe(String(body.length));
    expect(body.equals(readFileSync(dicom))).toBe(true);
  });
  it('answers 404 text for an unknown instance and 410 for a missing stored file', async () => {
    const unknown = await get('app://kestrel/files/instances/99.dcm');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('text/plain');
    expect(await unknown.text()).toBe('No such instance.');
    expect((await get('app://kestrel/files/instances/8.dcm')).status).toBe(410);
  });
  it('refuses encoded traversal out of the renderer folder', async () => {
    const res = await get('app://kestrel/assets/..%2f..%2fsecret.txt');
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('secret');
  });
  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://kestrel/files/instances/7.dcm', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect((await get('app://kestrel/index.html', 'POST')).status).toBe(405);
  });
  it('says how to build when the renderer is missing', async () => {
    const res = await createAppRequestHandler({ rendererDir: path.join(dir, 'nothing'), instanceFile: () => dicom })(
      new Request('app://kestrel/'),
    );
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('npm run build');
  });
});
