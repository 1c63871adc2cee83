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

  constructor (private readonly width: number, private readonly indent: Row) {}

  get free (): number { return this.width - this.used }
  get atLineStart (): boolean { return this.current.length === 0 || this.used === rowWidth(this.indent) }

  add (text: string, width: number, style: Span['style']): void {
    this.current.push(span(text, style))
    this.used += width
  }

  newRow (): void {
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
  for (const unit of clusters(token.text)) {
    const width = stringWidth(unit)
    if (width > builder.free && !builder.atLineStart) builder.newRow()
    builder.add(unit, width, token.style)
  }
}

function addToken (builder: RowBuilder, token: Token, contentWidth: number): void {
  if (token.space) {
    // Spaces at a break are dropped; at the start of a continuation they are noise.
    if (token.width <= builder.free && !builder.atLineStart) builder.add(token.text, token.width, token.style)
    else if (!builder.atLineStart) builder.newRow()
    return
  }
  if (token.width <= builder.free) return builder.add(token.text, token.width, token.style)
  if (token.width <= contentWidth) {
    builder.newRow()
    return builder.add(token.text, token.width, token.style)
  }
  addHardBroken(builder, token)
}

/**
 * Wraps row to width cells. Continuation rows start with indent (a hanging
 * indent under the message text); indent is dropped when it would leave less
 * than half the width for text.
 */
export function wrapRow (row: Row, width: number, indent: Row = []): Row[] {
  if (width <= 0) return [[]]
  const usableIndent = rowWidth(indent) * 2 <= width ? indent : []
  const builder = new RowBuilder(width, usableIndent)
  const contentWidth = width - rowWidth(usableIndent)
  for (const token of tokenize(row)) addToken(builder, token, contentWidth)
  const rows = builder.finish()
  return rows.length === 0 ? [[]] : rows
}
