/**
 * Child processes cannot import TypeScript, so tests that run the real store
 * in a child use the compiled copy in dist/. ensureBuiltStore compiles the
 * project (tsconfig.build.json) when that copy is missing or older than its
 * sources; a lock directory keeps parallel test files from compiling at once.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
export const FIXTURES = join(ROOT, 'test', 'fixtures')

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const LOCK = join(tmpdir(), `p2pchat-store-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`)
const STALE_LOCK_MS = 5 * 60_000
const BUILD_TIMEOUT_MS = 150_000

const tsFiles = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter(name => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map(name => join(ROOT, dir, name))

/** What the compiled store is made of: the store itself and the modules it imports. */
const storeSources = (): string[] => [...tsFiles('src/store'), ...tsFiles('src/domain'), join(ROOT, 'src', 'errors.ts')]

const mtime = (path: string): number | undefined => {
  try {
    return statSync(path).mtimeMs
  } catch {
    return undefined
  }
}

function staleOutputs (): string[] {
  return storeSources().filter(source => {
    const output = join(ROOT, 'dist', relative(ROOT, source).replace(/\.ts$/, '.js'))
    const built = mtime(output)
    return built === undefined || built < (mtime(source) ?? Infinity)
  })
}

const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

async function withBuildLock<T> (fn: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(LOCK)
      break
    } catch {
      const age = Date.now() - (mtime(LOCK) ?? Date.now())
      if (age > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true })
      else await sleep(200)
    }
  }
  try {
    return await fn()
  } finally {
    rmSync(LOCK, { recursive: true, force: true })
  }
}

/** Makes dist/src/store/index.js current; throws with the compiler's output if it cannot. */
export async function ensureBuiltStore (): Promise<string> {
  const index = join(ROOT, 'dist', 'src', 'store', 'index.js')
  if (staleOutputs().length === 0) return index
  await withBuildLock(async () => {
    if (staleOutputs().length === 0) return
    let output = ''
    try {
      await promisify(execFile)(process.execPath, [TSC, '-p', 'tsconfig.build.json'], { cwd: ROOT, timeout: BUILD_TIMEOUT_MS })
    } catch (err) {
      // Type errors elsewhere in the tree do not stop tsc from emitting the store.
      const failure = err as { stdout?: string, message: string }
      output = failure.stdout ?? failure.message
    }
    const stale = staleOutputs()
    if (stale.length > 0) {
      throw new Error(`could not compile the store (${stale.map(s => relative(ROOT, s)).join(', ')}):\n${output}`)
    }
  })
  return index
}
