import { execFileSync } from 'node:child_process'

/**
 * Mounts a tmpfs of `size` (e.g. '64k') on `directory`, so a test can fill a real file system and watch writes
 * fail with ENOSPC. Needs root (or CAP_SYS_ADMIN). Resolves to an unmount function, or to `undefined` after a
 * loud warning when mounting is not permitted here; under CI (CI=true) that throws instead, because a skipped
 * disk-full test would hide a missing guarantee.
 */
export function mountTinyTmpfs(directory: string, size: string): (() => void) | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', directory], { stdio: 'pipe' })
  } catch (error) {
    const message = `cannot mount a ${size} tmpfs on ${directory} (${(error as Error).message.trim()}); the disk-full tests cannot run.`
    if (process.env.CI === 'true') throw new Error(`${message} Under CI they must: run the tests as root (or with CAP_SYS_ADMIN).`)
    console.warn(`\n*** SKIPPING: ${message} ***\n`)
    return undefined
  }
  // -l: a file a failed test left open must not keep the mount (and the run) alive
  return () => execFileSync('umount', ['-l', directory], { stdio: 'pipe' })
}
