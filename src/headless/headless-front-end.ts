import type { ControllerPort } from '../app/controller-port.js'
import type { AppEvent } from '../domain/events.js'

/** The longest input line we accept; longer lines are refused whole, not split into several messages. */
export const MAX_INPUT_LINE_CHARS = 64 * 1024

export interface HeadlessOptions {
  controller: ControllerPort
  /** Lines as typed, without their newline. */
  lines: AsyncIterable<string>
  /** Writes one line of output (the CLI appends the newline and writes stdout). */
  write: (line: string) => void
  /** Input is read only once this settles (the node is listening); events flow from the start. */
  started?: Promise<unknown>
}

/** One JSON object per line: the contract scripts and tests rely on (README "Headless mode"). */
export const encodeEvent = (event: AppEvent): string => JSON.stringify(event)

/**
 * The NDJSON front end: every application event goes out as one JSON line,
 * every input line is handled in order, exactly as the TUI would handle it.
 * Resolves when the input ends.
 */
export async function runHeadless ({ controller, lines, write, started }: HeadlessOptions): Promise<void> {
  const unsubscribe = controller.subscribe(event => { write(encodeEvent(event)) })
  try {
    await started
    for await (const line of lines) {
      if (line.length > MAX_INPUT_LINE_CHARS) {
        write(encodeEvent({ type: 'error', code: 'LINE_TOO_LONG', message: `input line longer than ${MAX_INPUT_LINE_CHARS} characters ignored` }))
        continue
      }
      await controller.submit(line)
    }
  } finally {
    unsubscribe()
  }
}
