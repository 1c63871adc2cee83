import type { App } from '../src/app/app.js'
import type { Config } from '../src/config.js'
import { UsageError } from '../src/errors.js'
import { startTuiSession } from '../src/ui/tui-session.js'
import { createBlessedView } from '../src/ui/view/blessed-view.js'
import type { Io } from './io.js'
import { alertOptions } from './desktop-notify.js'

/** The terminal UI: the blessed view and the TUI session over the app's controller. */
export async function runTui (app: App, io: Io, config: Config): Promise<void> {
  if (io.stdout.isTTY !== true || io.stdin.isTTY !== true) {
    throw new UsageError('the terminal UI needs a terminal; use --headless for scripts and pipes')
  }
  const view = createBlessedView({
    input: io.stdin as NodeJS.ReadStream,
    output: io.stdout as NodeJS.WriteStream,
    color: config.color,
    title: 'p2pchat'
  })
  const session = startTuiSession({ controller: app.controller, view, now: Date.now, alerts: alertOptions(io.env.vars) })
  try {
    await app.start()
  } catch (err) {
    session.stop()
    throw err
  }
  const message = await Promise.race([app.quitRequested, app.stopped.then(() => '')])
  await app.stop(message)
  await session.closed
}
