// Debian's Chromium for the browser tests, driven by playwright-core (which downloads nothing). Missing Chromium
// skips the browser tests loudly on a developer's machine and fails them under CI (CI=true), where .ci/run
// installs it — the same rule as the Redis and PostgreSQL tests (test/support/services.ts).
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

// Headless, and quiet: no sandbox (containers lack the namespaces), no GPU, and nothing that phones home, so a
// test run makes no request but to the app under test.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Whether Chromium is installed (skip loudly when not; throws under CI). */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true
  const message = `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH); the browser tests cannot run.`
  if (process.env.CI === 'true') throw new Error(`${message} Under CI it must be there: .ci/run installs it.`)
  console.warn(`\n*** SKIPPING: ${message} ***\n`)
  return false
}

/** Launches Chromium with a new, empty profile (Playwright makes a temporary user data dir per launch). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 })
}
