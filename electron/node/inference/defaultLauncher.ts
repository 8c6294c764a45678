import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkLauncher, type HostLauncher } from './HostClient';

/**
 * Where the host's code is: next to the running bundle (dist/server/inference-host.mjs) in web mode,
 * or the TypeScript source run through tsx when the services run from source (tests, tools).
 */
export function defaultHostLauncher(): HostLauncher {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const bundled = path.join(here, 'inference-host.mjs');
  if (existsSync(bundled)) return forkLauncher(bundled);
  const source = path.join(here, '..', 'inference', 'hostMain.ts');
  const fromSource = existsSync(source) ? source : path.join(here, 'hostMain.ts');
  return forkLauncher(fromSource, ['--import', 'tsx']);
}
