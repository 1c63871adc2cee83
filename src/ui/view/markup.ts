/**
 * Styled rows to blessed tag markup. The only place where markup is written:
 * span text is escaped here, so no `{...}` from anyone's text is ever a tag.
 * Text is sanitized again on the way out: the pure layer already did it (and
 * measured the escaped form), this makes a slip there harmless, not exploitable.
 */
import { type ColorDepth, resolveColor } from '../colors.js'
import { inertMarkup } from '../sanitize.js'
import type { Row, Span, Style } from '../styled.js'

function colorTags (style: Style, depth: ColorDepth): string[] {
  // blessed has no "dim" attribute: grey stands in for it when colour is on.
  const fg = style.fg !== undefined ? resolveColor(style.fg, depth) : style.dim === true ? resolveColor('gray', depth) : undefined
  const bg = style.bg === undefined ? undefined : resolveColor(style.bg, depth)
  return [...(fg === undefined ? [] : [`${fg}-fg`]), ...(bg === undefined ? [] : [`${bg}-bg`])]
}

export function styleTags (style: Style | undefined, depth: ColorDepth): string[] {
  if (style === undefined) return []
  const attributes = (['bold', 'underline', 'inverse'] as const).filter(name => style[name] === true)
  return [...attributes, ...colorTags(style, depth)]
}

export function spanMarkup (part: Span, depth: ColorDepth): string {
  const text = inertMarkup(part.text)
  const tags = styleTags(part.style, depth)
  return tags.length === 0 ? text : `${tags.map(tag => `{${tag}}`).join('')}${text}{/}`
}

export const rowMarkup = (row: Row, depth: ColorDepth): string => row.map(part => spanMarkup(part, depth)).join('')

export const rowsMarkup = (rows: readonly Row[], depth: ColorDepth): string => rows.map(row => rowMarkup(row, depth)).join('\n')
