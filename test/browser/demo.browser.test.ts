// The demo in a real browser: Debian's Chromium driven by playwright-core against `node examples/demo/server.js`
// (STORE=sqlite in a temp DEMO_DATA_DIR). Screenshots of the devices page go to test-results/browser/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumAvailable, launchChromium } from './chromium.ts'
import { startDemoServer, type DemoServer } from './demo-server.ts'

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/browser/', import.meta.url))
const PASSWORD = 'correct horse battery'
// A phone-sized context that also says it is a phone, so the devices page tells the two devices apart.
const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
}

const available = chromiumAvailable()

/** The value of the demo's session cookie in a browser context, if it has one. */
async function sessionCookie(context: BrowserContext): Promise<string | undefined> {
  return (await context.cookies()).find((cookie) => cookie.name === 'demo.sid')?.value
}

/** The texts of the flash messages on the page. */
function flashes(page: Page): Promise<string[]> {
  return page.locator('.flash').allTextContents()
}

/** How wide the page's content is, in CSS pixels (wider than the viewport means sideways scrolling). */
function pageWidth(page: Page): Promise<number> {
  // A string, evaluated in the page: this file is type-checked without the DOM library.
  return page.evaluate<number>('document.documentElement.scrollWidth')
}

/** Fills a form of email and password on `path` and submits it, waiting for the page it leads to. */
async function submitAccountForm(page: Page, url: string, path: '/signup' | '/login', email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${url}${path}`)
  await page.fill('#email', email)
  await page.fill('#password', password)
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')])
}

describe.skipIf(!available)('the demo in Chromium', () => {
  let browser: Browser
  let server: DemoServer
  const dataDirectories: string[] = []
  const newDataDirectory = async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sessionkit-demo-browser-'))
    dataDirectories.push(directory)
    return directory
  }

  beforeAll(async () => {
    ;[browser, server] = await Promise.all([launchChromium(), newDataDirectory().then(startDemoServer)])
  }, 30_000)
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.stop()])
    await Promise.all(dataDirectories.map((directory) => rm(directory, { recursive: true, force: true })))
  })

  /** A new browser context (its own cookies: a separate device) with one page. */
  async function newDevice(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(options)
    return { context, page: await context.newPage() }
  }

  it('shows "That email is already taken." once after a duplicate sign-up, and not after a reload', async () => {
    const first = await newDevice()
    await submitAccountForm(first.page, server.url, '/signup', 'taken@example.com')
    expect(await flashes(first.page)).toEqual(['Welcome, taken@example.com! Your account is ready.'])

    const second = await newDevice()
    await submitAccountForm(second.page, server.url, '/signup', 'Taken@Example.com')
    expect(second.page.url()).toBe(`${server.url}/signup`)
    expect(await flashes(second.page)).toEqual(['That email is already taken.'])
    await mkdir(SCREENSHOTS, { recursive: true })
    await second.page.screenshot({ path: join(SCREENSHOTS, 'signup-email-taken.png') })
    await second.page.reload()
    expect(await flashes(second.page)).toEqual([])
    await Promise.all([first.context.close(), second.context.close()])
  })

  it('changes the session cookie value at login', async () => {
    await (await newDevice()).page.goto(server.url) // nothing: just proves a fresh device starts without a login
    const signup = await newDevice()
    await submitAccountForm(signup.page, server.url, '/signup', 'rotate@example.com')
    await signup.context.close()

    const { context, page } = await newDevice()
    await page.goto(`${server.url}/login`)
    const before = await sessionCookie(context)
    expect(before).toBeTruthy()
    await submitAccountForm(page, server.url, '/login', 'rotate@example.com')
    expect(await page.locator('header').textContent()).toContain('Signed in as rotate@example.com')
    const after = await sessionCookie(context)
    expect(after).toBeTruthy()
    expect(after).not.toBe(before)
    await context.close()
  })

  it('shows two browser contexts as two devices, and revoking one from the other logs it out', async () => {
    // A long email, to see that it does not widen the page on a phone.
    const email = 'two.devices.with.a.rather.long.address@example.com'
    const laptop = await newDevice({ viewport: { width: 1000, height: 700 } })
    await submitAccountForm(laptop.page, server.url, '/signup', email)
    const phone = await newDevice(PHONE)
    await submitAccountForm(phone.page, server.url, '/login', email)
    expect(await flashes(phone.page)).toEqual([`Welcome back, ${email}!`])
    expect(await pageWidth(phone.page)).toBeLessThanOrEqual(PHONE.viewport.width)

    await laptop.page.goto(`${server.url}/devices`)
    await expect.poll(() => laptop.page.locator('.device').count()).toBe(2)
    expect(await laptop.page.locator('.device.current .badge').textContent()).toBe('This device')
    expect(await laptop.page.locator('.device.current h2').textContent()).toMatch(/^Headless Chrome on Linux/)
    expect(await laptop.page.locator('.device:not(.current) h2').textContent()).toBe('Chrome on Android')
    await mkdir(SCREENSHOTS, { recursive: true })
    await laptop.page.screenshot({ path: join(SCREENSHOTS, 'devices-desktop.png'), fullPage: true })
    await phone.page.goto(`${server.url}/devices`)
    await phone.page.screenshot({ path: join(SCREENSHOTS, 'devices-phone.png'), fullPage: true })
    // Readable on a phone: nothing wider than the screen.
    expect(await pageWidth(phone.page)).toBeLessThanOrEqual(PHONE.viewport.width)

    await Promise.all([laptop.page.waitForNavigation(), laptop.page.click('.device:not(.current) button:has-text("Revoke")')])
    expect(await flashes(laptop.page)).toEqual(['Signed out Chrome on Android.'])
    expect(await laptop.page.locator('.device').count()).toBe(1)

    await phone.page.reload()
    expect(await phone.page.locator('header').textContent()).toContain('Log in')
    expect(await phone.page.locator('header').textContent()).not.toContain('Signed in as')
    await Promise.all([laptop.context.close(), phone.context.close()])
  })

  it('clears the session cookie at logout', async () => {
    const { context, page } = await newDevice()
    await submitAccountForm(page, server.url, '/signup', 'logout@example.com')
    expect(await sessionCookie(context)).toBeTruthy()
    await Promise.all([page.waitForNavigation(), page.click('header button:has-text("Log out")')])
    expect(page.url()).toBe(`${server.url}/logged-out`)
    expect(await page.locator('h1').textContent()).toBe('Logged out')
    expect(await sessionCookie(context)).toBeUndefined()
    await context.close()
  })

  it('keeps you logged in when the demo restarts', async () => {
    const dataDirectory = await newDataDirectory()
    const before = await startDemoServer(dataDirectory)
    const { context, page } = await newDevice()
    try {
      await submitAccountForm(page, before.url, '/signup', 'restart@example.com')
      expect(await page.locator('header').textContent()).toContain('Signed in as restart@example.com')
    } finally {
      await before.stop()
    }

    // A new process on the same SQLite file, on another port: cookies are per host, so the browser sends it.
    const after = await startDemoServer(dataDirectory)
    try {
      await page.goto(after.url)
      expect(await page.locator('header').textContent()).toContain('Signed in as restart@example.com')
    } finally {
      await Promise.all([after.stop(), context.close()])
    }
  })
})
