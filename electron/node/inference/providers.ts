import { existsSync } from 'node:fs';
import type { ExecutionProvider } from './protocol';

/**
 * Execution providers to try, in order, for this platform: CUDA where an NVIDIA driver is present
 * (Linux, Windows), DirectML on Windows, CoreML on macOS, and the CPU always last. Each is tried on
 * its own and the first that creates a session is used, so a missing GPU library falls back cleanly.
 */
export function providerCandidates(platform: NodeJS.Platform = process.platform, hasNvidia: boolean = nvidiaPresent(platform)): ExecutionProvider[] {
  const list: ExecutionProvider[] = [];
  if ((platform === 'linux' || platform === 'win32') && hasNvidia) list.push('cuda');
  if (platform === 'win32') list.push('dml');
  if (platform === 'darwin') list.push('coreml');
  list.push('cpu');
  return list;
}

function nvidiaPresent(platform: NodeJS.Platform): boolean {
  if (process.env.KESTREL_DISABLE_GPU === '1') return false;
  if (platform === 'linux') return existsSync('/proc/driver/nvidia/version') || existsSync('/dev/nvidia0');
  if (platform === 'win32') return existsSync('C:\\Windows\\System32\\nvcuda.dll');
  return false;
}
