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

const restrictExcept = (allowed) => ({
  'no-restricted-imports': ['error', {
    patterns: Object.entries(LAYERS).filter(([name]) => name !== allowed).map(([, pattern]) => pattern)
  }]
})

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
  { files: ['bench/**'], rules: restrictImports(BENCH_TO_TEST) },
  { files: ['test/**'], rules: restrictImports(TEST_TO_BENCH) },
  { files: ['test/harness/**'], ignores: ['**/*.test.ts'], rules: restrictImports(TEST_TO_BENCH, HARNESS_TO_TEST) }
)
