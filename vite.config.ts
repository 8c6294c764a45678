import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Cornerstone3D in Vite: pre-bundle its CommonJS-ish codec packages and the core packages, keep the
// DICOM image loader out of pre-bundling (its workers and WASM are resolved relative to it), and
// build workers as ES modules.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
  },
  worker: { format: 'es' },
  optimizeDeps: {
    include: [
      '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
      '@cornerstonejs/codec-charls/decodewasmjs',
      '@cornerstonejs/codec-openjpeg/decodewasmjs',
      '@cornerstonejs/codec-openjph/wasmjs',
      '@cornerstonejs/core',
      '@cornerstonejs/tools',
      '@cornerstonejs/metadata',
      '@cornerstonejs/utils',
      'dicom-parser',
    ],
    exclude: ['@cornerstonejs/dicom-image-loader'],
  },
  resolve: {
    alias: { events: 'events' },
  },
});
