import { batchesOf, EndOfTurn, rolledBack, rowsByPosition, type Row, type StatementRunner, type Waiter } from './turn-batching.js'

interface PendingWrite extends Waiter {
  readonly values: unknown[]
}

// Each value of a batched write goes into its column's array; a text[] value (keys to unset, flash ids to take)
// goes as a jsonb array, since PostgreSQL arrays cannot nest.
const columnValue = (value: unknown): unknown => (Array.isArray(value) ? JSON.stringify(value) : value)

/**
 * Group commit for session writes. The writes of one kind (`Key`: an UPDATE's change shape, an INSERT with or
 * without flash messages) that requests issue in the same turn of the event loop (the requests a server read
 * together off its sockets) go as one multi-row statement, so several sessions' writes cost one statement and one
 * commit, where a commit (waiting for the write-ahead log) is most of a write's cost. A lone write goes as its own
 * statement, as before. Two writes of one session never share a statement (the second goes in a later turn; as
 * without batching, parallel writes of one session land in no promised order). A batch never waits for a row
 * another transaction holds, so it can never deadlock nor make one busy session hold up the others: it leaves
 * out what it cannot write at once (rows held by others, sessions gone, ids taken), and those writes are sent
 * again alone, each then waiting for its own row. When PostgreSQL refuses a batch (one write it cannot store, such
 * as `\u0000` in a value), nothing of it was written, and each write is sent again on its own, so only the faulty
 * one fails.
 */
export class WriteBatcher<Key extends string> {
  #pending = new Map<Key, Map<string, PendingWrite[]>>()
  readonly #endOfTurn = new EndOfTurn(() => this.#flush())

  constructor(
    private readonly run: StatementRunner,
    private readonly singleTextOf: (kind: Key) => string,
    private readonly batchTextOf: (kind: Key) => string,
  ) {}

  /** Applies one write (`values` as its single statement takes them, the session id first) → its rows. */
  write(kind: Key, values: unknown[]): Promise<Row[]> {
    return new Promise((resolve, reject) => this.#queue(kind, values[0] as string, [{ values, resolve, reject }]))
  }

  /** Queues writes of one session for the end of this turn (the next one while a flush is running). */
  #queue(kind: Key, id: string, writes: PendingWrite[]): void {
    const byId = this.#pending.get(kind) ?? this.#pending.set(kind, new Map()).get(kind)!
    const queued = byId.get(id)
    if (queued) queued.push(...writes)
    else byId.set(id, writes)
    this.#endOfTurn.schedule()
  }

  #flush(): void {
    const pending = this.#pending
    this.#pending = new Map()
    for (const [kind, byId] of pending) {
      const now: PendingWrite[] = []
      for (const [id, [first, ...later]] of byId) {
        now.push(first!)
        // The same session's next writes wait for a later turn.
        if (later.length > 0) this.#queue(kind, id, later)
      }
      for (const batch of batchesOf(now)) {
        if (batch.length === 1) this.#runAlone(kind, batch[0]!)
        else this.#runBatch(kind, batch)
      }
    }
  }

  #runAlone(kind: Key, write: PendingWrite): void {
    this.run(this.singleTextOf(kind), write.values).then(write.resolve, write.reject)
  }

  #runBatch(kind: Key, writes: PendingWrite[]): void {
    const columns = writes[0]!.values.map((_, column) => writes.map((write) => columnValue(write.values[column])))
    this.run(this.batchTextOf(kind), columns).then(
      (rows) => {
        const byPosition = rowsByPosition(rows)
        writes.forEach((write, index) => {
          const row = byPosition.get(index + 1)
          // Left out (its row was busy, the session gone, the id taken): alone, it waits for its row, or answers.
          if (row) write.resolve([row])
          else this.#runAlone(kind, write)
        })
      },
      (err: unknown) => {
        if (!rolledBack(err)) {
          for (const write of writes) write.reject(err)
          return
        }
        for (const write of writes) this.#runAlone(kind, write)
      },
    )
  }
}
