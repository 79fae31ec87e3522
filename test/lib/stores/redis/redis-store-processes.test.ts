import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redisAvailable, redisUrl } from '../../../support/services.ts'
import { connectCountedClient, deleteKeysWithPrefix, sendOf, uniquePrefix, type CountedClient } from './redis-clients.ts'

const up = await redisAvailable()

const fixture = fileURLToPath(new URL('./fixtures/app-server.mjs', import.meta.url))
const builtFiles = ['../../../../dist/express.js', '../../../../dist/stores/redis.js'].map((path) => fileURLToPath(new URL(path, import.meta.url)))

interface AppProcess {
  child: ChildProcess
  base: string
}

/** Starts one app process (the fixture) and resolves once it prints the port it listens on. */
function startApp(clientKind: 'node-redis' | 'ioredis', prefix: string): Promise<AppProcess> {
  const child = spawn(process.execPath, [fixture], {
    env: { ...process.env, REDIS_URL: redisUrl, SESSION_PREFIX: prefix, CLIENT_KIND: clientKind },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('did not print its port within 10 s')), 10_000)
    const fail = (error: Error) => {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`app process (${clientKind}) failed to start: ${error.message}\n${stderr}`))
    }
    child.once('error', fail)
    child.once('exit', (code) => fail(new Error(`exited with code ${code}`)))
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer)
      const { port } = JSON.parse(line) as { port: number }
      resolve({ child, base: `http://127.0.0.1:${port}` })
    })
  })
}

async function stopApp(app: AppProcess | undefined): Promise<void> {
  if (!app || app.child.exitCode !== null || app.child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => app.child.once('exit', () => resolve()))
  app.child.kill('SIGTERM')
  const killer = setTimeout(() => app.child.kill('SIGKILL'), 2000)
  await exited
  clearTimeout(killer)
}

interface Me {
  pid: number
  id: string
  user: string | null
  theme: string | null
}

describe.skipIf(!up)('two app processes sharing sessions through one Redis (sessionkit/express, Express 5)', () => {
  const prefix = uniquePrefix('processes')
  let a: AppProcess | undefined
  let b: AppProcess | undefined
  let redis: CountedClient

  beforeAll(async () => {
    const missing = builtFiles.filter((path) => !existsSync(path))
    if (missing.length > 0) {
      throw new Error(`the app processes run the built package, and ${missing.join(', ')} is missing: run \`npm run build\` first (npm test does).`)
    }
    redis = await connectCountedClient('node-redis v6')
    // A on node-redis, B on ioredis: the layout written by one client is read by the other.
    ;[a, b] = await Promise.all([startApp('node-redis', prefix), startApp('ioredis', prefix)])
  })

  afterAll(async () => {
    await Promise.all([stopApp(a), stopApp(b)])
    if (redis) {
      await deleteKeysWithPrefix(redis, prefix)
      await redis.quit()
    }
  })

  it('creates a session on A, reads and changes it on B, sees the change on A, destroys it on B, and A no longer has it', async () => {
    const login = await fetch(`${a!.base}/login?user=mj`, { method: 'POST' })
    expect(login.status).toBe(200)
    const created = (await login.json()) as { id: string; pid: number }
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const headers = { cookie }
    const key = `${prefix}{${created.id}}`
    expect(await sendOf(redis.client)(['EXISTS', key])).toBe(1)

    const onB = (await (await fetch(`${b!.base}/me`, { headers })).json()) as Me
    expect(onB).toEqual({ pid: expect.any(Number), id: created.id, user: 'mj', theme: null })
    expect(onB.pid).not.toBe(created.pid)

    expect((await fetch(`${b!.base}/theme?value=dark`, { method: 'POST', headers })).status).toBe(200)
    const onA = (await (await fetch(`${a!.base}/me`, { headers })).json()) as Me
    expect(onA).toEqual({ pid: created.pid, id: created.id, user: 'mj', theme: 'dark' })

    const logout = await fetch(`${b!.base}/logout`, { method: 'POST', headers })
    expect(logout.status).toBe(200)
    expect(await sendOf(redis.client)(['EXISTS', key])).toBe(0)

    const afterLogout = await fetch(`${a!.base}/me`, { headers })
    expect(afterLogout.status).toBe(200)
    const gone = (await afterLogout.json()) as Me
    expect(gone).toMatchObject({ user: null, theme: null })
    expect(gone.id).not.toBe(created.id)
    // Reading a missing session creates nothing (saveUninitialized: false).
    expect(await sendOf(redis.client)(['EXISTS', key])).toBe(0)
    expect(afterLogout.headers.get('set-cookie')).toBeNull()
  })
})
