/**
 * Answers app://kestrel/ requests with standard Request/Response objects (globals in Node and in
 * Electron's main process), so the whole responder runs in tests without Electron;
 * electron/main/protocol.ts only hands it to protocol.handle.
 */
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { contentType } from '../../node/server/staticFiles';
import { contentSecurityPolicy } from '../security/csp';
import { resolveAppRequest } from './appRoute';

export interface AppResponderOptions {
  /** The Vite build of the renderer (dist/renderer). */
  readonly rendererDir: string;
  /** Absolute path of an instance's stored DICOM file; throws when there is no such instance. */
  readonly instanceFile: (instanceId: number) => string;
  /** One frame's AI mask payload, or null when the model has not produced it. */
  readonly maskPayload?: (instanceId: number, frame: number, modelKey: string) => Uint8Array | null;
  /** Absolute path of an export file by name, or null when the name is not acceptable. */
  readonly exportFile?: (fileName: string) => string | null;
  readonly log?: (message: string) => void;
}

const CHUNK = 1024 * 1024;

const BASE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function text(status: number, body: string): Response {
  return new Response(body, { status, headers: { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Reads an open file in 1 MiB chunks as the consumer asks for them, closing it at the end. */
function fileStream(handle: FileHandle): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const buffer = new Uint8Array(CHUNK);
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
        if (bytesRead === 0) {
          await handle.close();
          controller.close();
        } else {
          controller.enqueue(buffer.subarray(0, bytesRead));
        }
      } catch (error) {
        await handle.close().catch(() => {});
        controller.error(error);
      }
    },
    async cancel() {
      await handle.close();
    },
  });
}

export function createAppRequestHandler(opts: AppResponderOptions): (request: Request) => Promise<Response> {
  const log = opts.log ?? (() => {});
  const indexFile = path.join(opts.rendererDir, 'index.html');

  async function index(head: boolean): Promise<Response> {
    const html = await fsp.readFile(indexFile).catch(() => null);
    if (html === null) return text(500, `The renderer is not built (${indexFile} is missing): run "npm run build".`);
    return new Response(head ? null : html, {
      status: 200,
      headers: {
        ...BASE_HEADERS,
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-cache',
        'Content-Security-Policy': contentSecurityPolicy(),
      },
    });
  }

  async function instance(instanceId: number, head: boolean): Promise<Response> {
    let file: string;
    try {
      file = opts.instanceFile(instanceId);
    } catch {
      return text(404, 'No such instance.');
    }
    const handle = await fsp.open(file, 'r').catch(() => null);
    if (handle === null) return text(410, 'The stored file of this instance is missing.');
    const { size } = await handle.stat();
    if (head) await handle.close();
    return new Response(head ? null : fileStream(handle), {
      status: 200,
      headers: {
        ...BASE_HEADERS,
        'Content-Type': 'application/dicom',
        'Content-Length': String(size),
        'Cache-Control': 'private, max-age=3600',
      },
    });
  }

  async function staticFile(file: string, spaFallback: boolean, head: boolean): Promise<Response> {
    const stat = await fsp.stat(file).catch(() => null);
    if (!stat?.isFile()) return spaFallback ? index(head) : text(404, 'Not found.');
    const type = contentType(file);
    // Vite fingerprints everything under assets/, so it can be cached for good.
    const immutable = path.relative(opts.rendererDir, file).split(path.sep)[0] === 'assets';
    const headers: Record<string, string> = {
      ...BASE_HEADERS,
      'Content-Type': type,
      'Content-Length': String(stat.size),
      'Cache-Control': immutable ? 'private, max-age=31536000, immutable' : 'no-cache',
    };
    if (type.startsWith('text/html')) headers['Content-Security-Policy'] = contentSecurityPolicy();
    // Renderer files are small and may sit inside app.asar, where reading whole files is the
    // supported path; instance files (possibly hundreds of MB) are streamed instead.
    return new Response(head ? null : await fsp.readFile(file), { status: 200, headers });
  }

  return async (request) => {
    const head = request.method === 'HEAD';
    if (request.method !== 'GET' && !head) return text(405, 'Method not allowed.');
    const route = resolveAppRequest(request.url, opts.rendererDir);
    switch (route.kind) {
      case 'index':
        return index(head);
      case 'static':
        return staticFile(route.file, route.spaFallback, head);
      case 'instance':
        return instance(route.instanceId, head);
      case 'mask': {
        const payload = opts.maskPayload?.(route.instanceId, route.frame, route.modelKey) ?? null;
        if (!payload) return new Response(null, { status: 204, headers: BASE_HEADERS });
        return new Response(head ? null : new Blob([new Uint8Array(payload)]), {
          status: 200,
          headers: { ...BASE_HEADERS, 'Content-Type': 'application/octet-stream', 'Cache-Control': 'no-cache' },
        });
      }
      case 'export': {
        const file = opts.exportFile?.(route.fileName) ?? null;
        const body = file ? await fsp.readFile(file).catch(() => null) : null;
        if (!body) return text(404, 'No such export.');
        const type = route.fileName.endsWith('.pdf') ? 'application/pdf' : route.fileName.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/dicom';
        return new Response(head ? null : new Blob([new Uint8Array(body)]), {
          status: 200,
          headers: { ...BASE_HEADERS, 'Content-Type': type, 'Content-Disposition': `attachment; filename="${route.fileName}"`, 'Cache-Control': 'no-store' },
        });
      }
      case 'notFound':
        return text(404, 'Not found.');
      case 'refused':
        log(`refused ${request.url.slice(0, 200)}: ${route.reason}`);
        return text(403, 'Forbidden.');
    }
  };
}
