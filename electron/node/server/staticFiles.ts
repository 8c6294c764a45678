import { createReadStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Serves a file below `root`; returns false when there is no such file (caller decides the fallback). */
export async function serveStatic(root: string, urlPath: string, res: ServerResponse, headers: Record<string, string>): Promise<boolean> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return false;
  }
  const abs = path.resolve(root, `.${rel}`);
  if (!abs.startsWith(path.resolve(root) + path.sep)) return false;
  const st = await fsp.stat(abs).catch(() => null);
  if (!st || !st.isFile()) return false;
  // Vite fingerprints assets, so they can be cached for good; index.html never is.
  const immutable = rel.startsWith('/assets/');
  res.writeHead(200, {
    ...headers,
    'Content-Type': contentType(abs),
    'Content-Length': String(st.size),
    'Cache-Control': immutable ? 'private, max-age=31536000, immutable' : 'no-cache',
  });
  createReadStream(abs).pipe(res);
  return true;
}
