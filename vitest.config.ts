import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    setupFiles: ['./src/runtime/install-polyfills.ts'],
    include: ['test/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    // Two files at a time even on 2 cores (vitest's default there is 1): most files spend their time waiting on
    // p2pchat processes, and one at a time left the suite at ~13-15 min (2 at a time: ~6.5 min, same results).
    maxWorkers: 2,
    // CI also writes a JSON summary, from which .ci/run prints the plain "N passed, N failed" line.
    reporters: process.env.CI === 'true' ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-results/vitest.json' }
  }
})
