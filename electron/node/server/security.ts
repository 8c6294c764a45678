import { rendererCsp } from '../../../common/security/csp';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'kestrel_session';

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), decodeURIComponent(part.slice(i + 1).trim()));
  }
  return out;
}

/** The request carries the launch token, as the session cookie or a bearer header. */
export function isAuthorized(req: IncomingMessage, token: string): boolean {
  const cookie = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  if (cookie && tokensEqual(cookie, token)) return true;
  const auth = req.headers.authorization;
  return typeof auth === 'string' && auth.startsWith('Bearer ') && tokensEqual(auth.slice(7), token);
}

/**
 * DNS-rebinding guard: a page from another site that resolves its own name to 127.0.0.1 still
 * sends its own Host header, so only our loopback names are accepted.
 */
export function isAllowedHost(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** A cross-site request (another tab's page posting to us) carries a foreign Origin. */
export function isAllowedOrigin(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** The renderer's CSP in web mode: its own origin plus the event WebSocket on this port. */
export function contentSecurityPolicy(port: number): string {
  return rendererCsp([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
}
