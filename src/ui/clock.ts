/**
 * Wall-clock formatting with the time zone as an explicit input, so tests pin
 * it and the pure code never asks the machine which zone it is in.
 */

/** Formats a timestamp as 5 characters. Every Clock must return a fixed width. */
export type Clock = (ts: number) => string

const MINUTE_MS = 60_000
const DAY_MINUTES = 24 * 60

const twoDigits = (value: number): string => String(value).padStart(2, '0')

/** `HH:MM` of ts in a zone offsetMinutes east of UTC. */
export function formatClock (ts: number, offsetMinutes: number): string {
  const minutesOfDay = Math.floor(ts / MINUTE_MS + offsetMinutes)
  const inDay = ((minutesOfDay % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES
  return `${twoDigits(Math.floor(inDay / 60))}:${twoDigits(inDay % 60)}`
}

export const fixedZoneClock = (offsetMinutes: number): Clock => ts => formatClock(ts, offsetMinutes)

export const utcClock: Clock = fixedZoneClock(0)

/** The machine's zone, looked up per timestamp so daylight-saving changes are right. */
export const localClock: Clock = ts => formatClock(ts, -new Date(ts).getTimezoneOffset())
