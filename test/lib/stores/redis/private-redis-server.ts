import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Whether the `redis-server` binary is on PATH. Tests that run their own server skip loudly without it on a
 * developer's machine, and fail under CI (CI=true), where it must be installed.
 */
export function redisServerBinaryAvailable(): boolean {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' })
  if (probe.status === 0) return true
  const message = 'redis-server is not on PATH; the tests that stop and restart a private Redis cannot run.'
  if (process.env.CI === 'true') throw new Error(`${message} Under CI it must be installed (apt-get install redis-server).`)
  console.warn(`\n*** SKIPPING: ${message} ***\n`)
  return false
}

/** A loopback port nothing listens on right now (the OS picks it; it is free again once we close). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** Resolves once a server at `port` answers PING with PONG; rejects after `withinMs`. */
async function waitForPong(port: number, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs
  while (Date.now() < deadline) {
    if (await answersPing(port)) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${withinMs} ms`)
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    let reply = ''
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    socket.on('data', (chunk) => {
      reply += chunk.toString()
      // While loading the AOF, Redis answers -LOADING: not ready yet.
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'))
    })
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'))
  })
}

/**
 * A redis-server of the test's own on a spare loopback port, persisting every write to an append-only file
 * (fsync on every write) in a private directory, so a write it acknowledged survives `stop()` + `start()`.
 */
export class PrivateRedisServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'sessionkit-redis-'))
  private child: ChildProcess | undefined
  private readonly children = new Set<ChildProcess>()

  private constructor(readonly port: number) {}

  /** Starts a server on a free port and waits until it answers PING. */
  static async start(): Promise<PrivateRedisServer> {
    const server = new PrivateRedisServer(await freeLoopbackPort())
    await server.start()
    return server
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** (Re)starts the server on the same port and directory, and waits until it answers PING. */
  async start(): Promise<void> {
    if (this.child) throw new Error('private redis-server is already running')
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    child.stdout?.on('data', (chunk) => (output += chunk))
    child.stderr?.on('data', (chunk) => (output += chunk))
    this.child = child
    this.children.add(child)
    child.once('exit', () => {
      this.children.delete(child)
      if (this.child === child) this.child = undefined
    })
    try {
      await waitForPong(this.port, 5000)
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${output}`)
    }
  }

  /** Stops the server with SIGTERM (Redis flushes the AOF and exits) and waits for the process to end. */
  async stop(): Promise<void> {
    const child = this.child
    if (!child) return
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill('SIGTERM')
    await exited
  }

  /** Kills every process this server started and removes its directory: for afterAll, whatever happened. */
  async dispose(): Promise<void> {
    for (const child of this.children) {
      if (child.exitCode !== null || child.signalCode !== null) continue
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGKILL')
      await exited
    }
    rmSync(this.dir, { recursive: true, force: true })
  }
}
