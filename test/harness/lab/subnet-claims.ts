import { mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isProcessAlive } from './lab-names.js'

/**
 * Each lab gets its own 10.77.X.0/24. Labs are isolated by their namespaces, so a shared
 * subnet would still work, but distinct subnets keep packet captures and error messages
 * unambiguous when vitest runs several lab files at once. A claim is a file created with
 * O_EXCL holding the owner's pid; claims of dead processes are reclaimed.
 */
export const SUBNET_BASE = '10.77'
const FIRST_OCTET = 1
const OCTET_COUNT = 254
export const CLAIM_DIR = join(tmpdir(), 'p2pc-lab-subnets')

/** Claims a free third octet, starting the search at a point derived from `seed`. */
export function claimSubnetOctet (seed: number): number {
  mkdirSync(CLAIM_DIR, { recursive: true })
  for (let step = 0; step < OCTET_COUNT; step++) {
    const octet = FIRST_OCTET + ((seed + step) % OCTET_COUNT)
    if (tryClaim(octet)) return octet
  }
  throw new Error(`no free lab subnet under ${SUBNET_BASE}.0.0/16 (claims in ${CLAIM_DIR})`)
}

export function releaseSubnetOctet (octet: number): void {
  if (claimOwner(octet) === process.pid) removeClaim(octet)
}

/** Drops claims whose owner died without releasing them (SIGKILL, crash). */
export function sweepStaleClaims (): void {
  let names: string[]
  try { names = readdirSync(CLAIM_DIR) } catch { return }
  for (const octet of names.map(Number).filter(Number.isInteger)) {
    const owner = claimOwner(octet)
    if (owner !== undefined && !isProcessAlive(owner)) removeClaim(octet)
  }
}

/** Mixes pid and counter so parallel processes start their search far apart. */
export function subnetSeed (pid: number, counter: number): number {
  return Math.abs(Math.imul(pid, 2654435761) ^ Math.imul(counter + 1, 40503)) % OCTET_COUNT
}

function tryClaim (octet: number): boolean {
  if (createClaim(octet)) return true
  const owner = claimOwner(octet)
  if (owner === undefined || isProcessAlive(owner)) return false
  // Two processes may reclaim the same stale file at once; the worst outcome is a shared
  // (still isolated) subnet, so no stronger lock is worth its complexity.
  removeClaim(octet)
  return createClaim(octet)
}

function removeClaim (octet: number): void {
  try { unlinkSync(claimPath(octet)) } catch { /* already gone */ }
}

function createClaim (octet: number): boolean {
  try {
    writeFileSync(claimPath(octet), String(process.pid), { flag: 'wx' })
    return true
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw err
  }
}

function claimOwner (octet: number): number | undefined {
  try {
    const pid = Number(readFileSync(claimPath(octet), 'utf8'))
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

function claimPath (octet: number): string {
  return join(CLAIM_DIR, String(octet))
}
