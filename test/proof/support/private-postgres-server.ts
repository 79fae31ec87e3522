import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { freeLoopbackPort } from '../../lib/stores/redis/private-redis-server.ts'

/**
 * A PostgreSQL cluster of the test's own (initdb + postgres from PATH, e.g. /usr/local/bin) on a spare loopback
 * port, in a private directory, with fsync on: a test can stop it (gracefully or like a crash) and start it
 * again without touching the shared server. PostgreSQL refuses to run as root; as root the binaries run as the
 * `postgres` user (runuser). Trust authentication; the superuser is `root`, the database `postgres`.
 */

/** The stop modes of pg_ctl, by the signal that asks for them. */
const STOP_SIGNALS = { smart: 'SIGTERM', fast: 'SIGINT', immediate: 'SIGQUIT' } as const
export type PostgresStopMode = keyof typeof STOP_SIGNALS

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0

function command(binary: string, args: string[]): [string, string[]] {
  return asRoot ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args]
}

/** Whether initdb and postgres can run here. Skips loudly on a developer's machine; throws under CI. */
export function postgresBinariesAvailable(): boolean {
  const [file, args] = command('initdb', ['--version'])
  const probe = spawnSync(file, args, { encoding: 'utf8' })
  if (probe.status === 0) return true
  const message = `initdb is not runnable here (${(probe.stderr || probe.error?.message || '').trim()}); the tests that stop and restart a private PostgreSQL cannot run.`
  if (process.env.CI === 'true') throw new Error(`${message} Under CI the PostgreSQL server binaries must be on PATH.`)
  console.warn(`\n*** SKIPPING: ${message} ***\n`)
  return false
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    // An SSLRequest: a server that is up answers one byte ('N' or 'S'); one starting up or shutting down hangs up.
    socket.connect(port, '127.0.0.1', () => socket.write(Buffer.from([0, 0, 0, 8, 4, 210, 22, 47])))
    socket.once('data', () => done(true))
  })
}

async function answersQuery(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

export class PrivatePostgresServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'sessionkit-pg-'))
  private child: ChildProcess | undefined
  private output = ''

  private constructor(readonly port: number) {}

  /** Creates a cluster (initdb, about half a second) and starts it. */
  static async start(): Promise<PrivatePostgresServer> {
    const server = new PrivatePostgresServer(await freeLoopbackPort())
    if (asRoot) {
      const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' })
      const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' })
      chownSync(server.dir, Number(id.stdout.trim()), Number(gid.stdout.trim()))
    }
    const [file, args] = command('initdb', ['-D', join(server.dir, 'data'), '-U', 'root', '--auth=trust', '-E', 'UTF8', '--no-sync'])
    const init = spawnSync(file, args, { encoding: 'utf8' })
    if (init.status !== 0) throw new Error(`sessionkit test: initdb failed: ${init.stderr}`)
    await server.start()
    return server
  }

  get url(): string {
    return `postgres://root@127.0.0.1:${this.port}/postgres`
  }

  /** Starts the server on the same port and data directory and waits until it accepts connections. */
  async start(): Promise<void> {
    if (this.child) throw new Error('sessionkit test: the private postgres is already running')
    const [file, args] = command('postgres', ['-D', join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=on', '-c', 'max_connections=40'])
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout?.on('data', (chunk) => (this.output += chunk))
    child.stderr?.on('data', (chunk) => (this.output += chunk))
    this.child = child
    child.once('exit', () => {
      if (this.child === child) this.child = undefined
    })
    // Listening is not ready: while it replays the WAL the server refuses sessions (57P03). Wait for a query.
    const deadline = Date.now() + 15_000
    while (!(await acceptsConnections(this.port)) || !(await answersQuery(this.url))) {
      if (Date.now() > deadline || this.child !== child) throw new Error(`sessionkit test: the private postgres did not start:\n${this.output.slice(-2000)}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }

  /**
   * Stops the server and waits for it to exit: `fast` disconnects every client and shuts down cleanly,
   * `immediate` quits without a checkpoint, like a crash (the next start replays the WAL).
   */
  async stop(mode: PostgresStopMode): Promise<void> {
    const child = this.child
    if (!child) return
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    // To the postmaster itself (its pid is the first line of postmaster.pid), not to runuser in front of it.
    const pid = Number(readFileSync(join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0])
    process.kill(pid, STOP_SIGNALS[mode])
    await exited
  }

  /** Freezes the postmaster and every backend (SIGSTOP): connections stay open, nothing answers. */
  async freeze(): Promise<void> {
    for (const pid of this.serverPids()) process.kill(pid, 'SIGSTOP')
  }

  /** Lets a frozen server run again (SIGCONT). */
  async thaw(): Promise<void> {
    for (const pid of this.serverPids()) process.kill(pid, 'SIGCONT')
    // runuser stops itself when the postgres it runs is stopped (as a shell's job would): wake it too.
    this.child?.kill('SIGCONT')
  }

  /** The postmaster and its children (backends, checkpointer, …). */
  private serverPids(): number[] {
    const postmaster = Number(readFileSync(join(this.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0])
    const children = spawnSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number)
    return [postmaster, ...children]
  }

  /** Stops the server whatever its state and removes its directory: for afterAll. */
  async dispose(): Promise<void> {
    await this.thaw().catch(() => undefined)
    await this.stop('immediate').catch(() => undefined)
    rmSync(this.dir, { recursive: true, force: true })
  }
}
