import { spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import type { AlertOptions } from '../src/ui/alerter.js'
import type { DesktopChannel } from '../src/ui/terminal-alert.js'

type Vars = Record<string, string | undefined>

/**
 * Which desktop-notification escape the terminal understands, from what
 * terminals say about themselves. `P2PCHAT_NOTIFY=osc777|osc9|none` overrides.
 * Under tmux or screen an escape would reach the multiplexer, not the terminal.
 */
export function desktopChannel (vars: Vars): DesktopChannel {
  const forced = vars.P2PCHAT_NOTIFY
  if (forced === 'osc777' || forced === 'osc9' || forced === 'none') return forced
  if (vars.TMUX !== undefined || (vars.TERM ?? '').startsWith('screen')) return 'none'
  const program = vars.TERM_PROGRAM ?? ''
  if (program === 'iTerm.app' || vars.WT_SESSION !== undefined || vars.KITTY_WINDOW_ID !== undefined) return 'osc9'
  if (program === 'WezTerm' || vars.VTE_VERSION !== undefined || /^(rxvt|foot)/.test(vars.TERM ?? '')) return 'osc777'
  return 'none'
}

/** An executable on PATH, without running a shell. */
function onPath (name: string, vars: Vars): string | undefined {
  for (const dir of (vars.PATH ?? '').split(delimiter)) {
    if (dir === '') continue
    const candidate = join(dir, name)
    try { accessSync(candidate, constants.X_OK); return candidate } catch { /* not here */ }
  }
  return undefined
}

/** Desktop notifications by notify-send, when there is a desktop session to show them in. */
function notifySend (vars: Vars): AlertOptions['notifySend'] {
  if (vars.DISPLAY === undefined && vars.WAYLAND_DISPLAY === undefined) return undefined
  const path = onPath('notify-send', vars)
  if (path === undefined) return undefined
  return (title, body) => {
    // argv only, no shell: the (sanitized) remote text is never interpreted. `--` ends the options.
    const child = spawn(path, ['--app-name=p2pchat', '--', title, body], { stdio: 'ignore', shell: false, detached: false })
    child.on('error', () => { /* a desktop notification is best effort */ })
    child.unref()
  }
}

export function alertOptions (vars: Vars): AlertOptions {
  const desktop = desktopChannel(vars)
  const send = desktop === 'none' ? notifySend(vars) : undefined
  return send === undefined ? { desktop } : { desktop, notifySend: send }
}
