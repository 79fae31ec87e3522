/**
 * The implementations the compat suite runs against, and the express versions
 * used by the tests that mount the middleware in an express app. Running the
 * same suite against express-session proves each test encodes its real behaviour.
 *
 * COMPAT_IMPL selects the implementation(s):
 *   COMPAT_IMPL=express-session  -> only the real express-session package
 *   COMPAT_IMPL=sessionkit       -> only sessionkit's express face (src/express.ts)
 *   unset                        -> both
 */
import { createRequire } from 'node:module'
import sessionkit from '../../src/express.ts'
import { expressVersions as versions } from '../support/express-versions.ts'

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

const all: Implementation[] = [
  { name: 'express-session', session: require('express-session') },
  { name: 'sessionkit', session: sessionkit },
]

const selected = process.env.COMPAT_IMPL?.trim()
if (selected && !all.some((implementation) => implementation.name === selected)) {
  throw new Error(`COMPAT_IMPL must be "express-session", "sessionkit" or unset (got ${JSON.stringify(selected)})`)
}

export const implementations: Implementation[] = selected ? all.filter((implementation) => implementation.name === selected) : all

export const expressVersions: ExpressVersion[] = versions.map(({ version, express }) => ({ name: version, express }))
