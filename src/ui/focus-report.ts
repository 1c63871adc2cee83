/**
 * Terminal focus reporting (xterm's mode 1004): once enabled, the terminal
 * sends CSI I when its window gains focus and CSI O when it loses it. A
 * terminal that does not support it sends nothing, and we assume focus.
 */
export const FOCUS_REPORTING_ON = '\x1b[?1004h'
export const FOCUS_REPORTING_OFF = '\x1b[?1004l'

const FOCUS_REPORT = new RegExp(`${String.fromCharCode(0x1b)}\\[([IO])`, 'g')

/** The focus changes reported in a chunk of terminal input, in order. */
export function focusReports (chunk: string): boolean[] {
  return [...chunk.matchAll(FOCUS_REPORT)].map(match => match[1] === 'I')
}
