#!/usr/bin/env node
// Runs bench/run.ts with tsx (TypeScript without a build step), forwarding the arguments.
import { spawnSync } from 'node:child_process';
const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
