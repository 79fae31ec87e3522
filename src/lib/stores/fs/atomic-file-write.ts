import { randomBytes } from 'node:crypto'
import { rename, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

const TEMP_FILE = /^\.[0-9a-f]{24}\.tmp$/

/** Whether a directory entry is a temporary file of {@link writeFileAtomic} (left behind if the process died mid-write). */
export function isTempFileName(name: string): boolean {
  return TEMP_FILE.test(name)
}

/**
 * Writes `contents` to `directory/name` so readers see the old file or the new one, never a part: the bytes go
 * to a randomly named temporary file in the same directory (owner-only, mode 0o600), which is then renamed over
 * the target in one step.
 */
export async function writeFileAtomic(directory: string, name: string, contents: string): Promise<void> {
  const temporary = join(directory, `.${randomBytes(12).toString('hex')}.tmp`)
  try {
    await writeFile(temporary, contents, { mode: 0o600, flag: 'wx' })
    await rename(temporary, join(directory, name))
  } catch (error) {
    await unlink(temporary).catch(() => undefined)
    throw error
  }
}
