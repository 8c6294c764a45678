/**
 * The shell's security decisions as pure functions, so that they are tested in plain Node and the
 * Electron glue (windowFactory, ipc, protocol) only wires them to events. Nothing here imports
 * 'electron'.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'kestrel';
/** Written out instead of `new URL(...).origin`: Node reports 'null' as the origin of custom schemes. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_BASE_URL = `${APP_ORIGIN}/`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for app://kestrel/… with no port, credentials or other host. */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/** will-navigate / will-frame-navigate / will-redirect: the app never leaves its own origin. */
export function isNavigationAllowed(url: string): boolean {
  return isAppUrl(url);
}

/**
 * window.open and target=_blank: always denied. Kestrel has no second window that a page may
 * open, and opening links in the system browser would let a crafted DICOM text or model card
 * send the user (and a study identifier in the URL) off the machine.
 */
export function windowOpenAction(): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * Permissions a page of ours may use. Everything else (camera, microphone, geolocation,
 * notifications, HID/USB/serial, clipboard read, …) is refused. Sanitized clipboard write lets
 * the user copy a measurement value; it cannot read anything.
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

export interface IpcSender {
  /** URL of the frame that sent the message; undefined when the frame is gone or navigated. */
  readonly url: string | undefined;
  /** The frame is the main frame of its WebContents (no parent). */
  readonly isTopFrame: boolean;
  /** The WebContents belongs to a window made by our window factory. */
  readonly isOurWindow: boolean;
}

/** Only the top frame of one of our windows, showing our own page, may call the services. */
export function isTrustedSender(sender: IpcSender): boolean {
  return sender.isOurWindow && sender.isTopFrame && sender.url !== undefined && isAppUrl(sender.url);
}

/**
 * Requests the renderer's session may make. Kestrel works offline: nothing leaves the machine
 * from a page, whatever a CSP bug or a compromised dependency tries. devtools: is needed only
 * while DevTools are open (development builds).
 */
export function isRequestAllowed(url: string): boolean {
  if (isAppUrl(url)) return true;
  const u = parse(url);
  if (u === null) return false;
  return u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'devtools:';
}
