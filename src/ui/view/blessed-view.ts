/**
 * The blessed terminal view: a thin painter of UiState. Every text it shows
 * comes from the pure selectors (sanitized) and goes through rowMarkup
 * (markup-escaped); the only tags are the ones rowMarkup writes for styles.
 */
import blessed from 'blessed'
import type { Widgets } from 'blessed'
import type { Readable, Writable } from 'node:stream'
import { type Clock, localClock } from '../clock.js'
import { colorDepth, type ColorDepth } from '../colors.js'
import type { KeyPress } from '../keymap.js'
import type { Layout, Rect } from '../layout.js'
import { conversationListRows, sidePanelRows, titleRow } from '../panels.js'
import { hintRow, screenLayout, statusRow, visibleRows } from '../selectors.js'
import { inputRow } from '../input-view.js'
import type { ScreenSize, UiState } from '../state.js'
import { fitRow, type Row } from '../styled.js'
import type { ViewPort } from '../tui-session.js'
import { alignBlessedWidths } from './blessed-unicode.js'
import { rowMarkup, rowsMarkup } from './markup.js'
import { FOCUS_REPORTING_OFF, FOCUS_REPORTING_ON, focusReports } from '../focus-report.js'

export interface BlessedViewOptions {
  input: Readable
  output: Writable
  /** False for NO_COLOR or --no-color: attributes only, no colours. */
  color: boolean
  /** The terminal window title; local text only, never a remote string. */
  title?: string
  /** terminfo entry to use; xterm-256color unless the caller knows better. */
  terminal?: string
  /** Trust that the terminal speaks UTF-8 instead of guessing from the locale. */
  forceUnicode?: boolean
  /** How timestamps are shown; the machine's zone by default. */
  clock?: Clock
}

export interface BlessedView extends ViewPort {
  /** Each screen row as drawn, wide characters once: for tests and screenshots. */
  screenText: () => string[]
}

type Region = 'title' | 'list' | 'messages' | 'side' | 'status' | 'hint' | 'input' | 'leftDivider' | 'rightDivider'
type Boxes = Record<Region, Widgets.BoxElement>

/** How many colours the terminfo entry offers; the typings leave it out. */
const terminalColors = (screen: Widgets.Screen): number => (screen.tput as unknown as { colors?: number }).colors ?? 8

/** blessed's cell buffer, which its typings leave out. */
interface CellBuffer { lines: Array<Array<[number, string]>> }

// blessed puts this in the cell after a wide character; the terminal never sees it.
const WIDE_SPACER = '\x03'

function createScreen (options: BlessedViewOptions): Widgets.Screen {
  const screenOptions: Widgets.IScreenOptions = {
    smartCSR: true,
    fullUnicode: true,
    dockBorders: true,
    autoPadding: true,
    warnings: false,
    terminal: options.terminal ?? 'xterm-256color',
    ...(options.forceUnicode === undefined ? {} : { forceUnicode: options.forceUnicode }),
    ...(options.title === undefined ? {} : { title: options.title })
  }
  // @types/blessed swaps the stream types of input and output.
  return blessed.screen({ ...screenOptions, input: options.input, output: options.output } as unknown as Widgets.IScreenOptions)
}

function createBoxes (screen: Widgets.Screen, depth: ColorDepth): Boxes {
  const box = (style: Widgets.Types.TStyle = {}): Widgets.BoxElement =>
    blessed.box({ parent: screen, tags: true, wrap: false, style, left: 0, top: 0, width: 1, height: 1 })
  const bar: Widgets.Types.TStyle = depth === 0 ? { inverse: true } : { bg: 'blue', fg: 'white' }
  return {
    title: box(bar),
    list: box(),
    messages: box(),
    side: box(),
    status: box(bar),
    hint: box(),
    input: box(),
    leftDivider: box(),
    rightDivider: box()
  }
}

function place (element: Widgets.BoxElement, rect: Rect | null | undefined, content: () => string): void {
  if (rect === null || rect === undefined || rect.width <= 0 || rect.height <= 0) {
    element.hide()
    return
  }
  element.left = rect.left
  element.top = rect.top
  element.width = rect.width
  element.height = rect.height
  element.setContent(content())
  element.show()
}

const dividerMarkup = (height: number, depth: ColorDepth): string =>
  Array.from({ length: height }, () => rowMarkup([{ text: '│', style: { dim: true } }], depth)).join('\n')

class BlessedTerminalView implements BlessedView {
  private readonly screen: Widgets.Screen
  private readonly boxes: Boxes
  private readonly depth: ColorDepth
  private readonly clock: Clock
  private readonly input: Readable

  constructor (options: BlessedViewOptions) {
    this.input = options.input
    alignBlessedWidths()
    this.screen = createScreen(options)
    this.depth = colorDepth(options.color, terminalColors(this.screen))
    this.clock = options.clock ?? localClock
    this.boxes = createBoxes(this.screen, this.depth)
    this.screen.program.hideCursor()
    // Ask for focus reports (CSI I / CSI O); terminals without them ignore the request.
    this.writeControl(FOCUS_REPORTING_ON)
  }

  writeControl (sequence: string): void {
    this.screen.program.write(sequence)
  }

  onFocus (handler: (focused: boolean) => void): void {
    this.input.on('data', (chunk: Buffer | string) => {
      for (const focused of focusReports(chunk.toString())) handler(focused)
    })
  }

  size (): ScreenSize {
    return { cols: Math.max(1, Number(this.screen.width)), rows: Math.max(1, Number(this.screen.height)) }
  }

  onKey (handler: (key: KeyPress) => void): void {
    this.screen.on('keypress', (ch: string | undefined, key: Widgets.Events.IKeyEventArg | undefined) => {
      const name = key?.full ?? key?.name ?? ch ?? ''
      handler(ch === undefined ? { name } : { name, ch })
    })
  }

  onResize (handler: (size: ScreenSize) => void): void {
    this.screen.on('resize', () => handler(this.size()))
  }

  render (state: UiState): void {
    const layout = screenLayout(state)
    this.placeBars(state, layout)
    this.placePanels(state, layout)
    this.screen.render()
  }

  redraw (): void {
    this.screen.realloc()
  }

  destroy (): void {
    this.writeControl(FOCUS_REPORTING_OFF)
    this.screen.destroy()
  }

  screenText (): string[] {
    const cells = (this.screen as unknown as CellBuffer).lines
    return cells.map(row => row.map(cell => cell[1]).join('').replaceAll(WIDE_SPACER, ''))
  }

  private line (row: Row, rect: Rect | null): string {
    return rowMarkup(fitRow(row, rect?.width ?? 0), this.depth)
  }

  private placeBars (state: UiState, layout: Layout): void {
    const hint = hintRow(state)
    place(this.boxes.title, layout.title, () => this.line(titleRow(state), layout.title))
    place(this.boxes.status, layout.status, () => this.line(statusRow(state), layout.status))
    place(this.boxes.hint, hint === undefined ? null : layout.hint, () => this.line(hint ?? [], layout.hint))
    place(this.boxes.input, layout.input, () => this.line(inputRow(state, layout.input.width), layout.input))
  }

  private placePanels (state: UiState, layout: Layout): void {
    const { list, side, messages, leftDivider, rightDivider } = layout
    place(this.boxes.messages, messages, () => rowsMarkup(visibleRows(state, this.clock), this.depth))
    place(this.boxes.list, list, () => rowsMarkup(conversationListRows(state, list?.width ?? 0, list?.height ?? 0), this.depth))
    place(this.boxes.side, side, () => rowsMarkup(sidePanelRows(state, side?.width ?? 0, side?.height ?? 0), this.depth))
    place(this.boxes.leftDivider, leftDivider, () => dividerMarkup(leftDivider?.height ?? 0, this.depth))
    place(this.boxes.rightDivider, rightDivider, () => dividerMarkup(rightDivider?.height ?? 0, this.depth))
  }
}

/** A blessed screen on the given streams, drawn only from UiState. */
export function createBlessedView (options: BlessedViewOptions): BlessedView {
  return new BlessedTerminalView(options)
}
