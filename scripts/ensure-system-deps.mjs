#!/usr/bin/env node
/**
 * The test suite's setup step: finds the system tools the tests use (Debian package names in
 * brackets). Missing ones are installed with apt-get when we are root on Debian/Ubuntu (as in CI);
 * otherwise the exact command to run is printed and the step fails.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const checks = [
  { pkg: 'chromium', ok: () => existsSync('/usr/bin/chromium') || has('chromium') },
  { pkg: 'dcmtk', ok: () => has('dcmdjpeg') && has('dcmdjpls') && has('dcmdump') },
  { pkg: 'dicom3tools', ok: () => has('dciodvfy') },
  { pkg: 'libgdcm-tools', ok: () => has('gdcmconv') },
  { pkg: 'ffmpeg', ok: () => has('ffmpeg') && has('ffprobe') },
  { pkg: 'python3-opencv', ok: () => py('import cv2') },
  { pkg: 'python3-numpy', ok: () => py('import numpy') },
  { pkg: 'python3-onnx', ok: () => py('import onnx') },
  { pkg: 'poppler-utils', ok: () => has('pdftotext') && has('pdfinfo') && has('pdftoppm') },
];

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function py(code) {
  return existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', code], { stdio: 'ignore' }).status === 0;
}

const missing = checks.filter((c) => !c.ok()).map((c) => c.pkg);
if (missing.length === 0) {
  console.log('system tools: all present');
  process.exit(0);
}

const command = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (isRoot && has('apt-get')) {
  console.log(`system tools: installing ${missing.join(', ')} with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install = update.status === 0 ? spawnSync('sh', ['-c', `${command} -qq`], { stdio: 'inherit', env }) : update;
  const still = checks.filter((c) => !c.ok()).map((c) => c.pkg);
  if (install.status === 0 && still.length === 0) process.exit(0);
  console.error(`system tools: apt-get could not install ${still.join(', ')}.`);
}
console.error(`The tests need these system packages: ${missing.join(', ')}. Install them with:\n  sudo ${command}`);
process.exit(1);
