/**
 * The renderer's Content-Security-Policy, one definition for both transports: Electron serves it
 * with app://kestrel/index.html, web mode with its index.html. Web mode adds its event WebSocket
 * to connect-src; Electron's events come over IPC.
 */
export function rendererCsp(extraConnectSrc: readonly string[] = []): string {
  return [
    "default-src 'self'",
    // The WebAssembly codecs (JPEG 2000, JPEG-LS, HTJ2K) need wasm compilation; no JS is evaluated.
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    ["connect-src 'self'", ...extraConnectSrc].join(' '),
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
