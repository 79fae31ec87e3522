/**
 * Runs tasks one after another per key and freely across keys: the file store's read-change-write of one
 * session never interleaves with another on the same session in this process. A key is forgotten as soon as
 * its last task settles, so the map holds only sessions with work in flight.
 */
export class KeyedSerialQueue {
  private readonly tails = new Map<string, Promise<void>>()

  /** Runs `task` once every task queued before it under `key` has settled; resolves or rejects as `task` does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key)
    const result = previous === undefined ? task() : previous.then(task)
    const tail = result.then(ignore, ignore)
    this.tails.set(key, tail)
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    })
    return result
  }

  /** How many keys have work queued or running. */
  get size(): number {
    return this.tails.size
  }
}

function ignore(): void {}
