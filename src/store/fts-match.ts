/**
 * Search terms as an FTS5 MATCH expression. Every term becomes an FTS5
 * string ("..." with inner quotes doubled), so nothing a user types is read
 * as FTS5 syntax (AND, NEAR, column filters, parentheses): the tokenizer only
 * splits the string into words, and several words make a phrase. Strings sit
 * side by side, which FTS5 reads as AND.
 */
import type { SearchTerm } from '../domain/search-query.js'

export const ftsString = (text: string): string => `"${text.replace(/"/g, '""')}"`

export function ftsMatchExpression (terms: readonly SearchTerm[]): string {
  return terms.map(term => `${ftsString(term.text)}${term.prefix ? ' *' : ''}`).join(' ')
}
