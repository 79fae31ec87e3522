import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * Whether `redis-server` and `redis-cli` are both on PATH. Without them the cluster tests skip loudly on a
 * developer's machine, and fail under CI (CI=true), where they must be installed.
 */
export function redisClusterBinariesAvailable(): boolean {
  const missing = ['redis-server', 'redis-cli'].filter((binary) => spawnSync(binary, ['--version'], { encoding: 'utf8' }).status !== 0)
  if (missing.length === 0) return true
  const message = `${missing.join(' and ')} not on PATH; the Redis Cluster tests cannot run.`
  if (process.env.CI === 'true') throw new Error(`${message} Under CI they must be installed (apt-get install redis-server redis-tools).`)
  console.warn(`\n*** SKIPPING: ${message} ***\n`)
  return false
}

/**
 * `count` distinct loopback ports nothing listens on right now. All are held open at once so the OS never hands
 * out the same one twice; they are free again once this resolves.
 */
async function freeLoopbackPorts(count: number): Promise<number[]> {
  const servers: Server[] = []
  try {
    const ports: number[] = []
    for (let i = 0; i < count; i++) {
      const server = createServer()
      servers.push(server)
      ports.push(
        await new Promise<number>((resolve, reject) => {
          server.once('error', reject)
          server.listen(0, '127.0.0.1', () => {
            const address = server.address()
            resolve(typeof address === 'object' && address !== null ? address.port : 0)
          })
        }),
      )
    }
    return ports
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))))
  }
}

async function redisCli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 5000 })
  return stdout
}

async function until(what: string, withinMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + withinMs
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`private redis cluster: ${what} within ${withinMs} ms`)
}

/**
 * A Redis Cluster of the test's own: `size` masters (no replicas) on spare loopback ports, each a `redis-server`
 * in cluster mode without persistence, its nodes.conf in a private directory. Slots are split by
 * `redis-cli --cluster create` (0-5460, 5461-10922, 10923-16383 for three masters).
 */
export class PrivateRedisCluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'sessionkit-redis-cluster-'))
  readonly ports: number[] = []
  private readonly children = new Set<ChildProcess>()
  private readonly output = new Map<number, string>()

  /**
   * Starts and forms a cluster and waits until every node reports `cluster_state:ok`. On failure it kills what
   * it started and removes its directory before rejecting, with the servers' output in the error.
   */
  static async start(size = 3): Promise<PrivateRedisCluster> {
    const cluster = new PrivateRedisCluster()
    try {
      await cluster.form(size)
      return cluster
    } catch (error) {
      const logs = [...cluster.output].map(([port, text]) => `--- redis-server :${port}\n${text.slice(-2000)}`).join('\n')
      await cluster.dispose()
      throw new Error(`${(error as Error).message}\n${logs}`)
    }
  }

  /** The seed nodes, as an ioredis `Cluster` takes them. */
  get nodes(): Array<{ host: string; port: number }> {
    return this.ports.map((port) => ({ host: '127.0.0.1', port }))
  }

  private async form(size: number): Promise<void> {
    const ports = await freeLoopbackPorts(size * 2)
    for (let i = 0; i < size; i++) {
      const port = ports[2 * i] as number
      // The bus port is chosen too: the default (port + 10000) may be past 65535 for an ephemeral port.
      this.spawnNode(port, ports[2 * i + 1] as number)
      this.ports.push(port)
    }
    await Promise.all(this.ports.map((port) => until(`redis-server :${port} did not answer PING`, 5000, async () => (await redisCli(port, 'PING')).trim() === 'PONG')))
    const addresses = this.ports.map((port) => `127.0.0.1:${port}`)
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '0', '--cluster-yes'], { timeout: 15_000 })
    await Promise.all(
      this.ports.map((port) => until(`node :${port} did not report cluster_state:ok`, 10_000, async () => (await redisCli(port, 'CLUSTER', 'INFO')).includes('cluster_state:ok'))),
    )
  }

  private spawnNode(port: number, busPort: number): void {
    const args = [
      '--port', String(port),
      '--cluster-port', String(busPort),
      '--bind', '127.0.0.1',
      '--cluster-enabled', 'yes',
      '--cluster-config-file', join(this.dir, `nodes-${port}.conf`),
      '--save', '',
      '--appendonly', 'no',
      '--dir', this.dir,
    ]
    const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] })
    this.output.set(port, '')
    const collect = (chunk: Buffer) => this.output.set(port, `${this.output.get(port) ?? ''}${chunk.toString()}`)
    child.stdout?.on('data', collect)
    child.stderr?.on('data', collect)
    this.children.add(child)
    child.once('exit', () => this.children.delete(child))
  }

  /** Kills every server this cluster started and removes its directory: for afterAll, whatever happened. */
  async dispose(): Promise<void> {
    await Promise.all(
      [...this.children].map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) return undefined
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
        child.kill('SIGKILL')
        return exited
      }),
    )
    rmSync(this.dir, { recursive: true, force: true })
  }
}
