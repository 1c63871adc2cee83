import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

// Each outside dependency is imported in exactly one layer (docs/ARCHITECTURE.md).
const LAYERS = {
  libp2p: { group: ['libp2p', 'libp2p/*', '@libp2p/*', '@chainsafe/*', '@multiformats/*'], message: 'libp2p is imported only in src/net' },
  blessed: { group: ['blessed'], message: 'blessed is imported only in src/ui/view' },
  sqlite: { group: ['better-sqlite3'], message: 'SQLite is imported only in src/store' }
}
// bench/ and test/ share only test/harness/ (issue 11): the bench is built and run from dist/,
// so it may reach no test code but the harness, and no test reaches into bench/ (the smoke
// test runs the built bench as a subprocess). The harness, built with the bench, stands alone.
const restrictImports = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] })
const BENCH_TO_TEST = { regex: '^(\\.\\./)+test/(?!harness/)', message: 'bench/ may import only test/harness/ from test/' }
const TEST_TO_BENCH = { regex: '^(\\.\\./)+bench/', message: 'test/ does not import bench/: run the built bench (dist/bench/run.js) instead' }
const HARNESS_TO_TEST = { regex: '^(\\.\\./)+(helpers|lab|unit|integration|fixtures)/', message: 'test/harness/ is built with the bench: it imports nothing else from test/' }

const layerPatterns = (allowed) => Object.entries(LAYERS).filter(([name]) => name !== allowed).map(([, pattern]) => pattern)
const restrictExcept = (allowed) => ({ 'no-restricted-imports': ['error', { patterns: layerPatterns(allowed) }] })

// src/app: one folder per feature. A feature uses core/ and the command-handler type, never another
// feature's files; features meet only in app.ts through narrow interfaces (docs/ARCHITECTURE.md).
const APP_FEATURES = ['rooms', 'dms', 'private-rooms', 'general', 'notify', 'diag', 'search', 'files', 'couriers']
const featureBoundary = (feature) => ({
  files: [`src/app/${feature}/**`],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        ...layerPatterns(null),
        ...APP_FEATURES.filter(other => other !== feature).map(other => ({
          group: [`../${other}/*`, `**/app/${other}/*`],
          message: `src/app/${feature} may not use another feature's internals (src/app/${other}); depend on a narrow interface in src/app/core, wired in app.ts`
        })),
        { group: ['../app.js', '../controller.js'], message: 'features do not import the composition root' }
      ]
    }]
  }
})
const coreBoundary = {
  files: ['src/app/core/**'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [...layerPatterns(null), { group: APP_FEATURES.map(f => `../${f}/*`), message: 'src/app/core is shared by the features and imports none of them' }]
    }]
  }
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/protocol/*.pb.ts', '.lab-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error'
    }
  },
  { files: ['cli/**', 'test/**', 'bench/**', 'scripts/**'], rules: { 'no-console': 'off' } },
  { files: ['src/**'], rules: { ...restrictExcept(null), 'no-restricted-globals': ['error', { name: 'process', message: 'process.* belongs in cli/' }] } },
  { files: ['src/net/**'], rules: restrictExcept('libp2p') },
  { files: ['src/ui/view/**'], rules: restrictExcept('blessed') },
  { files: ['src/store/**'], rules: restrictExcept('sqlite') },
  ...APP_FEATURES.map(featureBoundary),
  coreBoundary,
  { files: ['bench/**'], rules: restrictImports(BENCH_TO_TEST) },
  { files: ['test/**'], rules: restrictImports(TEST_TO_BENCH) },
  { files: ['test/harness/**'], ignores: ['**/*.test.ts'], rules: restrictImports(TEST_TO_BENCH, HARNESS_TO_TEST) }
)
