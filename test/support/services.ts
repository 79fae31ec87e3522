import { Socket } from 'node:net'

/**
 * The servers store tests run against: REDIS_URL and DATABASE_URL, defaulting to the local Redis and PostgreSQL.
 * A test file asks `await serviceAvailable(...)` at its top and skips its suite when the server is down — loudly
 * on a developer's machine, and never under CI (CI=true), where a missing server fails the run.
 */
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
export const databaseUrl = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test'

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(2000, () => done(false))
    socket.once('error', () => done(false))
    socket.connect(Number(port) || defaultPort, hostname.replace(/^\[|\]$/g, ''), () => done(true))
  })
}

async function serviceAvailable(name: string, url: string, defaultPort: number, variable: string): Promise<boolean> {
  if (await reachable(url, defaultPort)) return true
  const message = `${name} is not reachable at ${url} (set ${variable}); its tests cannot run.`
  if (process.env.CI === 'true') throw new Error(`${message} Under CI every service must be up: .ci/run starts it.`)
  console.warn(`\n*** SKIPPING: ${message} ***\n`)
  return false
}

/** Whether Redis answers at REDIS_URL (skip with a loud message when not; throws under CI). */
export const redisAvailable = (): Promise<boolean> => serviceAvailable('Redis', redisUrl, 6379, 'REDIS_URL')

/** Whether PostgreSQL answers at DATABASE_URL (skip with a loud message when not; throws under CI). */
export const postgresAvailable = (): Promise<boolean> => serviceAvailable('PostgreSQL', databaseUrl, 5432, 'DATABASE_URL')
