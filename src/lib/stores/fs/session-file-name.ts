import { createHash } from 'node:crypto'

const SESSION_FILE = /^[0-9a-f]{64}\.json$/

/**
 * The file a session lives in: the SHA-256 of its id in hex, plus `.json`. Whatever the id holds (`../`, NUL
 * bytes, thousands of characters), the name is 69 safe characters, so no id can reach outside the directory.
 */
export function sessionFileName(id: string): string {
  return `${createHash('sha256').update(id).digest('hex')}.json`
}

/** Whether a directory entry is a session file of this store (and not anything else kept beside them). */
export function isSessionFileName(name: string): boolean {
  return SESSION_FILE.test(name)
}
