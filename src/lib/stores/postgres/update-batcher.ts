import type { UpdateShapeKey } from './session-queries.js'
import { batchesOf, EndOfTurn, rolledBack, rowsByPosition, type Row, type StatementRunner, type Waiter } from './turn-batching.js'

interface PendingUpdate extends Waiter {
  readonly values: unknown[]
}

// Each value of a batched change goes into its column's array; a text[] value (keys to unset, flash ids to take)
// goes as a jsonb array, since PostgreSQL arrays cannot nest.
const columnValue = (value: unknown): unknown => (Array.isArray(value) ? JSON.stringify(value) : value)

/**
 * Group commit for session writes. The UPDATEs that requests issue in the same turn of the event loop (the
 * requests a server read together off its sockets) go as one multi-row UPDATE per change shape, so several
 * sessions' writes cost one statement and one commit, where a commit (waiting for the write-ahead log) is most of
 * a write's cost. A lone change goes as its own statement, as before. Two changes of one session never share a
 * statement (the second goes in a later turn; as without batching, parallel changes of one session land in no
 * promised order). A batch skips the rows other transactions hold instead of waiting for them, so it can never
 * deadlock nor make one busy session hold up the others; the changes it skipped (and those of sessions that are
 * gone) are sent again alone, each then waiting for its own row. When PostgreSQL refuses a batch (one change it
 * cannot store, such as `\u0000` in a value), nothing of it was written, and each change is sent again on its own,
 * so only the faulty one fails.
 */
export class UpdateBatcher {
  #pending = new Map<UpdateShapeKey, Map<string, PendingUpdate[]>>()
  readonly #endOfTurn = new EndOfTurn(() => this.#flush())

  constructor(
    private readonly run: StatementRunner,
    private readonly singleTextOf: (shape: UpdateShapeKey) => string,
    private readonly batchTextOf: (shape: UpdateShapeKey) => string,
  ) {}

  /** Applies one change (`values` as the shape's single UPDATE takes them, the session id first) → its rows. */
  update(shape: UpdateShapeKey, values: unknown[]): Promise<Row[]> {
    return new Promise((resolve, reject) => this.#queue(shape, values[0] as string, [{ values, resolve, reject }]))
  }

  /** Queues changes of one session for the end of this turn (the next one while a flush is running). */
  #queue(shape: UpdateShapeKey, id: string, updates: PendingUpdate[]): void {
    const byId = this.#pending.get(shape) ?? this.#pending.set(shape, new Map()).get(shape)!
    const queued = byId.get(id)
    if (queued) queued.push(...updates)
    else byId.set(id, updates)
    this.#endOfTurn.schedule()
  }

  #flush(): void {
    const pending = this.#pending
    this.#pending = new Map()
    for (const [shape, byId] of pending) {
      const now: PendingUpdate[] = []
      for (const [id, [first, ...later]] of byId) {
        now.push(first!)
        // The same session's next changes wait for a later turn.
        if (later.length > 0) this.#queue(shape, id, later)
      }
      for (const batch of batchesOf(now)) {
        if (batch.length === 1) this.#runAlone(shape, batch[0]!)
        else this.#runBatch(shape, batch)
      }
    }
  }

  #runAlone(shape: UpdateShapeKey, update: PendingUpdate): void {
    this.run(this.singleTextOf(shape), update.values).then(update.resolve, update.reject)
  }

  #runBatch(shape: UpdateShapeKey, updates: PendingUpdate[]): void {
    const columns = updates[0]!.values.map((_, column) => updates.map((update) => columnValue(update.values[column])))
    this.run(this.batchTextOf(shape), columns).then(
      (rows) => {
        const byPosition = rowsByPosition(rows)
        updates.forEach((update, index) => {
          const row = byPosition.get(index + 1)
          // Skipped (its row was busy) or gone: alone, it waits for its row or answers that the session is gone.
          if (row) update.resolve([row])
          else this.#runAlone(shape, update)
        })
      },
      (err: unknown) => {
        if (!rolledBack(err)) {
          for (const update of updates) update.reject(err)
          return
        }
        for (const update of updates) this.#runAlone(shape, update)
      },
    )
  }
}
