/**
 * The implementations the compat suite runs against, the express versions
 * used by the tests that mount the middleware in an express app, and the
 * hosts (raw http, express 5, express 4) every server test runs on. Running
 * the same suite against express-session proves each test encodes its real
 * behaviour, on every host.
 *
 * COMPAT_IMPL selects the implementation(s):
 *   COMPAT_IMPL=express-session  -> only the real express-session package
 *   COMPAT_IMPL=sessionkit       -> only sessionkit's express face (src/express.ts)
 *   unset                        -> both
 */
import { createRequire } from 'node:module'
import sessionkit from '../../src/express.ts'
import { expressVersions as versions } from '../support/express-versions.ts'
import { rawHttp, type Host } from './support/utils.ts'

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

function expressVersion (name: 'express 5' | 'express 4'): any {
  const version = versions.find((v) => v.version === name)
  if (!version) throw new Error('no ' + name + ' in test/support/express-versions.ts')
  return version.express
}

/** raw http.createServer, then a real express app on each major version */
export const hosts: Host[] = [
  rawHttp,
  { name: 'express 5', express: expressVersion('express 5') },
  { name: 'express 4', express: expressVersion('express 4') },
]

export interface HostedImplementation extends Implementation {
  host: Host
}

/** every selected implementation on every host: the table of the server tests */
export const hostedImplementations: HostedImplementation[] = implementations.flatMap((implementation) =>
  hosts.map((host) => ({ ...implementation, host })))
