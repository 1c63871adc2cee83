/**
 * Headless output, one write for the lines of one run of synchronous code
 * (flushed in a microtask). A write to a pipe is a synchronous system call
 * on Linux; a stored batch of history is hundreds of events, and one call
 * each was the largest single cost of a delivery in the receiver's CPU
 * profile. Not later than a microtask: a DM's event must be out before the
 * receipt that follows it leaves (scripts on both ends rely on that order).
 */
export interface LineBatch {
  write: (line: string) => void
  /** Writes what is queued now (before exit). */
  flush: () => void
}

export function lineBatch (write: (text: string) => void, later: (fn: () => void) => void = queueMicrotask): LineBatch {
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
