import { batchesOf, EndOfTurn, rolledBack, rowsByPosition, type Row, type StatementRunner, type Waiter } from './turn-batching.js'

/**
 * Sends the session reads that requests make in the same turn of the event loop as one statement. A read that
 * finds its expiry due to slide writes the row; in a batch that write skips rows other transactions hold instead
 * of waiting for them (so batches never deadlock, and one busy session never holds up the others), and a read
 * whose slide was skipped is sent again alone, which waits for its row as a lone read always has. Reads of one
 * session in one turn share one row: they happen at the same instant, as if the second had come a moment later
 * and found nothing to slide. When PostgreSQL refuses a batch, each read is sent again alone, so only a faulty
 * one fails.
 */
export class LoadBatcher {
  #pending = new Map<string, Waiter[]>()
  readonly #endOfTurn = new EndOfTurn(() => this.#flush())

  /**
   * @param singleText the read of one session: `$1` id, then `settings`.
   * @param batchText the read of several: `$1` text[] of ids, then `settings` → rows with `ord` and `unslid`.
   * @param settings the parameters after the id, the same for every read of the store.
   */
  constructor(
    private readonly run: StatementRunner,
    private readonly singleText: string,
    private readonly batchText: string,
    private readonly settings: readonly unknown[],
  ) {}

  /** The session's row (none when it is gone), read at the end of this turn. */
  load(id: string): Promise<Row[]> {
    return new Promise((resolve, reject) => {
      const waiters = this.#pending.get(id)
      if (waiters) waiters.push({ resolve, reject })
      else this.#pending.set(id, [{ resolve, reject }])
      this.#endOfTurn.schedule()
    })
  }

  #flush(): void {
    const pending = this.#pending
    this.#pending = new Map()
    for (const batch of batchesOf([...pending])) {
      if (batch.length === 1) this.#runAlone(...batch[0]!)
      else this.#runBatch(new Map(batch))
    }
  }

  #runAlone(id: string, waiters: Waiter[]): void {
    this.run(this.singleText, [id, ...this.settings]).then(
      (rows) => waiters.forEach((waiter) => waiter.resolve(rows)),
      (err: unknown) => waiters.forEach((waiter) => waiter.reject(err)),
    )
  }

  #runBatch(pending: Map<string, Waiter[]>): void {
    const ids = [...pending.keys()]
    this.run(this.batchText, [ids, ...this.settings]).then(
      (rows) => {
        const byPosition = rowsByPosition(rows)
        ids.forEach((id, index) => {
          const waiters = pending.get(id)!
          const row = byPosition.get(index + 1)
          if (!row) return waiters.forEach((waiter) => waiter.resolve([]))
          const { unslid, ...read } = row
          if (Number(unslid) === 1) this.#runAlone(id, waiters)
          else waiters.forEach((waiter) => waiter.resolve([read]))
        })
      },
      (err: unknown) => {
        if (rolledBack(err)) for (const [id, waiters] of pending) this.#runAlone(id, waiters)
        else for (const waiters of pending.values()) for (const waiter of waiters) waiter.reject(err)
      },
    )
  }
}
