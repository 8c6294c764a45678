import { protocol } from 'electron';
import { createAppRequestHandler, type AppResponderOptions } from './appProtocol/appResponder';
import { APP_SCHEME } from './security/policy';

/**
 * Must run before `app` is ready. `standard` gives app://kestrel/ a real origin (relative URLs,
 * storage, 'self' in the CSP), `secure` makes it a secure context like https, and
 * `supportFetchAPI`/`stream` let Cornerstone's loader fetch pixel data from it. `corsEnabled` is
 * deliberately absent: it would make the scheme readable from other origins.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
    },
  ]);
}

/** Serves the renderer build and instance pixel data on app://kestrel/ (after `ready`). */
export function handleAppProtocol(opts: AppResponderOptions): () => void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(opts));
  return () => protocol.unhandle(APP_SCHEME);
}
