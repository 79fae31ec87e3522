import { batchesOf, EndOfTurn, rolledBack, rowsByPosition, type Row, type StatementRunner, type Waiter } from './turn-batching.js'

interface PendingWrite extends Waiter {
  readonly id: string
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
 * statement, as before. One session's writes go one at a time, in the order they were made: the next waits until
 * the previous one is settled, so they never share a statement and a later one never lands first. A batch does not
 * wait for rows other transactions hold, so it cannot deadlock nor make one busy session hold up the others: it
 * leaves out what it cannot write at once (rows held by others, sessions gone, ids taken), and those writes are
 * sent again alone, each then waiting for its own row. When PostgreSQL refuses a batch (one write it cannot store, such
 * as `\u0000` in a value), nothing of it was written, and each write is sent again on its own, so only the faulty
 * one fails.
 */
export class WriteBatcher<Key extends string> {
  #pending = new Map<Key, Map<string, PendingWrite[]>>()
  /** The ids of each kind with a write in flight: their next writes wait for it to settle. */
  readonly #busy = new Map<Key, Set<string>>()
  readonly #endOfTurn = new EndOfTurn(() => this.#flush())

  constructor(
    private readonly run: StatementRunner,
    private readonly singleTextOf: (kind: Key) => string,
    private readonly batchTextOf: (kind: Key) => string,
  ) {}

  /** Applies one write (`values` as its single statement takes them, the session id first) → its rows. */
  write(kind: Key, values: unknown[]): Promise<Row[]> {
    return new Promise((resolve, reject) => {
      const id = values[0] as string
      this.#hold(kind, id, [{ id, values, resolve, reject }])
      if (!this.#busyOf(kind).has(id)) this.#endOfTurn.schedule()
    })
  }

  /** Keeps writes of one session for a later flush, after those already kept. */
  #hold(kind: Key, id: string, writes: PendingWrite[]): void {
    const byId = this.#pending.get(kind) ?? this.#pending.set(kind, new Map()).get(kind)!
    const kept = byId.get(id)
    if (kept) kept.push(...writes)
    else byId.set(id, writes)
  }

  #busyOf(kind: Key): Set<string> {
    return this.#busy.get(kind) ?? this.#busy.set(kind, new Set()).get(kind)!
  }

  #flush(): void {
    const pending = this.#pending
    this.#pending = new Map()
    for (const [kind, byId] of pending) {
      const busy = this.#busyOf(kind)
      const now: PendingWrite[] = []
      for (const [id, writes] of byId) {
        // One write per session at a time, in the order they were made: the next waits until this one settles
        // (a batch, then maybe a re-send alone), so a later write can never land before an earlier one.
        if (busy.has(id)) {
          this.#hold(kind, id, writes)
          continue
        }
        const [first, ...later] = writes
        busy.add(id)
        now.push(first!)
        if (later.length > 0) this.#hold(kind, id, later)
      }
      for (const batch of batchesOf(now)) {
        if (batch.length === 1) this.#runAlone(kind, batch[0]!)
        else this.#runBatch(kind, batch)
      }
    }
  }

  /** Settles a write, and lets its session's next write go at the end of this turn. */
  #settle(kind: Key, write: PendingWrite, settle: () => void): void {
    this.#busyOf(kind).delete(write.id)
    if (this.#pending.get(kind)?.has(write.id)) this.#endOfTurn.schedule()
    settle()
  }

  #runAlone(kind: Key, write: PendingWrite): void {
    this.run(this.singleTextOf(kind), write.values).then(
      (rows) => this.#settle(kind, write, () => write.resolve(rows)),
      (err: unknown) => this.#settle(kind, write, () => write.reject(err)),
    )
  }

  #runBatch(kind: Key, writes: PendingWrite[]): void {
    const columns = writes[0]!.values.map((_, column) => writes.map((write) => columnValue(write.values[column])))
    this.run(this.batchTextOf(kind), columns).then(
      (rows) => {
        const byPosition = rowsByPosition(rows)
        writes.forEach((write, index) => {
          const row = byPosition.get(index + 1)
          // Left out (its row was busy, the session gone, the id taken): alone, it waits for its row, or answers.
          if (row) this.#settle(kind, write, () => write.resolve([row]))
          else this.#runAlone(kind, write)
        })
      },
      (err: unknown) => {
        if (rolledBack(err)) {
          for (const write of writes) this.#runAlone(kind, write)
          return
        }
        for (const write of writes) this.#settle(kind, write, () => write.reject(err))
      },
    )
  }
}
