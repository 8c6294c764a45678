import { describe, expect, it } from 'vitest';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../../electron/main/ipcChannels';
import { contentSecurityPolicy } from '../../../electron/main/security/csp';
import {
  APP_BASE_URL,
  APP_ENTRY_URL,
  isAppUrl,
  isNavigationAllowed,
  isPermissionAllowed,
  isRequestAllowed,
  isTrustedSender,
  windowOpenAction,
} from '../../../electron/main/security/policy';
import * as preloadBridge from '../../../electron/preload/bridge';

const foreign = [
  'https://evil.example/',
  'http://evil/',
  'http://127.0.0.1:8080/',
  'file:///etc/passwd',
  'app://evil/index.html',
  'app://kestrel.evil/index.html',
  'app://kestrel:8080/index.html',
  'app://user:pw@kestrel/index.html',
  'javascript:alert(1)',
  'data:text/html,<script>1</script>',
  'chrome://settings',
  'devtools://devtools/bundled/inspector.html',
  'not a url',
  '',
];

describe('navigation', () => {
  it('stays within app://kestrel', () => {
    expect(isNavigationAllowed(APP_ENTRY_URL)).toBe(true);
    expect(isNavigationAllowed('app://kestrel/worklist?q=1#x')).toBe(true);
    for (const url of foreign) expect(isNavigationAllowed(url), url).toBe(false);
  });
  it('the renderer base URL is app://kestrel/ (pixel URLs are resolved against it)', () => {
    expect(APP_BASE_URL).toBe('app://kestrel/');
    expect(new URL('files/instances/12.dcm', APP_BASE_URL).toString()).toBe('app://kestrel/files/instances/12.dcm');
    expect(isAppUrl(new URL('files/instances/12.dcm', APP_BASE_URL).toString())).toBe(true);
  });
});

describe('new windows', () => {
  it('are always denied', () => {
    expect(windowOpenAction()).toEqual({ action: 'deny' });
  });
});

describe('permissions', () => {
  it('are denied by default, even for our own page', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'usb', 'serial', 'fullscreen', 'unknown']) {
      expect(isPermissionAllowed(p, APP_ENTRY_URL), p).toBe(false);
    }
  });
  it('allow sanitized clipboard writes from our page only', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', APP_ENTRY_URL)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://kestrel')).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'file:///tmp/x.html')).toBe(false);
  });
});

describe('IPC sender check', () => {
  const ours = { url: APP_ENTRY_URL, isTopFrame: true, isOurWindow: true };
  it('accepts the top frame of our window showing our page', () => {
    expect(isTrustedSender(ours)).toBe(true);
    expect(isTrustedSender({ ...ours, url: 'app://kestrel/study/4' })).toBe(true);
  });
  it('refuses a subframe, even one of our own origin', () => {
    expect(isTrustedSender({ ...ours, isTopFrame: false })).toBe(false);
  });
  it('refuses a window that is not ours', () => {
    expect(isTrustedSender({ ...ours, isOurWindow: false })).toBe(false);
  });
  it('refuses frames showing another origin or a disposed frame', () => {
    for (const url of ['http://evil/', 'https://evil.example/', 'file:///tmp/index.html', 'app://evil/index.html']) {
      expect(isTrustedSender({ ...ours, url }), url).toBe(false);
    }
    expect(isTrustedSender({ ...ours, url: undefined })).toBe(false);
  });
});

describe('network egress', () => {
  it('allows only our origin, data:, blob: and devtools:', () => {
    expect(isRequestAllowed('app://kestrel/assets/index-abc.js')).toBe(true);
    expect(isRequestAllowed('blob:app://kestrel/5b1c0e7e-0000-4000-8000-000000000000')).toBe(true);
    expect(isRequestAllowed('data:image/png;base64,AAAA')).toBe(true);
    for (const url of ['https://example.org/x', 'http://127.0.0.1:4000/', 'ws://127.0.0.1:1/', 'file:///etc/passwd', 'app://evil/x']) {
      expect(isRequestAllowed(url), url).toBe(false);
    }
  });
});

describe('content security policy', () => {
  const csp = contentSecurityPolicy();
  const directive = (name: string): string[] =>
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .find((d) => d[0] === name)
      ?.slice(1) ?? [];
  it('allows WebAssembly compilation but never eval', () => {
    expect(csp).toContain("'wasm-unsafe-eval'");
    expect(csp).not.toMatch(/'unsafe-eval'/);
    expect(directive('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
  });
  it('loads nothing from elsewhere and cannot be framed or embed objects', () => {
    expect(directive('default-src')).toEqual(["'self'"]);
    expect(directive('connect-src')).toEqual(["'self'"]);
    expect(directive('object-src')).toEqual(["'none'"]);
    expect(directive('frame-ancestors')).toEqual(["'none'"]);
    expect(directive('base-uri')).toEqual(["'none'"]);
    expect(csp).not.toMatch(/https?:|\*/);
  });
});

describe('IPC channels', () => {
  it('main and preload use the same names and base URL', () => {
    expect(preloadBridge.CALL_CHANNEL).toBe(CALL_CHANNEL);
    expect(preloadBridge.EVENT_CHANNEL).toBe(EVENT_CHANNEL);
    expect(preloadBridge.APP_BASE_URL).toBe(APP_BASE_URL);
  });
});
