// A redis-server of the benchmark's own on a free loopback port, so Redis's command counts (INFO commandstats)
// see the benchmark's commands and nobody else's. Without the redis-server binary, REDIS_URL is used instead.
import { spawn, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from 'redis'

function hasRedisServer() {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

async function waitForPing(url) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const client = createClient({ url, socket: { reconnectStrategy: false } })
    client.on('error', () => {})
    try {
      await client.connect()
      await client.ping()
      await client.quit()
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  throw new Error(`the benchmark's redis-server at ${url} did not answer`)
}

/** { url, private, stop() }: a private server when redis-server is installed, else REDIS_URL (default local). */
export async function benchRedis() {
  if (!hasRedisServer()) {
    return { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', private: false, stop: async () => {} }
  }
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'sessionkit-bench-redis-'))
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' })
  const url = `redis://127.0.0.1:${port}`
  await waitForPing(url)
  return {
    url,
    private: true,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
