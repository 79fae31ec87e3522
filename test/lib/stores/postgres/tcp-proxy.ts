import { createConnection, createServer, type Server, type Socket } from 'node:net'

/** Where the proxy forwards to. */
export interface ProxyTarget {
  host: string
  port: number
}

/**
 * A TCP proxy between a `pg` Pool and the real PostgreSQL, to play a database restart without touching the
 * shared server: `cut()` destroys every open connection and stops listening (new connections are refused,
 * ECONNREFUSED), `hang()` destroys them and keeps accepting new ones that never get an answer (a server that is
 * up but stuck), `restore()` forwards again on the same port.
 */
export class TcpProxy {
  readonly #target: ProxyTarget
  readonly #sockets = new Set<Socket>()
  #server: Server | undefined
  #mode: 'forward' | 'hang' = 'forward'
  #port = 0

  private constructor(target: ProxyTarget) {
    this.#target = target
  }

  /** Starts a proxy on 127.0.0.1, on a port outside the kernel's ephemeral range (see {@link listenOnFreePort}). */
  static async start(target: ProxyTarget): Promise<TcpProxy> {
    const proxy = new TcpProxy(target)
    proxy.#port = await proxy.#listenOnFreePort()
    return proxy
  }

  /** The port to point the pool at. */
  get port(): number {
    return this.#port
  }

  /** The database "goes down": every connection is destroyed and the port stops listening. */
  cut(): void {
    this.#stopListening()
    this.#destroyAll()
  }

  /** The database "hangs": every connection is destroyed; new ones are accepted and never answered. */
  hang(): void {
    this.#mode = 'hang'
    this.#destroyAll()
  }

  /** The database is back: listen again on the same port (after `cut()`) and forward new connections. */
  async restore(): Promise<void> {
    this.#mode = 'forward'
    // held connections of hang() would otherwise stay open forever
    this.#destroyAll()
    if (this.#server === undefined) await this.#listen(this.#port)
  }

  /** Stops the proxy for good. */
  close(): void {
    this.#stopListening()
    this.#destroyAll()
  }

  #destroyAll(): void {
    for (const socket of this.#sockets) socket.destroy()
    this.#sockets.clear()
  }

  #track(socket: Socket): void {
    this.#sockets.add(socket)
    socket.on('close', () => this.#sockets.delete(socket))
    // a reset while cutting is the point of the exercise, not a failure of the test
    socket.on('error', () => socket.destroy())
  }

  #accept(client: Socket): void {
    this.#track(client)
    if (this.#mode === 'hang') return
    const upstream = createConnection(this.#target)
    this.#track(upstream)
    client.pipe(upstream)
    upstream.pipe(client)
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
  }

  #listen(port: number): Promise<void> {
    const server = createServer((client) => this.#accept(client))
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        this.#server = server
        resolve()
      })
    })
  }

  /**
   * A random port below the ephemeral range (32768 and up on Linux): while the proxy is cut, no outgoing
   * connection of this machine can be given the port, so `restore()` can always listen on it again.
   */
  async #listenOnFreePort(): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const port = 20_000 + Math.floor(Math.random() * 12_000)
      try {
        await this.#listen(port)
        return port
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'EADDRINUSE' || attempt >= 50) throw error
      }
    }
  }

  /** Stops accepting at once (close()'s callback would wait for the open connections, which the callers destroy). */
  #stopListening(): void {
    this.#server?.close()
    this.#server = undefined
  }
}
