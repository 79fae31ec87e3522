/**
 * The implementations the compat suite runs against, and the express versions
 * used by the tests that mount the middleware in an express app.
 *
 * COMPAT_IMPL selects the implementation(s):
 *   COMPAT_IMPL=express-session  -> only the real express-session package
 *   COMPAT_IMPL=sessionkit       -> only sessionkit's express face (src/express.ts)
 *   unset / "all"                -> both (sessionkit is left out with a warning
 *                                   while src/express.ts does not exist yet)
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

// test/support/env.js of express-session: silence depd deprecations.
// Must be set before express-session (and its depd instance) is loaded.
process.env.NO_DEPRECATION = 'express-session'

const require = createRequire(import.meta.url)

export interface Implementation {
  name: 'express-session' | 'sessionkit'
  /** the module value: middleware factory with .Store, .MemoryStore, .Cookie, .Session */
  session: any
}

export interface ExpressVersion {
  name: string
  express: any
}

const selected = (process.env.COMPAT_IMPL ?? 'all').trim()
const known = ['all', 'both', '', 'express-session', 'sessionkit']
if (!known.includes(selected)) {
  throw new Error(`COMPAT_IMPL must be "express-session", "sessionkit" or unset (got ${JSON.stringify(selected)})`)
}

const list: Implementation[] = []

if (selected !== 'sessionkit') {
  list.push({ name: 'express-session', session: require('express-session') })
}

if (selected !== 'express-session') {
  const sessionkitUrl = new URL('../../src/express.ts', import.meta.url)
  if (existsSync(fileURLToPath(sessionkitUrl))) {
    // a variable specifier keeps tsc from resolving src/ (which may not exist yet)
    const specifier: string = sessionkitUrl.href
    const mod: any = await import(specifier)
    const session = mod.default ?? mod
    if (typeof session !== 'function') {
      throw new Error('src/express.ts must default-export the session middleware factory')
    }
    list.push({ name: 'sessionkit', session })
  } else if (selected === 'sessionkit') {
    throw new Error('COMPAT_IMPL=sessionkit but src/express.ts does not exist')
  } else {
    console.warn('[compat] src/express.ts not found: running against express-session only')
  }
}

export const implementations: Implementation[] = list

export const expressVersions: ExpressVersion[] = [
  { name: 'express 5', express: require('express') },
  { name: 'express 4', express: require('express4') }
]
