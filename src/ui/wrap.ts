/**
 * Word wrapping of styled rows. Breaks at spaces; a word longer than the row
 * is cut hard at the column limit (a 300-character URL must not overflow).
 */
import { span, type Row, type Span, rowWidth } from './styled.js'
import { clusters, stringWidth } from './width.js'

interface Token { text: string, width: number, space: boolean, style: Span['style'] }

function tokenize (row: Row): Token[] {
  const tokens: Token[] = []
  for (const part of row) {
    for (const text of part.text.split(/( +)/)) {
      if (text.length === 0) continue
      tokens.push({ text, width: stringWidth(text), space: text.startsWith(' '), style: part.style })
    }
  }
  return tokens
}

class RowBuilder {
  readonly rows: Row[] = []
  private current: Row = []
  private used = 0
  /** A space is only written once a word follows it on the same row: rows never end in spaces. */
  private pendingSpace: Token | null = null

  constructor (private readonly width: number, private readonly indent: Row, head: Row) {
    this.current = [...head]
    this.used = rowWidth(head)
  }

  get free (): number { return this.width - this.used }
  get atLineStart (): boolean { return this.current.length === 0 || this.used === rowWidth(this.indent) }

  holdSpace (token: Token): void {
    this.pendingSpace = this.atLineStart ? null : token
  }

  /** Width the held space would take before the next word. */
  get spaceWidth (): number { return this.pendingSpace?.width ?? 0 }

  add (token: Pick<Token, 'text' | 'width' | 'style'>): void {
    if (this.pendingSpace !== null) {
      const space = this.pendingSpace
      this.pendingSpace = null
      this.add(space)
    }
    this.current.push(span(token.text, token.style))
    this.used += token.width
  }

  newRow (): void {
    this.pendingSpace = null
    this.rows.push(this.current)
    this.current = [...this.indent]
    this.used = rowWidth(this.indent)
  }

  finish (): Row[] {
    if (this.current.length > 0) this.rows.push(this.current)
    return this.rows
  }
}

function addHardBroken (builder: RowBuilder, token: Token): void {
  if (builder.spaceWidth + 1 > builder.free) builder.newRow()
  for (const text of clusters(token.text)) {
    const width = stringWidth(text)
    if (width > builder.free - builder.spaceWidth && !builder.atLineStart) builder.newRow()
    builder.add({ text, width, style: token.style })
  }
}

function addToken (builder: RowBuilder, token: Token, contentWidth: number): void {
  if (token.space) return builder.holdSpace(token)
  if (builder.spaceWidth + token.width <= builder.free) return builder.add(token)
  if (token.width <= contentWidth) {
    builder.newRow()
    return builder.add(token)
  }
  addHardBroken(builder, token)
}

export interface WrapOptions {
  /** Starts the first row verbatim (a message's time and nick): never wrapped inside. */
  head?: Row
  /** Starts every continuation row; dropped when it would leave less than half the width for text. */
  indent?: Row
}

/** Wraps row to width cells; every row but a head-only one fits in width. */
export function wrapRow (row: Row, width: number, options: WrapOptions = {}): Row[] {
  if (width <= 0) return [[]]
  const indent = options.indent ?? []
  const usableIndent = rowWidth(indent) * 2 <= width ? indent : []
  const builder = new RowBuilder(width, usableIndent, options.head ?? [])
  const contentWidth = width - rowWidth(usableIndent)
  for (const token of tokenize(row)) addToken(builder, token, contentWidth)
  const rows = builder.finish()
  return rows.length === 0 ? [[]] : rows
}
