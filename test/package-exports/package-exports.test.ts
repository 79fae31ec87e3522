import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// These run the built package (npm test builds it first) through its own exports map, as an app would.
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url))
const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url))

function runNode(file: string): unknown {
  return JSON.parse(execFileSync(process.execPath, [file], { cwd: fixtures, encoding: 'utf8' }))
}

function typecheck(file: string): void {
  execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', file], {
    cwd: fixtures,
    encoding: 'utf8',
  })
}

describe('package exports', () => {
  it("require('sessionkit/express') and require('sessionkit/flash') are the factories themselves, as express-session's and connect-flash's are", () => {
    expect(runNode('require-express.cjs')).toEqual({
      type: 'function',
      name: 'session',
      attached: ['Store', 'MemoryStore', 'Cookie', 'Session'],
      bound: 'function',
      legacyIsStore: true,
      legacyIsEmitter: true,
      legacyHasLoad: true,
      middlewareWithLegacy: 'function',
      sharedErrorClass: true,
      sessionkitAttached: ['NativeStoreBridge', 'SessionStoreError', 'SessionStoreTimeoutError'],
      flash: ['function', 'flash', 'function'],
    })
  })

  it('ESM gets the factory as default export plus the same named exports', () => {
    expect(runNode('import-express.mjs')).toEqual({
      type: 'function',
      namedMatchDefault: true,
      sessionStoreError: 'function',
      memoryStore: 'function',
      cjsIsFunction: 'function',
      flash: true,
    })
  })

  it('sessionkit/fetch and every store subpath load from CommonJS and ESM, and load no database client by themselves', () => {
    const both = ['function', 'function']
    const stores = { redis: both, postgres: both, sqlite: both, fs: both, fetch: both }
    expect(runNode('require-stores.cjs')).toEqual({ ...stores, clientsLoaded: [], postgresSchemaShipped: true })
    expect(runNode('import-stores.mjs')).toEqual(stores)
  })

  // A whole tsc run each: on a busy 2-core machine that takes well over the default 15 s.
  it.each(['esm-consumer.mts', 'cjs-consumer.cts'])(
    'types a TypeScript app (%s): options, req.session with declared SessionData, Store subclasses',
    (file) => {
      expect(() => typecheck(file)).not.toThrow()
    },
    120_000,
  )
})
