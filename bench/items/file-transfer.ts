import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, openSync, writeSync, closeSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createLab, type Lab, type LabHost } from '../../test/harness/lab/lab.js'
import { waitForAllOnline } from '../driver/membership.js'
import { pidOf, spawnFilePipe, spawnP2pchat, stopAll, whenReady, type Participant } from '../driver/participants.js'
import { cpuMs } from '../driver/proc-stats.js'
import { readRssMb } from '../driver/rss.js'
import type { ItemContext } from './item-context.js'

export interface FileTransferResult {
  bytes: number
  /** `/get` written → the receiver's `done` (manifest, every chunk checked, the whole file checked, moved into place). */
  p2pchatMs: number
  tlsMs: number
  tcpMs: number
  /** Highest RSS sampled during the p2pchat transfer. */
  senderRssMb: number
  receiverRssMb: number
  /** CPU (user + system) each p2pchat process used from /get to done, per GiB moved: steadier than the rate on a shared box. */
  senderCpuMsPerGiB: number
  receiverCpuMsPerGiB: number
}

const RSS_SAMPLE_MS = 200
const MiB = 1024 * 1024

/**
 * Item "file": one file between two lab hosts, by p2pchat (/send, /get), by
 * one TLS 1.3 socket and by one raw TCP socket, in the same run; disk to
 * disk each time, the copies checked by SHA-256.
 */
export async function measureFileTransfer (ctx: ItemContext): Promise<FileTransferResult> {
  const bytes = ctx.config.file.megabytes * MiB
  const dir = ctx.env.homes.subdir('file-source')
  const source = join(dir, 'payload.bin')
  const sha256 = writeRandomFile(source, bytes)
  const lab = await createLab({ hosts: 2, name: 'file' })
  try {
    const p2p = await p2pchatRun(ctx, lab, source, sha256)
    ctx.log(`  p2pchat: ${rate(bytes, p2p.ms)} MB/s, RSS sender ${p2p.senderRssMb.toFixed(0)} MB, receiver ${p2p.receiverRssMb.toFixed(0)} MB, CPU per GiB sender ${p2p.senderCpuMsPerGiB.toFixed(0)} ms, receiver ${p2p.receiverCpuMsPerGiB.toFixed(0)} ms`)
    const tlsMs = await pipeRun(ctx, lab, source, sha256, 'tls')
    const tcpMs = await pipeRun(ctx, lab, source, sha256, 'tcp')
    ctx.log(`  TLS 1.3 socket: ${rate(bytes, tlsMs)} MB/s, raw TCP: ${rate(bytes, tcpMs)} MB/s`)
    return { bytes, p2pchatMs: p2p.ms, tlsMs, tcpMs, senderRssMb: p2p.senderRssMb, receiverRssMb: p2p.receiverRssMb, senderCpuMsPerGiB: p2p.senderCpuMsPerGiB, receiverCpuMsPerGiB: p2p.receiverCpuMsPerGiB }
  } finally {
    await lab.destroy()
  }
}

const rate = (bytes: number, ms: number): string => (bytes / MiB / (ms / 1000)).toFixed(1)

function writeRandomFile (path: string, bytes: number): string {
  const hash = createHash('sha256')
  const fd = openSync(path, 'w', 0o600)
  try {
    for (let done = 0; done < bytes;) {
      const piece = randomBytes(Math.min(MiB, bytes - done))
      writeSync(fd, piece)
      hash.update(piece)
      done += piece.byteLength
    }
  } finally {
    closeSync(fd)
  }
  return hash.digest('hex')
}

async function sha256Of (path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const piece of createReadStream(path) as AsyncIterable<Buffer>) hash.update(piece)
  return hash.digest('hex')
}

async function p2pchatRun (ctx: ItemContext, lab: Lab, source: string, sha256: string): Promise<{ ms: number, senderRssMb: number, receiverRssMb: number, senderCpuMsPerGiB: number, receiverCpuMsPerGiB: number }> {
  const [h1, h2] = lab.hosts as [LabHost, LabHost]
  const procs = [spawnP2pchat(lab, h1, ctx.env, { nick: 'sender' }), spawnP2pchat(lab, h2, ctx.env, { nick: 'receiver' })]
  const group: Participant[] = await Promise.all(procs.map(async (proc, i) => await whenReady('p2pchat', i === 0 ? 'sender' : 'receiver', i === 0 ? h1 : h2, proc)))
  try {
    const [sender, receiver] = group as [Participant, Participant]
    await waitForAllOnline(group, ctx.config.membershipTimeoutMs)
    sender.proc.send(`/send ${receiver.peerId} ${source}`)
    const offer = await receiver.proc.waitFor((e) => e.type === 'message' && e.kind === 'file', { description: 'the file offer', timeoutMs: 120_000 })
    const id = (offer.file as { id: string }).id
    receiver.proc.send(`/accept ${sender.peerId}`)
    let senderRssMb = 0
    let receiverRssMb = 0
    const sampler = setInterval(() => {
      senderRssMb = Math.max(senderRssMb, readRssMb(pidOf(sender.proc)))
      receiverRssMb = Math.max(receiverRssMb, readRssMb(pidOf(receiver.proc)))
    }, RSS_SAMPLE_MS)
    const cpuBefore = [cpuMs(pidOf(sender.proc)), cpuMs(pidOf(receiver.proc))] as const
    const started = performance.now()
    receiver.proc.send(`/get ${id}`)
    const done = await receiver.proc.waitFor((e) => e.type === 'transfer' && e.id === id && e.direction === 'in' && (e.status === 'done' || e.status === 'failed'), { description: 'the download', timeoutMs: 30 * 60_000 })
      .finally(() => { clearInterval(sampler) })
    const ms = performance.now() - started
    const perGiB = (used: number): number => used / (ctx.config.file.megabytes / 1024)
    const senderCpuMsPerGiB = perGiB(cpuMs(pidOf(sender.proc)) - cpuBefore[0])
    const receiverCpuMsPerGiB = perGiB(cpuMs(pidOf(receiver.proc)) - cpuBefore[1])
    if (done.status !== 'done') throw new Error(`p2pchat transfer failed: ${String(done.error)}`)
    if (await sha256Of(String(done.path)) !== sha256) throw new Error('p2pchat delivered a different file')
    return { ms, senderRssMb, receiverRssMb, senderCpuMsPerGiB, receiverCpuMsPerGiB }
  } finally {
    await stopAll(group)
  }
}

async function pipeRun (ctx: ItemContext, lab: Lab, source: string, sha256: string, proto: 'tls' | 'tcp'): Promise<number> {
  const [h1, h2] = lab.hosts as [LabHost, LabHost]
  const cert = proto === 'tls' ? await ctx.relayCert() : undefined
  const server = spawnFilePipe(lab, h1, ['serve', '--proto', proto, '--host', h1.ip, '--file', source, ...(cert !== undefined ? ['--key', cert.keyPath, '--cert', cert.certPath] : [])])
  const out = join(ctx.env.homes.subdir(`file-${proto}`), 'copy.bin')
  try {
    const listening = await server.waitFor((e) => e.type === 'listening', { description: 'listening', timeoutMs: 30_000 })
    const client = spawnFilePipe(lab, h2, ['fetch', '--proto', proto, '--server', `${h1.ip}:${String(listening.port)}`, '--out', out, ...(cert !== undefined ? ['--ca', cert.certPath] : [])])
    const done = await client.waitFor((e) => e.type === 'done', { description: `${proto} copy`, timeoutMs: 30 * 60_000 })
    if (await sha256Of(out) !== sha256) throw new Error(`${proto} delivered a different file`)
    return Number(done.ms)
  } finally {
    await server.killAndWait(2_000)
  }
}
