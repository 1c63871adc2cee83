export const MAX_NICK_CHARS = 32

// Letters, marks, numbers, punctuation and symbols; no separators, controls, or format chars (bidi, zero-width).
const NICK_PATTERN = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]+$/u

/** Returns a reason the nickname is unacceptable, or undefined when it is fine. */
export function nicknameProblem (nick: string): string | undefined {
  const chars = [...nick].length
  if (chars === 0) return 'nickname is empty'
  if (chars > MAX_NICK_CHARS) return `nickname is longer than ${MAX_NICK_CHARS} characters`
  if (!NICK_PATTERN.test(nick)) return 'nickname may contain only printable characters, no spaces'
  return undefined
}

export const isValidNickname = (nick: string): boolean => nicknameProblem(nick) === undefined
