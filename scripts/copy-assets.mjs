// tsc does not copy non-TypeScript files; the CLI needs its shebang to stay executable.
import { chmodSync, existsSync } from 'node:fs'

const entry = new URL('../dist/cli/p2pchat.js', import.meta.url)
if (existsSync(entry)) chmodSync(entry, 0o755)
