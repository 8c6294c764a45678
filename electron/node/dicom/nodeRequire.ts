/**
 * A `require` for this module's location that works both as ESM (tests, web mode) and when the
 * main process is bundled to CommonJS, where esbuild leaves `import.meta.url` undefined.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export function nodeRequire(): NodeJS.Require {
  const here: unknown = import.meta.url;
  return createRequire(typeof here === 'string' ? here : pathToFileURL(__filename).href);
}
