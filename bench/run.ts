/**
 * `npm run bench`: every benchmark of the foundation issue, each printed against its goal.
 * Run after `npm run build` (the viewer benchmark drives the built web mode).
 * Select with arguments: worklist, import, pipeline, viewer, vfss, preprocess (default: all).
 */
import { benchImport } from './importThroughput';
import { benchPipeline } from './pipeline';
import { benchPreprocess } from './preprocess';
import { printFigures } from './report';
import { benchViewer } from './viewer';
import { benchVfss } from './vfss';
import { benchWorklist } from './worklistQuery';

const wanted = new Set(process.argv.slice(2));
const all = wanted.size === 0;

async function main(): Promise<void> {
  console.log(`Kestrel benchmarks — ${new Date().toISOString()} — node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
  if (all || wanted.has('worklist')) printFigures('Worklist query (SQLite, 10,000 studies)', await benchWorklist());
  if (all || wanted.has('import')) printFigures('Import throughput', await benchImport());
  if (all || wanted.has('pipeline')) printFigures('AI pipeline on the CPU (shipped VFSS model, 300-frame demo)', await benchPipeline());
  if (all || wanted.has('viewer')) printFigures('Viewer in Chromium (web mode)', await benchViewer());
  if (all || wanted.has('vfss')) printFigures('VFSS review in Chromium (web mode, 300-frame demo)', await benchVfss());
  if (all || wanted.has('preprocess')) printFigures('Preprocessing (common/imaging vs OpenCV 4.6, 1 thread)', await benchPreprocess());
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
