// node:timers' own export, not the global: a test's fake timers replace the global, and a statement left waiting
// for a faked turn would hang its request.
import { setImmediate } from 'node:timers'

export type Row = Record<string, unknown>

/** Runs one statement and gives its rows; a failure rejects with the driver's own error. */
export type StatementRunner = (text: string, values: unknown[]) => Promise<Row[]>

/** A caller waiting for the rows of its part of a batch. */
export interface Waiter {
  readonly resolve: (rows: Row[]) => void
  readonly reject: (err: unknown) => void
}

/**
 * Whether PostgreSQL refused the statement with an ERROR (pg's DatabaseError carries the server's `severity`):
 * the statement's transaction was rolled back and the connection lives on, so none of its work happened and each
 * part may be sent again. After anything else (a FATAL that ends the connection, a connection dropped
 * mid-statement) the batch may have committed, and flash messages would be appended twice.
 */
export function rolledBack(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  return (err as { severity?: unknown }).severity === 'ERROR'
}

/**
 * Calls `flush` once at the end of the current turn of the event loop however often `schedule` is called in it:
 * after the poll phase, so the requests a server read together off its sockets have all queued their statements.
 * Nothing waits for a timer.
 */
export class EndOfTurn {
  #scheduled = false

  constructor(private readonly flush: () => void) {}

  schedule(): void {
    if (this.#scheduled) return
    this.#scheduled = true
    setImmediate(() => {
      this.#scheduled = false
      this.flush()
    })
  }
}

/** The rows of a batch statement by their `ord` (the 1-based position of their part), without that column. */
export function rowsByPosition(rows: Row[]): Map<number, Row> {
  const byPosition = new Map<number, Row>()
  for (const { ord, ...row } of rows) byPosition.set(Number(ord), row)
  return byPosition
}

/**
 * The most sessions one batch statement holds; a burst beyond it goes as several. With many more ids,
 * PostgreSQL's planner may leave the primary key for a scan of the whole table (seen from about 500 ids on a
 * table never analyzed).
 */
const MAX_BATCH = 256

/** `items` in runs of at most {@link MAX_BATCH}, in order. */
export function batchesOf<T>(items: readonly T[]): T[][] {
  const batches: T[][] = []
  for (let start = 0; start < items.length; start += MAX_BATCH) batches.push(items.slice(start, start + MAX_BATCH))
  return batches
}
