import type { App } from '../src/app/app.js'
import type { Config } from '../src/config.js'
import type { Io } from './main.js'

/** The terminal UI front end (blessed view + TUI session) over the app's controller. */
export async function runTui (app: App, _io: Io, _config: Config): Promise<void> {
  await app.start()
  await app.quitRequested
}
