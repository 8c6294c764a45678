import { createReadStream, promises as fsp } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiError, type CallResult } from '../../../common/api';
import type { Services } from '../app/createServices';
import { dispatch, toErrorBody } from '../api/dispatch';
import {
  contentSecurityPolicy,
  isAllowedHost,
  isAllowedOrigin,
  isAuthorized,
  newToken,
  SESSION_COOKIE,
  tokensEqual,
} from './security';
import { serveStatic } from './staticFiles';

export interface WebServerOptions {
  services: Services;
  /** The built renderer (vite build output). */
  staticDir: string;
  port?: number;
  token?: string;
  log?: (message: string) => void;
}

export interface RunningWebServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly server: Server;
  close(): Promise<void>;
}

const MAX_JSON_BYTES = 1024 * 1024;

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_JSON_BYTES) {
        reject(new ApiError('invalid_input', 'Request body is larger than 1 MiB.'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text) return resolve({});
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new ApiError('invalid_input', 'Request body is not valid JSON.'));
      }
    });
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: CallResult): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function statusFor(result: CallResult): number {
  if (result.ok) return 200;
  switch (result.error.code) {
    case 'unknown_method':
    case 'not_found':
      return 404;
    case 'invalid_input':
      return 400;
    case 'conflict':
      return 409;
    case 'forbidden':
      return 403;
    case 'unsupported':
      return 501;
    case 'internal':
      return 500;
  }
}

/**
 * Web mode: the same services behind HTTP + WebSocket on 127.0.0.1 only, guarded by a per-launch
 * token (exchanged once for an HttpOnly SameSite=Strict cookie), a Host check against DNS
 * rebinding and an Origin check against cross-site requests.
 */
export async function startWebServer(opts: WebServerOptions): Promise<RunningWebServer> {
  const { services } = opts;
  const log = opts.log ?? ((m: string) => console.log(m));
  const token = opts.token ?? newToken();
  const staticDir = path.resolve(opts.staticDir);
  let port = 0;

  const baseHeaders = (): Record<string, string> => ({
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: toErrorBody(error) });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isAllowedHost(req, port)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request: use the 127.0.0.1 address Kestrel printed.');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const headers = baseHeaders();

    // Token exchange: the printed URL carries ?token=…; trade it for a cookie and drop it from the address bar.
    const offered = url.searchParams.get('token');
    if (req.method === 'GET' && offered !== null) {
      if (!tokensEqual(offered, token)) {
        res.writeHead(401, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Wrong token. Open the address Kestrel printed when it started.');
        return;
      }
      url.searchParams.delete('token');
      res.writeHead(303, {
        ...headers,
        'Set-Cookie': `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname + (url.search || '') + url.hash,
      });
      res.end();
      return;
    }
    if (!isAuthorized(req, token)) {
      res.writeHead(401, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(
        'Kestrel web mode needs the address with its token, as printed in the terminal where you ran "npm run web".',
      );
      return;
    }

    if (url.pathname.startsWith('/api/call/')) {
      if (req.method !== 'POST') {
        res.writeHead(405, { ...headers, Allow: 'POST' }).end();
        return;
      }
      if (!isAllowedOrigin(req, port) || !(req.headers['content-type'] ?? '').startsWith('application/json')) {
        sendJson(res, 403, { ok: false, error: { code: 'forbidden', message: 'Cross-site or non-JSON API request refused.' } });
        return;
      }
      const method = decodeURIComponent(url.pathname.slice('/api/call/'.length));
      let input: unknown;
      try {
        input = await readJson(req);
      } catch (error) {
        sendJson(res, 400, { ok: false, error: toErrorBody(error) });
        return;
      }
      const result = await dispatch(services.handlers, method, input, log);
      sendJson(res, statusFor(result), result);
      return;
    }

    const upload = /^\/api\/upload\/([a-f0-9]{32})$/.exec(url.pathname);
    if (upload) {
      if (req.method !== 'PUT' || !isAllowedOrigin(req, port)) {
        res.writeHead(405, headers).end();
        return;
      }
      const name = url.searchParams.get('name') ?? '';
      const length = req.headers['content-length'] ? Number(req.headers['content-length']) : null;
      try {
        await services.uploads.put(upload[1] as string, name, req, length);
        sendJson(res, 200, { ok: true, result: { ok: true } });
      } catch (error) {
        const body = toErrorBody(error);
        sendJson(res, body.code === 'not_found' ? 404 : 400, { ok: false, error: body });
      }
      return;
    }

    const file = /^\/files\/instances\/(\d+)\.dcm$/.exec(url.pathname);
    if (file && req.method === 'GET') {
      let abs: string;
      try {
        abs = services.studies.instanceFile(Number(file[1]));
      } catch {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('No such instance.');
        return;
      }
      const st = await fsp.stat(abs).catch(() => null);
      if (!st) {
        res.writeHead(410, { ...headers, 'Content-Type': 'text/plain' }).end('The stored file of this instance is missing.');
        return;
      }
      const etag = `"${path.basename(abs, '.dcm')}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { ...headers, ETag: etag }).end();
        return;
      }
      res.writeHead(200, {
        ...headers,
        'Content-Type': 'application/dicom',
        'Content-Length': String(st.size),
        'Cache-Control': 'private, max-age=3600',
        ETag: etag,
      });
      createReadStream(abs).pipe(res);
      return;
    }

    const mask = /^\/files\/results\/([1-9]\d{0,14})\/(\d{1,6})\/([^/]+)$/.exec(url.pathname);
    if (mask && req.method === 'GET') {
      let payload: Uint8Array | null = null;
      try {
        const key = decodeURIComponent(mask[3] as string);
        // A person's bolus mask replaces the model's; "none" = no model, people's masks only.
        payload = services.vfss.effectivePayload(Number(mask[1]), Number(mask[2]), key === 'none' ? null : key);
      } catch {
        payload = null;
      }
      if (!payload) {
        // Not an error: the model has not reached this frame (yet). 204 keeps browser consoles quiet.
        res.writeHead(204, headers).end();
        return;
      }
      res.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream', 'Content-Length': String(payload.byteLength), 'Cache-Control': 'no-cache' });
      res.end(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength));
      return;
    }

    const exported = /^\/files\/exports\/([^/]+)$/.exec(url.pathname);
    if (exported && req.method === 'GET') {
      const abs = services.vfssExport.resolve(decodeURIComponent(exported[1] as string));
      const st = abs ? await fsp.stat(abs).catch(() => null) : null;
      if (!abs || !st) {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('No such export.');
        return;
      }
      const name = path.basename(abs);
      const type = name.endsWith('.pdf') ? 'application/pdf' : name.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/dicom';
      res.writeHead(200, { ...headers, 'Content-Type': type, 'Content-Length': String(st.size), 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' });
      createReadStream(abs).pipe(res);
      return;
    }

    if (req.method === 'GET' || req.method === 'HEAD') {
      if (url.pathname !== '/' && url.pathname !== '/index.html' && (await serveStatic(staticDir, url.pathname, res, headers))) return;
      // Single-page app: every other path gets index.html with the CSP.
      const index = path.join(staticDir, 'index.html');
      const html = await fsp.readFile(index, 'utf8').catch(() => null);
      if (html === null) {
        res.writeHead(500, { ...headers, 'Content-Type': 'text/plain' }).end(`The renderer is not built (${index} missing): run "npm run build".`);
        return;
      }
      res.writeHead(200, {
        ...headers,
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-cache',
        'Content-Security-Policy': contentSecurityPolicy(port),
      });
      res.end(html);
      return;
    }
    res.writeHead(405, headers).end();
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/api/events' || !isAllowedHost(req, port) || !isAllowedOrigin(req, port) || !isAuthorized(req, token)) {
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // The renderer never sends anything over this socket; anything it does send is ignored.
      ws.on('message', () => {});
    });
  });
  const unsubscribe = services.events.subscribe((event) => {
    const text = JSON.stringify(event);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/?token=${token}`;

  return {
    url,
    port,
    token,
    server,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };
}
