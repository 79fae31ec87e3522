import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const probe = fileURLToPath(new URL('./fixtures/request-shape-probe.mjs', import.meta.url))

interface Shape {
  fast: boolean
  symbols: string[]
}

describe('the request and response shape under Express', () => {
  // V8's own account of the objects, in a child started with --allow-natives-syntax: the switch is a
  // representation the engine decides, so only the engine can tell whether it happened.
  const report = JSON.parse(execFileSync(process.execPath, ['--allow-natives-syntax', probe], { encoding: 'utf8' })) as Record<
    string,
    { req: Shape; res: Shape; added?: string[] }
  >

  it.each(['express4', 'express5'])('on %s, req and res are dictionaries once the middleware ran, with nothing left behind', (version) => {
    const { req, res, added } = report[version] as { req: Shape; res: Shape; added: string[] }
    expect(req).toEqual({ fast: false, symbols: [] })
    expect(res).toEqual({ fast: false, symbols: [] })
    // Only express-session's own additions (and the router's `route`).
    expect(added.filter((key) => key !== 'route').sort()).toEqual(['session', 'sessionID', 'sessionStore'])
  })

  it.each(['plain', 'subclass'])('on a %s node:http server, whose requests share hidden classes, they are left as they are', (server) => {
    expect(report[server]?.req).toEqual({ fast: true, symbols: [] })
    expect(report[server]?.res).toEqual({ fast: true, symbols: [] })
  })
})
