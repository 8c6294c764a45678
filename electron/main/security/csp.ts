/**
 * The Content-Security-Policy of the renderer page, sent as a header with app://kestrel/index.html.
 * Same rules as web mode (electron/node/server/security.ts) without the WebSocket: events come
 * over IPC, so the page connects to nothing but its own origin.
 */
export function contentSecurityPolicy(): string {
  return [
    "default-src 'self'",
    // The WebAssembly codecs (JPEG 2000, JPEG-LS, HTJ2K) need wasm compilation; no JS is evaluated.
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
