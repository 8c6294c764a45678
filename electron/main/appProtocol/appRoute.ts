/**
 * Maps an app://kestrel/… request URL to what should answer it. Pure: no file system access, so
 * the traversal rules are tested on their own. Chromium normalises `..` in standard-scheme URLs
 * before the handler sees them; this check does not rely on that, it reads the raw path.
 */
import path from 'node:path';
import { APP_ORIGIN } from '../security/policy';

export type AppRoute =
  /** The single-page app's entry (sent with the CSP header). */
  | { readonly kind: 'index' }
  /** A file of the renderer build; `spaFallback`: answer with index.html when it does not exist. */
  | { readonly kind: 'static'; readonly file: string; readonly spaFallback: boolean }
  /** Pixel data of one stored instance (files/instances/<id>.dcm). */
  | { readonly kind: 'instance'; readonly instanceId: number }
  /** One frame's AI masks (files/results/<instanceId>/<frame>/<model id@version>). */
  | { readonly kind: 'mask'; readonly instanceId: number; readonly frame: number; readonly modelKey: string }
  /** A file written by an export (files/exports/<name>). */
  | { readonly kind: 'export'; readonly fileName: string }
  | { readonly kind: 'notFound' }
  | { readonly kind: 'refused'; readonly reason: string };

const INSTANCE = /^files\/instances\/([1-9]\d{0,14})\.dcm$/;
/** The model key, or "none" for people's masks alone (no model installed). */
export const MASK = /^files\/results\/([1-9]\d{0,14})\/(\d{1,6})\/([a-z0-9][a-z0-9._-]{1,63}@\d+\.\d+\.\d+|none)$/;
const EXPORT = /^files\/exports\/([A-Za-z0-9][A-Za-z0-9._-]{0,199})$/;

/** The path part of an app://kestrel URL, or null when the URL is for another origin. */
function rawPath(url: string): string | null {
  const prefix = `${APP_ORIGIN}/`;
  if (url === APP_ORIGIN) return '';
  if (!url.startsWith(prefix)) return null;
  const rest = url.slice(prefix.length);
  const end = rest.search(/[?#]/);
  return end === -1 ? rest : rest.slice(0, end);
}

/** Decodes one path segment; null when it is malformed or could name something outside the root. */
function safeSegment(raw: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (decoded === '' || decoded === '.' || decoded === '..') return null;
  // Separators (also encoded: %2f, %5c), NUL and drive letters would let one segment climb or jump.
  if (/[/\\\0:]/.test(decoded)) return null;
  return decoded;
}

export function resolveAppRequest(url: string, rendererDir: string): AppRoute {
  const raw = rawPath(url);
  if (raw === null) return { kind: 'refused', reason: 'not an app://kestrel URL' };
  if (raw === '' || raw === 'index.html') return { kind: 'index' };

  const segments: string[] = [];
  // One trailing slash is how a folder-like route is written; empty segments elsewhere are refused.
  for (const part of raw.replace(/\/$/, '').split('/')) {
    const segment = safeSegment(part);
    if (segment === null) return { kind: 'refused', reason: `unsafe path segment "${part.slice(0, 40)}"` };
    segments.push(segment);
  }
  const relative = segments.join('/');

  const instance = INSTANCE.exec(relative);
  if (instance) return { kind: 'instance', instanceId: Number(instance[1]) };
  const mask = MASK.exec(relative);
  if (mask) return { kind: 'mask', instanceId: Number(mask[1]), frame: Number(mask[2]), modelKey: mask[3] as string };
  const exported = EXPORT.exec(relative);
  if (exported) return { kind: 'export', fileName: exported[1] as string };
  // Everything under files/ is data, never the app: no SPA fallback that would hide a bad id.
  if (segments[0] === 'files') return { kind: 'notFound' };

  const root = path.resolve(rendererDir);
  const file = path.resolve(root, ...segments);
  const inside = path.relative(root, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
    return { kind: 'refused', reason: 'path leaves the renderer folder' };
  }
  // Routes of the single-page app have no extension; a missing asset (.js, .wasm) is a real 404
  // rather than an HTML page the loader would fail to parse.
  const last = segments[segments.length - 1] ?? '';
  return { kind: 'static', file, spaFallback: !last.includes('.') };
}
