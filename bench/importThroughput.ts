/**
 * Import throughput in instances/s (goal ≥ 200): 1,000 small single-frame DICOM files in 50
 * studies, imported from a folder through the production pipeline (read, hash, parse, decode check,
 * store with fsync, one transaction per study).
 */
import path from 'node:path';
import { createServices } from '../electron/node/app/createServices';
import { scanPaths } from '../electron/node/import/sources';
import { writeSyntheticStudies } from '../tests/helpers/syntheticDicom';
import { tempDir } from '../tests/helpers/tempDir';
import { printFigures, type Figure } from './report';

export async function benchImport(studies = 50, perStudy = 20): Promise<Figure[]> {
  const tmp = tempDir('kestrel-bench-import-');
  writeSyntheticStudies(path.join(tmp.dir, 'src'), studies, perStudy, '2.25.888', 256);
  const figures: Figure[] = [];
  for (const deidentify of [false, true]) {
    const services = createServices({ dataDir: path.join(tmp.dir, `data-${deidentify}`), mode: 'web', version: 'bench', demo: false, log: () => {} });
    const t0 = performance.now();
    const id = services.imports.start(() => scanPaths([path.join(tmp.dir, 'src')]), { deidentify, workflow: 'auto' });
    const report = await services.imports.wait(id);
    const seconds = (performance.now() - t0) / 1000;
    if (report.counts.imported !== studies * perStudy) throw new Error(`imported ${report.counts.imported}: ${JSON.stringify(report.files.slice(0, 3))}`);
    figures.push({
      name: `import throughput${deidentify ? ' (with de-identification)' : ''}`,
      value: report.counts.imported / seconds,
      unit: 'inst/s',
      goal: 200,
      kind: 'min',
      note: `${report.counts.imported} instances 256×256 in ${seconds.toFixed(2)} s`,
    });
    await services.dispose();
  }
  tmp.cleanup();
  return figures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchImport().then((f) => printFigures('Import', f));
}
