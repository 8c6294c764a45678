/**
 * `npm run web`: starts Kestrel's services and the loopback web server, prints the address with
 * this launch's token. Options: --port N, --data-dir DIR (default: KESTREL_DATA_DIR or
 * ~/.local/share/kestrel), --no-demo, --static DIR.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServices } from '../app/createServices';
import { startWebServer } from './WebServer';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function defaultDataDir(): string {
  if (process.env.KESTREL_DATA_DIR) return process.env.KESTREL_DATA_DIR;
  const base = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'kestrel');
}

async function main(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dataDir = arg('--data-dir') ?? defaultDataDir();
  const staticDir = arg('--static') ?? path.resolve(here, '..', 'renderer');
  const port = Number(arg('--port') ?? process.env.KESTREL_PORT ?? 0);
  const services = createServices({
    dataDir,
    mode: 'web',
    version: process.env.npm_package_version ?? '0.1.0',
    demo: !process.argv.includes('--no-demo'),
    modelsDir: process.env.KESTREL_MODELS_DIR ?? path.resolve(here, '..', '..', 'models'),
    log: (m) => console.log(`[kestrel] ${m}`),
  });
  const server = await startWebServer({ services, staticDir, port, log: (m) => console.error(`[kestrel] ${m}`) });
  console.log(`[kestrel] data folder: ${services.dataDir}`);
  console.log(`[kestrel] Kestrel (web mode) is running. Open this address in Chromium or Chrome:`);
  console.log(`KESTREL_URL ${server.url}`);
  services.ready.then(
    () => console.log('[kestrel] ready'),
    (e: unknown) => console.error(`[kestrel] demo seeding failed: ${String(e)}`),
  );
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await services.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(`[kestrel] failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
