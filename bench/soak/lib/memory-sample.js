// Memory samples: gc() first (twice, so what remains is live), then the process's RSS and heap.

export const MiB = 1024 * 1024

export function collectGarbage() {
  if (typeof globalThis.gc === 'function') {
    globalThis.gc()
    globalThis.gc()
  }
}

/** rss, heapUsed and external after a collection, in bytes. */
export function memorySample() {
  collectGarbage()
  const { rss, heapUsed, external } = process.memoryUsage()
  return { rss, heapUsed, external }
}

export const mib = (bytes) => (bytes / MiB).toFixed(1)
