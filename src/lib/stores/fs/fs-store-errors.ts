import { SessionStoreError } from '../../core/errors.js'

/** Store methods that only read: "nothing was written" would be noise in their messages. */
const READS = new Set(['get', 'all', 'ids', 'length'])

/** A failure of the file system itself (it carries `errno`/`syscall`), as opposed to a bug or a misuse. */
export function isFileSystemError(error: unknown): error is Error & { code?: string } {
  const candidate = error as { errno?: unknown; syscall?: unknown } | null
  return error instanceof Error && (typeof candidate?.errno === 'number' || typeof candidate?.syscall === 'string')
}

function adviceFor(code: string | undefined): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
    case 'EFBIG':
      return 'The file system holding it is full (or over quota): free space there.'
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'This process may not write there: make the directory writable by the user the app runs as, or choose another directory.'
    case 'ENOTDIR':
    case 'EEXIST':
    case 'EISDIR':
      return 'A file stands where a directory of the path should be (or a directory where a session file should be): remove it, or choose another directory.'
    case 'EMFILE':
    case 'ENFILE':
      return 'The process ran out of file descriptors: raise the limit (ulimit -n) or lower the load.'
  }
  return 'Check the directory and the disk.'
}

/**
 * The error a file store rejects with when the file system fails (full, unwritable, a file in the way): a
 * {@link SessionStoreError} of `operation` whose message names the directory (and, through Node's message, the
 * file) and says what to do, with Node's error as `cause` (its `code`, such as `ENOSPC`, kept). Writes go to a
 * temporary file renamed over the session's file, so a failed write leaves the previous version intact.
 */
export function fsStoreError(error: Error & { code?: string }, operation: string, directory: string): SessionStoreError {
  const storeError = new SessionStoreError(operation, error)
  storeError.message =
    `sessionkit: the file session store could not ${operation} a session in directory ${JSON.stringify(directory)}: ${error.message}. ` +
    `${READS.has(operation) ? '' : "Nothing was written: the session's previous file, if any, is intact. "}${adviceFor(error.code)}`
  return storeError
}
