// Parent side of server-child.js: fork, wait for the port, request/response over IPC, shut down.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { serverForkOptions } from './cpu-pinning.js'

const CHILD = fileURLToPath(new URL('./server-child.js', import.meta.url))
const IPC_TIMEOUT_MS = 15_000

export async function startServer(variant) {
  const child = fork(CHILD, [variant], {
    ...serverForkOptions(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  })
  const pending = new Map()
  let nextId = 1
  let closing = false
  let exitError

  const failAll = (err) => {
    for (const { reject } of pending.values()) reject(err)
    pending.clear()
  }
  child.on('message', (msg) => {
    const entry = pending.get(msg.id)
    if (!entry) return
    pending.delete(msg.id)
    if (msg.error) entry.reject(new Error(`${variant} server: ${msg.error}`))
    else entry.resolve(msg)
  })
  child.on('exit', (code, signal) => {
    if (!closing) {
      exitError = new Error(`${variant} server exited unexpectedly (code ${code}, signal ${signal})`)
      failAll(exitError)
    }
  })

  const port = await new Promise((resolve, reject) => {
    const onMessage = (msg) => {
      if (msg.type === 'ready') {
        child.off('exit', onExit)
        resolve(msg.port)
      }
    }
    const onExit = (code) => reject(new Error(`${variant} server exited with code ${code} before listening`))
    child.on('message', onMessage)
    child.once('exit', onExit)
  })

  function request(cmd) {
    if (exitError) return Promise.reject(exitError)
    const id = nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(new Error(`${variant} server did not answer ${cmd} within ${IPC_TIMEOUT_MS} ms`))
      }, IPC_TIMEOUT_MS)
      pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      })
      child.send({ id, cmd })
    })
  }

  async function close() {
    if (child.exitCode !== null || child.signalCode !== null) return
    closing = true
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.send({ cmd: 'exit' })
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }

  return { variant, port, base: `http://127.0.0.1:${port}`, request, close, crashed: () => exitError }
}
