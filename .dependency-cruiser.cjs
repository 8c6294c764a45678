/** Layering rules from DESIGN.md, checked in CI by `npm run lint:layers`. */
const nodeBuiltins = '^(node:|fs$|path$|os$|child_process$|worker_threads$|crypto$|http$|https$|net$|url$|stream$|zlib$|util$|events$|buffer$)';
module.exports = {
  forbidden: [
    {
      name: 'common-is-pure',
      comment: 'common/ runs everywhere: no Node, no DOM libraries, no Electron, nothing of ours outside common/',
      severity: 'error',
      from: { path: '^common/' },
      to: {
        pathNot: '^common/|^node_modules/(zod)/',
      },
    },
    {
      name: 'common-no-node-builtins',
      severity: 'error',
      from: { path: '^common/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'node-services-no-electron',
      comment: 'electron/node/ is plain Node: it must run in tests and in web mode without Electron',
      severity: 'error',
      from: { path: '^electron/node/' },
      to: { path: '^node_modules/electron/|^electron$|^electron/(main|preload)/|^renderer/' },
    },
    {
      name: 'main-not-renderer',
      severity: 'error',
      from: { path: '^electron/main/' },
      to: { path: '^renderer/|^electron/preload/' },
    },
    {
      name: 'preload-only-contract',
      comment: 'the preload exposes the contract; it does not reach services',
      severity: 'error',
      from: { path: '^electron/preload/' },
      to: { path: '^electron/(main|node)/|^renderer/' },
    },
    {
      name: 'renderer-through-contract',
      comment: 'the renderer reaches the main side only through common/api',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^electron/|^node_modules/(electron|better-sqlite3|onnxruntime-node|sharp|ws)/' },
    },
    {
      name: 'renderer-no-node-builtins',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|scratch)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
