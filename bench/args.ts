import { parseArgs } from 'node:util'

/** Items a run can select with --only; the relay baseline (item 9) runs inside room, dm and rate. */
export const ITEM_NAMES = ['discovery', 'room', 'dm', 'rate', 'rss', 'ready', 'store', 'scale', 'search', 'file', 'catch-up', 'couriers', 'reach'] as const
export type ItemName = typeof ITEM_NAMES[number]

export interface BenchArgs {
  quick: boolean
  /** The smallest configuration, every item once: what the test suite's smoke run uses. */
  smoke: boolean
  only: ReadonlySet<ItemName>
  /** Where the JSON goes; default under os.tmpdir(). */
  out: string | undefined
  /** Directory for `node --cpu-prof` profiles of every p2pchat process. */
  cpuProf: string | undefined
  /** Parent directory of the p2pchat profiles (their SQLite stores); default os.tmpdir(). */
  homes: string | undefined
  help: boolean
}

export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError'
}

export const USAGE = `usage: npm run bench -- [--quick | --smoke] [--only ITEM,...] [--out FILE] [--cpu-prof DIR]

  --quick          a small configuration (about a minute)
  --smoke          the smallest configuration (each item once, 2-3 hosts): checks the bench runs, not a measurement
  --only ITEMS     comma-separated: ${ITEM_NAMES.join(', ')}
  --out FILE       write the JSON figures here (default: $TMPDIR/p2pchat-bench/results-<date>.json)
  --cpu-prof DIR   run every p2pchat process under node --cpu-prof, profiles in DIR
  --homes DIR      put p2pchat's profile directories (and SQLite stores) under DIR
                   (default: $TMPDIR; /dev/shm shows what the disk's fsyncs cost)
Needs root (network namespaces) and the openssl CLI (the relay's throwaway certificate).`

export function parseBenchArgs (argv: readonly string[]): BenchArgs {
  let values
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        quick: { type: 'boolean', default: false },
        smoke: { type: 'boolean', default: false },
        only: { type: 'string' },
        out: { type: 'string' },
        'cpu-prof': { type: 'string' },
        homes: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false }
      },
      strict: true,
      allowPositionals: false
    }).values
  } catch (err) {
    throw new BenchUsageError((err as Error).message)
  }
  if (values.quick === true && values.smoke === true) throw new BenchUsageError('--quick and --smoke are two sizes: pick one')
  const only = new Set<ItemName>()
  for (const name of (values.only ?? ITEM_NAMES.join(',')).split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    if (!(ITEM_NAMES as readonly string[]).includes(name)) throw new BenchUsageError(`unknown item "${name}" (items: ${ITEM_NAMES.join(', ')})`)
    only.add(name as ItemName)
  }
  return { quick: values.quick === true, smoke: values.smoke === true, only, out: values.out, cpuProf: values['cpu-prof'], homes: values.homes, help: values.help === true }
}
