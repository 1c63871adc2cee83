import { afterAll } from 'vitest'

/**
 * Per-file registry of things to tear down in afterAll, so that a failing test still kills
 * its processes and deletes its labs. Teardown runs in reverse order of registration (a
 * client started in a lab stops before the lab goes), each step bounded, every step tried.
 */
export const CLEANUP_STEP_TIMEOUT_MS = 15_000

type Step = { label: string, run: () => unknown }

interface Destroyable { destroy(): Promise<void> }
interface Removable { remove(): Promise<void> }
interface Killable {
  readonly label?: string
  readonly exitStatus: unknown
  readonly exited: Promise<unknown>
  kill(signal?: NodeJS.Signals): void
}

export class CleanupRegistry {
  #steps: Step[] = []

  /** Registers any teardown function. */
  add (label: string, run: () => unknown): void {
    this.#steps.push({ label, run })
  }

  /** Registers a lab (or anything with destroy()) and returns it, for `const lab = cleanup.lab(await createLab(...))`. */
  lab<T extends Destroyable>(lab: T): T {
    this.add('destroy lab', () => lab.destroy())
    return lab
  }

  /** Registers a spawned client: SIGKILLed at teardown unless it already exited. */
  process<T extends Killable>(client: T): T {
    this.add(`kill ${client.label ?? 'process'}`, async () => {
      if (client.exitStatus !== undefined) return
      client.kill('SIGKILL')
      await client.exited
    })
    return client
  }

  /** Registers a temp home (or anything with remove()). */
  home<T extends Removable>(home: T): T {
    this.add('remove temp home', () => home.remove())
    return home
  }

  /** Runs and forgets every step, newest first; throws one error naming every failed step. */
  async run (): Promise<void> {
    const steps = this.#steps.reverse()
    this.#steps = []
    const failures: string[] = []
    for (const step of steps) {
      try {
        await withTimeout(Promise.resolve().then(step.run), CLEANUP_STEP_TIMEOUT_MS, step.label)
      } catch (err) {
        failures.push(`${step.label}: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
    if (failures.length > 0) throw new Error(`cleanup failed:\n  ${failures.join('\n  ')}`)
  }
}

/** A registry whose steps run in this file's afterAll. Call it at the top of a describe block or file. */
export function useCleanup (): CleanupRegistry {
  const registry = new CleanupRegistry()
  afterAll(() => registry.run(), CLEANUP_STEP_TIMEOUT_MS * 2)
  return registry
}

async function withTimeout<T> (promise: Promise<T>, timeoutMs: number, label: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => { reject(new Error(`${label} did not finish within ${timeoutMs} ms`)) }, timeoutMs)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
