// Runs the demo the way `npm run demo` does (node examples/demo/server.js, built sessionkit from dist/) on a free
// port, for the browser tests.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const SERVER_JS = fileURLToPath(new URL('../../examples/demo/server.js', import.meta.url))
const STARTUP_TIMEOUT_MS = 15_000

export interface DemoServer {
  /** Such as http://127.0.0.1:41234 (no trailing slash). */
  url: string
  /** Stops the server with SIGTERM (it closes its store) and waits for it to exit. */
  stop(): Promise<void>
}

/**
 * Starts server.js with STORE=sqlite on PORT=0 and resolves when it says where it listens.
 * @param dataDirectory  DEMO_DATA_DIR: where sessions.db goes
 */
export async function startDemoServer(dataDirectory: string): Promise<DemoServer> {
  const child = spawn(process.execPath, [SERVER_JS], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', STORE: 'sqlite', DEMO_DATA_DIR: dataDirectory, SESSION_SECRET: 'browser-test-secret' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  const url = await new Promise<string>((resolve, reject) => {
    const onExit = (code: number | null) => fail(new Error(`the demo exited with code ${code} before listening (is dist/ built? npm run build)`))
    const timer = setTimeout(() => fail(new Error(`the demo did not start within ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS)
    function fail(err: Error) {
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`${err.message}. Its output:\n${output}`))
    }
    child.once('exit', onExit)
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk
      const listening = /listening on (http:\/\/[^/\s]+)\//.exec(output)
      if (listening) {
        clearTimeout(timer)
        child.off('exit', onExit)
        resolve(listening[1] as string)
      }
    })
  })
  return { url, stop: () => stopChild(child) }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = once(child, 'exit')
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}
