import { formatNumber, type Row } from './report.js'

const HEADERS = ['#', 'Figure', 'p2pchat', 'Spread', 'Relay', 'Relay spread', 'p2pchat / relay', 'Goal', 'Met'] as const

const withUnit = (value: number | undefined, unit: string): string => value === undefined ? '' : `${formatNumber(value)} ${unit}`

function cells (row: Row): string[] {
  return [
    row.item,
    row.figure,
    withUnit(row.p2pchat, row.unit),
    row.spread,
    withUnit(row.relay, row.unit),
    row.relaySpread ?? '',
    row.ratio === undefined ? '' : `${formatNumber(row.ratio)}×`,
    row.goal ?? '',
    row.verdict === undefined ? '' : row.verdict === 'meets' ? 'yes' : 'NO'
  ]
}

/** A Markdown table with padded columns: readable in a terminal and in RESULTS.md alike. */
export function renderTable (rows: readonly Row[]): string {
  const body = rows.map(cells)
  const widths = HEADERS.map((header, i) => Math.max(header.length, ...body.map((r) => (r[i] ?? '').length)))
  const line = (values: readonly string[]): string => `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`
  return [line(HEADERS), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n')
}
