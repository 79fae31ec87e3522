// Keeps the load generator and the server under test on different cores (Linux `taskset`), so they do not
// preempt each other: on a 2-core machine that interference is most of the run-to-run noise.
import { execFileSync } from 'node:child_process'
import os from 'node:os'

function hasTaskset() {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const available = os.platform() === 'linux' && os.cpus().length >= 2 && hasTaskset()

/** Whether pinning is in effect (reported with the results). */
export const pinning = available ? { server: 0, load: 1 } : null

/** Pins this process (autocannon) to the load core. */
export function pinLoadGenerator() {
  if (available) execFileSync('taskset', ['-cp', String(pinning.load), String(process.pid)], { stdio: 'ignore' })
}

/** fork() options that start the child on the server core. */
export function serverForkOptions() {
  return available ? { execPath: 'taskset', execArgv: ['-c', String(pinning.server), process.execPath] } : {}
}
