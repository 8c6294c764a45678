import { fileURLToPath } from 'node:url';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface StartedServer {
  url: string;
  origin: string;
  process: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const ROOT = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
export const SERVER_ENTRY = path.join(ROOT, 'dist', 'server', 'web.mjs');

/**
 * Starts the built web-mode server (`npm run build` must have run: `npm test` does it) on a free
 * port with its own data folder, and waits for the printed address. With `waitReady` it also waits
 * until the demo cases are seeded.
 */
export async function startServer(dataDir: string, opts: { demo?: boolean; waitReady?: boolean; timeoutMs?: number; env?: Record<string, string> } = {}): Promise<StartedServer> {
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run "npm run build" first.`);
  const args = [SERVER_ENTRY, '--data-dir', dataDir, '--port', '0'];
  if (opts.demo === false) args.push('--no-demo');
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /KESTREL_URL (\S+)/.exec(out);
      const ready = !opts.waitReady || opts.demo === false || out.includes('[kestrel] ready');
      if (m && ready) {
        clearInterval(timer);
        resolve(m[1] as string);
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`server exited (${child.exitCode}):\n${out}`));
      } else if (Date.now() > deadline) {
        clearInterval(timer);
        child.kill('SIGKILL');
        reject(new Error(`server did not start in time:\n${out}`));
      }
    }, 50);
  });
  return {
    url,
    origin: new URL(url).origin,
    process: child,
    output: () => out,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}
