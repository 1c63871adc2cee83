/**
 * Key bindings as data (WeeChat style): a key names either a command line for
 * the controller, with {next}/{prev} filled from the state, or a UI action.
 * Key names are blessed's: `C-n`, `M-1`, `S-tab`, `pageup`, `f2`, `enter`.
 */
import type { UiAction } from './actions.js'
import { nextConversationIndex } from './selectors.js'
import type { UiState } from './state.js'

export interface KeyPress {
  /** The full key name, modifiers first: `C-n`, `M-2`, `S-tab`, `a`. */
  name: string
  /** The character the key produced, if any. */
  ch?: string
}

export type KeyBinding =
  | { kind: 'command', template: string }
  | { kind: 'action', action: UiAction }
  /** Send the input line. */
  | { kind: 'submit' }
  /** Repaint the whole terminal (after something else wrote over it). */
  | { kind: 'redraw' }

const command = (template: string): KeyBinding => ({ kind: 'command', template })
/** Action types that carry nothing but their type. */
type BareActionType = UiAction extends infer A ? A extends { type: infer T } ? Exclude<keyof A, 'type'> extends never ? T : never : never : never
const action = (type: BareActionType): KeyBinding => ({ kind: 'action', action: { type } })

const ALT_DIGITS: Record<string, KeyBinding> = Object.fromEntries([
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map(n => [`M-${n}`, command(`/switch ${n}`)]),
  ['M-0', command('/switch 10')]
])

export const KEYMAP: Readonly<Record<string, KeyBinding>> = {
  ...ALT_DIGITS,
  'C-n': command('/switch {next}'),
  'C-p': command('/switch {prev}'),
  'M-right': command('/switch {next}'),
  'M-left': command('/switch {prev}'),
  'C-c': command('/quit'),
  enter: { kind: 'submit' },
  linefeed: { kind: 'submit' },
  'C-l': { kind: 'redraw' },
  tab: { kind: 'action', action: { type: 'tab-complete' } },
  'S-tab': { kind: 'action', action: { type: 'tab-complete', backward: true } },
  up: action('history-up'),
  down: action('history-down'),
  left: action('cursor-left'),
  right: action('cursor-right'),
  home: action('cursor-home'),
  end: action('cursor-end'),
  'C-a': action('cursor-home'),
  'C-e': action('cursor-end'),
  'C-b': action('cursor-left'),
  'C-f': action('cursor-right'),
  backspace: action('backspace'),
  delete: action('delete'),
  'C-d': action('delete'),
  'C-u': action('kill-line'),
  'C-k': action('kill-to-end'),
  'C-w': action('kill-word'),
  'M-backspace': action('kill-word'),
  pageup: action('scroll-page-up'),
  pagedown: action('scroll-page-down'),
  'S-pageup': action('scroll-page-up'),
  'S-pagedown': action('scroll-page-down'),
  'M-end': action('scroll-bottom'),
  'C-end': action('scroll-bottom'),
  f2: action('toggle-side-panel'),
  'M-m': action('toggle-side-panel')
}

/** Fills {next} and {prev}; undefined when there is nothing to switch to. */
export function expandTemplate (template: string, state: UiState): string | undefined {
  let missing = false
  const filled = template.replace(/\{(next|prev)\}/g, (_whole, which: string) => {
    const index = nextConversationIndex(state, which === 'next' ? 1 : -1)
    if (index === undefined) missing = true
    return String(index ?? '')
  })
  return missing ? undefined : filled
}

export type KeyIntent = KeyBinding | { kind: 'insert', text: string }

const isPrintable = (key: KeyPress): key is KeyPress & { ch: string } =>
  key.ch !== undefined && key.ch.length > 0 && !/\p{Cc}/u.test(key.ch) && !/^[CM]-/.test(key.name)

/** What a key press means: a binding, typed text, or nothing. */
export function keyIntent (key: KeyPress, keymap: Readonly<Record<string, KeyBinding>> = KEYMAP): KeyIntent | undefined {
  const binding = keymap[key.name]
  if (binding !== undefined) return binding
  return isPrintable(key) ? { kind: 'insert', text: key.ch } : undefined
}
