/** Binary multiples: K, M and G (with an optional "iB" or "B": 10M, 10MiB and 10MB are all 10 × 2^20). */
const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }

/** "64M" → 67108864; undefined for anything that is not a whole size. Pure. */
export function parseByteSize (text: string): number | undefined {
  const m = /^(\d+)([kmg]?)(i?b)?$/i.exec(text.trim())
  const bytes = m === null ? NaN : Number(m[1]) * (SIZE_UNITS[(m[2] ?? '').toLowerCase()] ?? NaN)
  return Number.isSafeInteger(bytes) ? bytes : undefined
}
