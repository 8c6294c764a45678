import { rendererCsp } from '../../../common/security/csp';

/** The renderer page's CSP in Electron: nothing to connect to beyond its own app:// origin. */
export function contentSecurityPolicy(): string {
  return rendererCsp();
}
