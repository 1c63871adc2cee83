/**
 * The effectful glue of the terminal UI, and the only one: controller events
 * and key presses become actions, the reducer computes the next state, the
 * view renders it (coalesced), typed lines and key-bound commands go to the
 * controller, and store reads the state asks for are performed here.
 */
import type { ControllerPort } from '../app/controller-port.js'
import type { AppEvent } from '../domain/events.js'
import { oneLine } from '../errors.js'
import { appAction, type UiAction } from './actions.js'
import { expandTemplate, type KeyPress, keyIntent } from './keymap.js'
import { reduce } from './reducer.js'
import { RENDER_INTERVAL_MS, RenderScheduler } from './render-scheduler.js'
import { selectedResult } from './reduce-search.js'
import { type LoadPlan, pendingLoad } from './selectors.js'
import { initialState, SEARCH_BUFFER, type ScreenSize, type UiState } from './state.js'
import { type Alerter, type AlertOptions, createAlerter } from './alerter.js'

/** What the session needs from a terminal view; the blessed view implements it, tests fake it. */
export interface ViewPort {
  render: (state: UiState) => void
  onKey: (handler: (key: KeyPress) => void) => void
  onResize: (handler: (size: ScreenSize) => void) => void
  destroy: () => void
  size: () => ScreenSize
  /** Repaints every cell (Ctrl-L), when something else wrote over the screen. */
  redraw?: () => void
  /** Writes a control sequence that draws nothing (the bell, a desktop-notification escape). */
  writeControl?: (sequence: string) => void
  /** Terminal focus changes, where the terminal reports them. */
  onFocus?: (handler: (focused: boolean) => void) => void
}


export interface TuiSessionOptions {
  controller: ControllerPort
  view: ViewPort
  now: () => number
  /** Minimum time between two renders; bursts in between are coalesced. */
  renderIntervalMs?: number
  /** Bell only unless told otherwise. */
  alerts?: AlertOptions
}

export interface TuiSession {
  /** The current UI state. */
  readonly state: UiState
  dispatch: (action: UiAction) => void
  /** Unsubscribes, stops rendering and destroys the view; safe to call twice. */
  stop: () => void
  /** Settles once the session has stopped, after `/quit` or stop(). */
  readonly closed: Promise<void>
}

// Each store read answers one request; the bound only guards against a misbehaving store.
const MAX_LOADS_PER_DISPATCH = 4

const isCommand = (line: string): boolean => line.startsWith('/') && !line.startsWith('//')

class Session implements TuiSession {
  private current: UiState
  private unsubscribe: (() => void) | undefined
  private stopped = false
  private readonly renders: RenderScheduler
  private readonly alerter: Alerter
  private resolveClosed: () => void = () => {}
  readonly closed = new Promise<void>(resolve => { this.resolveClosed = resolve })

  constructor (private readonly options: TuiSessionOptions) {
    this.current = initialState(options.view.size(), options.now())
    this.alerter = createAlerter(options.view, options.alerts ?? { desktop: 'none' }, () => this.current, options.now)
    this.renders = new RenderScheduler(() => options.view.render(this.current), options.now, options.renderIntervalMs ?? RENDER_INTERVAL_MS)
  }

  get state (): UiState { return this.current }

  start (): void {
    const { view, controller } = this.options
    view.onKey(key => this.handleKey(key))
    view.onResize(size => this.dispatch({ type: 'resize', cols: size.cols, rows: size.rows }))
    view.onFocus?.(focused => { this.alerter.focused = focused })
    this.unsubscribe = controller.subscribe(event => this.handleEvent(event))
    if (this.stopped) this.unsubscribe()
    this.renders.request()
  }

  readonly dispatch = (action: UiAction): void => {
    if (this.stopped) return
    this.current = reduce(this.current, action)
    this.performLoads()
    this.renders.request()
  }

  readonly stop = (): void => {
    if (this.stopped) return
    this.stopped = true
    this.unsubscribe?.()
    this.renders.cancel()
    this.options.view.destroy()
    this.resolveClosed()
  }

  private handleEvent (event: AppEvent): void {
    this.dispatch(appAction(event, this.options.now()))
    if (event.type === 'notify') this.alerter.alert(event)
    if (this.current.quitting) this.stop()
  }

  private reportError (code: string, error: unknown): void {
    this.dispatch(appAction({ type: 'error', code, message: oneLine(error) }, this.options.now()))
  }

  /** Store reads the state asked for: the first screenful of a buffer, older pages, the way back down. */
  private performLoads (): void {
    for (let i = 0; i < MAX_LOADS_PER_DISPATCH; i++) {
      const plan = pendingLoad(this.current)
      if (plan === undefined) return
      const messages = this.readStore(plan)
      this.current = reduce(this.current, { type: 'messages-loaded', conversation: plan.conversation, request: plan.request, messages, limit: plan.limit })
    }
  }

  private readStore (plan: LoadPlan): ReturnType<ControllerPort['loadMessages']> {
    const { controller } = this.options
    try {
      if (plan.around !== undefined) return controller.loadAround(plan.conversation, plan.around, plan.limit)
      return controller.loadMessages(plan.conversation, plan.limit, plan.before)
    } catch (error) {
      // An empty answer clears the request, so a failing store is not asked again in a loop.
      this.current = reduce(this.current, appAction({ type: 'error', code: 'STORE', message: oneLine(error) }, this.options.now()))
      return []
    }
  }

  private send (line: string): void {
    this.options.controller.submit(line).catch(error => this.reportError('SUBMIT', error))
  }

  private submitInput (): void {
    const line = this.current.input.text
    if (this.current.active === SEARCH_BUFFER && !isCommand(line)) { this.submitInSearch(line); return }
    this.dispatch({ type: 'input-submitted' })
    if (line.trim() === '') return
    // Talking brings you back to the present, like every IRC client.
    if (!isCommand(line)) this.dispatch({ type: 'scroll-bottom' })
    this.send(line)
  }

  /**
   * The results buffer takes commands only: Enter on an empty line opens the
   * selected result, and the controller is told to switch there too, so what
   * you type next goes to that conversation.
   */
  private submitInSearch (line: string): void {
    if (line.trim() !== '') {
      this.reportError('SEARCH', new Error('the search results take commands only: Enter on an empty line opens the selected result'))
      return
    }
    const result = selectedResult(this.current)
    if (result === undefined) return
    this.dispatch({ type: 'search-open' })
    this.send(`/switch ${result.conversation}`)
  }

  private handleKey (key: KeyPress): void {
    const intent = keyIntent(key)
    if (intent === undefined || this.stopped) return
    switch (intent.kind) {
      case 'insert': return this.dispatch({ type: 'insert-text', text: intent.text })
      case 'action': return this.dispatch(intent.action)
      case 'submit': return this.submitInput()
      case 'redraw': return this.redraw()
      case 'command': {
        const line = expandTemplate(intent.template, this.current)
        if (line !== undefined) this.send(line)
      }
    }
  }

  private redraw (): void {
    this.options.view.redraw?.()
    this.options.view.render(this.current)
  }
}

/** Starts the terminal UI on a controller and a view; returns immediately. */
export function startTuiSession (options: TuiSessionOptions): TuiSession {
  const session = new Session(options)
  session.start()
  return session
}
