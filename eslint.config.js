import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

// Each outside dependency is imported in exactly one layer (docs/ARCHITECTURE.md).
const LAYERS = {
  libp2p: { group: ['libp2p', 'libp2p/*', '@libp2p/*', '@chainsafe/*', '@multiformats/*'], message: 'libp2p is imported only in src/net' },
  blessed: { group: ['blessed'], message: 'blessed is imported only in src/ui/view' },
  sqlite: { group: ['better-sqlite3'], message: 'SQLite is imported only in src/store' }
}
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
  { files: ['src/store/**'], rules: restrictExcept('sqlite') }
)
