/**
 * Headless output, one write per turn of the event loop. A write to a pipe
 * is a synchronous system call on Linux; a burst of messages is hundreds of
 * events, and one call each was the largest single cost of a delivery in
 * the receiver's CPU profile. Lines keep their order and leave before the
 * next turn's input is read, so a script sees each event as soon as before.
 */
export interface LineBatch {
  write: (line: string) => void
  /** Writes what is queued now (before exit). */
  flush: () => void
}

export function lineBatch (write: (text: string) => void, later: (fn: () => void) => void = setImmediate): LineBatch {
  let queued: string[] = []
  const flush = (): void => {
    if (queued.length === 0) return
    const text = `${queued.join('\n')}\n`
    queued = []
    write(text)
  }
  return {
    write: (line) => {
      queued.push(line)
      if (queued.length === 1) later(flush)
    },
    flush
  }
}
