export const MAX_ROOM_CHARS = 64
const ROOM_PATTERN = /^[A-Za-z0-9._-]{1,64}$/

/** Room names are case-insensitive: `#General` and `general` are one room. */
export function normalizeRoomName (input: string): string {
  return (input.startsWith('#') ? input.slice(1) : input).toLowerCase()
}

export function roomNameProblem (input: string): string | undefined {
  const name = input.startsWith('#') ? input.slice(1) : input
  if (name.length === 0) return 'room name is empty'
  if (name.length > MAX_ROOM_CHARS) return `room name is longer than ${MAX_ROOM_CHARS} characters`
  if (!ROOM_PATTERN.test(name)) return 'room names use only letters, digits, "-", "_" and "."'
  return undefined
}
