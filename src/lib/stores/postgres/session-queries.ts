/**
 * The SQL of every store operation, built once per store from its quoted table name. Values are always
 * parameters ($1, $2, …); the only text spliced in is the table name, quoted by `qualifiedTableName`.
 *
 * Expiry is compared with the database's `now()` everywhere, so every application server agrees on when a
 * session ends whatever its own clock says, and the `expires_at` index serves both reads and pruning.
 * Timestamps come back as epoch milliseconds (float8) so the application's pg type parsers never matter;
 * jsonb comes back as text for the same reason and is parsed by the row decoder.
 */

/** `ttl` parameter (milliseconds, float8) as an interval. */
const millis = (parameter: string): string => `(${parameter}::float8 * interval '1 millisecond')`

/** A timestamptz column as epoch milliseconds. */
const epochMillis = (column: string): string => `floor(extract(epoch FROM ${column}) * 1000)::float8`

/** The flash messages in a jsonb parameter (`[{type, message}]`) as entries numbered after `base`, in order. */
const numberedFlash = (parameter: string, base: string): string =>
  `(SELECT coalesce(jsonb_agg(jsonb_build_object('id', (${base} + added.n)::text, 'type', added.entry->'type', 'message', added.entry->'message') ORDER BY added.n), '[]'::jsonb)
    FROM jsonb_array_elements(${parameter}::jsonb) WITH ORDINALITY AS added(entry, n))`

/** The two statements of `set`: a record with flash messages, or without. */
export type SetKind = 'set' | 'setWithoutFlash'

/** The SQL text of each operation of one session table. */
export interface SessionQueries {
  /** $1 id → data, cookie, flash (text) of the live row. */
  readonly get: string
  /**
   * $1 id, $2 last-seen resolution ms → data, cookie, flash, expires_at (ms) of the live row, sliding its expiry
   * only when worth a write.
   */
  readonly load: string
  /**
   * `load` of several sessions: $1 ids (text[]), $2 and $3 as `load` → per live session its 1-based position as
   * `ord`, the columns of `load`, and `unslid`: 1 (an int, whatever the pool's boolean parser) when its expiry was due to slide but another transaction
   * held the row (a batch never waits for a lock), so it must be read again alone.
   */
  readonly batchLoad: string
  /** $1 id, $2 data, $3 cookie, $4 flash [{type, message}], $5 user_id, $6 ttl ms, $7 sliding ttl ms. */
  readonly set: string
  /**
   * `set` of a record without flash messages (most are): the same parameters but $4, which is not sent. Apart, so
   * the numbering subqueries are not planned on every insert of a new visitor.
   */
  readonly setWithoutFlash: string
  /** `set` and `setWithoutFlash` for several sessions: see {@link insertBatchSql}. */
  readonly batchSets: Readonly<Record<SetKind, string>>
  /**
   * The UPDATE of one change, by what the change touches (see {@link UpdateShape}): $1 id, $2 set (object),
   * $3 unset (text[]), $4 ttl ms, $5 last-seen resolution ms, then, in this order and only when the shape has
   * them: cookie (jsonb, null to remove) and its sliding ttl ms; user_id; flashAdd [{type, message}] and
   * flashRemove (text[]) → one row when applied (with the new data and user_id when `returnsData`). The expiry
   * (and last seen) move only when the expiry would move by more than a second, a tenth of the lifetime or the
   * resolution, whichever is least.
   */
  readonly updates: Readonly<Record<UpdateShapeKey, string>>
  /**
   * The same UPDATEs for several sessions at once: parameter n is the array of every change's value n of
   * `updates` (a `text[]` value as a jsonb array) → one row per change applied, its 1-based position as `ord`
   * (with the new data and user_id when `returnsData`). A row another transaction holds is skipped, never
   * waited for: its change returns nothing, like one whose session is gone.
   */
  readonly batchUpdates: Readonly<Record<UpdateShapeKey, string>>
  /** $1 id, $2 user_id, $3 data (text) the user was computed from: fixes user_id when data is unchanged since. */
  readonly setUserOfData: string
  /** $1 id → deletes the row when live, returning one row when it was. */
  readonly expire: string
  /** $1 id, $2 replace cookie?, $3 cookie, $4 sliding ttl ms or null, $5 ttl ms. */
  readonly touch: string
  /** $1 id. */
  readonly destroy: string
  /** → id, data, cookie, flash of every live row. */
  readonly all: string
  /** → id of every live row. */
  readonly ids: string
  /** → count of live rows. */
  readonly length: string
  /** Deletes every row. */
  readonly clear: string
  /** Deletes expired rows → count. */
  readonly prune: string
  /** $1 user_id → the user's live rows with times, most recently seen first; deletes the user's expired rows. */
  readonly listOfUser: string
  /** $1 user_id, $2 ids to keep (text[]) → count of live rows deleted (expired ones go too, uncounted). */
  readonly destroyOfUser: string
}

// The longest lifetime a load slides a session by: 100 years, far inside timestamptz's range.
const MAX_SLIDING_TTL_MS = 3_153_600_000_000

/**
 * Whether a write with lifetime `ttl` ms moves the row's expiry by more than a second, a tenth of the lifetime or
 * the last-seen resolution `resolution` ms, whichever is least. Below that the write keeps expires_at (and
 * last_seen_at, so their difference stays the lifetime written): expires_at is indexed, and an UPDATE that changes
 * no indexed column is a HOT update, which adds no index entries. A session written many times a second (parallel
 * requests) then costs one heap tuple per write instead of one more entry in each index, whose dead entries every
 * later lookup of that id wades through until vacuum; connect-pg-simple gets the same from its whole-second expiry.
 */
const expiryMoves = (ttl: string, resolution: string): string =>
  `abs(extract(epoch FROM now() + ${millis(ttl)} - s.expires_at)) * 1000 > least(${ttl}::float8 / 10, 1000, ${resolution}::float8)`

// The whole record replaces what the id held; its flash messages (if any) replace the stored ones, numbered on.
function upsertSql(table: string, withFlash: boolean): string {
  // Without flash the parameters after $3 move down by one: $4 user_id, $5 ttl, $6 sliding ttl.
  const [user, ttl, sliding] = withFlash ? ['$5', '$6', '$7'] : ['$4', '$5', '$6']
  return `INSERT INTO ${table} AS s (id, data, cookie, flash, flash_seq, user_id, created_at, last_seen_at, expires_at, sliding_ttl_ms)
VALUES ($1, $2::jsonb, $3::jsonb, ${withFlash ? numberedFlash('$4', '0') : "'[]'::jsonb"}, ${withFlash ? 'jsonb_array_length($4::jsonb)' : '0'}, ${user}::text, now(), now(), now() + ${millis(ttl)}, ${sliding}::bigint)
ON CONFLICT (id) DO UPDATE SET
  data = EXCLUDED.data,
  cookie = EXCLUDED.cookie,
  flash = ${withFlash ? numberedFlash('$4', 's.flash_seq') : "'[]'::jsonb"},
  flash_seq = ${withFlash ? 's.flash_seq + jsonb_array_length($4::jsonb)' : 's.flash_seq'},
  user_id = EXCLUDED.user_id,
  created_at = CASE WHEN s.expires_at > now() THEN s.created_at ELSE now() END,
  last_seen_at = EXCLUDED.last_seen_at,
  expires_at = EXCLUDED.expires_at,
  sliding_ttl_ms = EXCLUDED.sliding_ttl_ms`
}

/**
 * `set` of several sessions at once: parameter n is the array of every write's parameter n of `set` (or of
 * `setWithoutFlash`). It inserts the sessions whose id is free (new visitors, nearly all of them), in id order so
 * two batches can never wait for each other's new rows. It leaves out those whose id is taken, found by a plain
 * read that waits for no lock (ON CONFLICT alone would wait for a row another transaction is changing): those go
 * again alone as the upsert, which replaces the row. → the 1-based position (`ord`) of each session inserted, one
 * per stored id (two ids PostgreSQL stores alike, such as two lone surrogates, are one row: the later is sent
 * again alone, as it would have been replaced).
 */
function insertBatchSql(table: string, withFlash: boolean): string {
  const columns: Array<[name: string, type: string]> = [
    ['id', 'text'],
    ['data', 'jsonb'],
    ['cookie', 'jsonb'],
    ...(withFlash ? [['flash', 'jsonb'] as [string, string]] : []),
    ['user_id', 'text'],
    ['ttl', 'float8'],
    ['sliding_ttl', 'bigint'],
  ]
  return `WITH c AS (
  SELECT * FROM unnest(${columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')}) WITH ORDINALITY AS c(${columns.map(([name]) => name).join(', ')}, ord)
), inserted AS (
  INSERT INTO ${table} (id, data, cookie, flash, flash_seq, user_id, created_at, last_seen_at, expires_at, sliding_ttl_ms)
  SELECT c.id, c.data, c.cookie, ${withFlash ? numberedFlash('c.flash', '0') : "'[]'::jsonb"}, ${withFlash ? 'jsonb_array_length(c.flash)' : '0'}, c.user_id, now(), now(), now() + ${millis('c.ttl')}, c.sliding_ttl
  FROM c WHERE NOT EXISTS (SELECT 1 FROM ${table} AS s WHERE s.id = c.id) ORDER BY c.id, c.ord
  ON CONFLICT (id) DO NOTHING
  RETURNING id
)
SELECT DISTINCT ON (inserted.id) c.ord FROM inserted JOIN c ON c.id = inserted.id ORDER BY inserted.id, c.ord`
}

/**
 * What one change touches besides the data. Each shape is a statement of its own: a statement with every part
 * behind a `CASE WHEN $n` costs PostgreSQL a new plan on every execution (its custom plans fold the CASE away
 * and so look cheaper than the generic plan), which made a write cost a third more than it needs to.
 */
export interface UpdateShape {
  /** The change brings the cookie (or removes it). */
  readonly cookie: boolean
  /** The change moves the session to another user (or none). */
  readonly user: boolean
  /** The change adds or removes flash messages. */
  readonly flash: boolean
  /** The statement returns the new data and user_id (for a function `userKey`). */
  readonly returnsData: boolean
}

export type UpdateShapeKey = `${'c' | '-'}${'u' | '-'}${'f' | '-'}${'d' | '-'}`

export const updateShapeKey = (shape: UpdateShape): UpdateShapeKey =>
  `${shape.cookie ? 'c' : '-'}${shape.user ? 'u' : '-'}${shape.flash ? 'f' : '-'}${shape.returnsData ? 'd' : '-'}`

const UPDATE_SHAPES: UpdateShape[] = [false, true].flatMap((cookie) =>
  [false, true].flatMap((user) => [false, true].flatMap((flash) => [false, true].map((returnsData) => ({ cookie, user, flash, returnsData })))),
)

/**
 * The UPDATE of one change shape. `batch`: the multi-row form, which takes each change from one row of
 * `unnest($1::text[], $2::jsonb[], …) WITH ORDINALITY AS c(…)` (a `text[]` of a change arrives as a jsonb array:
 * PostgreSQL arrays cannot nest) and returns the row's ordinality, so one statement and one commit apply the
 * changes of several sessions: those whose rows it could lock without waiting.
 */
function updateSql(table: string, shape: UpdateShape, batch: boolean): string {
  const columns: Array<[name: string, type: string]> = [
    ['id', 'text'],
    ['set', 'jsonb'],
    ['unset', 'jsonb'],
    ['ttl', 'float8'],
    ['resolution', 'float8'],
  ]
  let next = 6
  // A value of the change: its own parameter, or its column of the batch's row.
  const value = (name: string, type: string): string => {
    if (!batch) return `$${next++}`
    columns.push([name, type])
    return `c.${name}`
  }
  const [id, set, unset, ttl, resolution] = batch ? ['c.id', 'c.set', 'c.unset', 'c.ttl', 'c.resolution'] : ['$1', '$2', '$3', '$4', '$5']
  const textArray = (ref: string): string => (batch ? `ARRAY(SELECT jsonb_array_elements_text(${ref}))` : `${ref}::text[]`)
  const assignments = [`data = (s.data || ${set}::jsonb) - ${textArray(unset)}`]
  if (shape.cookie) assignments.push(`cookie = ${value('cookie', 'jsonb')}::jsonb`, `sliding_ttl_ms = ${value('sliding_ttl', 'bigint')}::bigint`)
  if (shape.user) assignments.push(`user_id = ${value('user_id', 'text')}::text`)
  if (shape.flash) {
    const [add, remove] = [value('flash_add', 'jsonb'), value('flash_remove', 'jsonb')]
    assignments.push(
      `flash = (
    SELECT coalesce(jsonb_agg(kept.entry ORDER BY kept.part, kept.n), '[]'::jsonb) FROM (
      SELECT 0 AS part, old.n, old.entry FROM jsonb_array_elements(s.flash) WITH ORDINALITY AS old(entry, n)
        WHERE NOT ((old.entry->>'id') = ANY(${textArray(remove)}))
      UNION ALL
      SELECT 1, added.n, jsonb_build_object('id', (s.flash_seq + added.n)::text, 'type', added.entry->'type', 'message', added.entry->'message')
        FROM jsonb_array_elements(${add}::jsonb) WITH ORDINALITY AS added(entry, n)
    ) AS kept)`,
      `flash_seq = s.flash_seq + jsonb_array_length(${add}::jsonb)`,
    )
  }
  assignments.push(
    `expires_at = CASE WHEN ${expiryMoves(ttl, resolution)} THEN now() + ${millis(ttl)} ELSE s.expires_at END`,
    `last_seen_at = CASE WHEN ${expiryMoves(ttl, resolution)} THEN now() ELSE s.last_seen_at END`,
  )
  const returned = [...(batch ? ['c.ord'] : []), ...(shape.returnsData ? ['s.data::text AS data', 's.user_id'] : batch ? [] : ['1 AS applied'])]
  if (!batch) {
    return `UPDATE ${table} AS s SET
  ${assignments.join(',\n  ')}
WHERE s.id = ${id} AND s.expires_at > now()
RETURNING ${returned.join(', ')}`
  }
  // The batch first locks the rows no one else holds (SKIP LOCKED) and changes only those: it never waits for a
  // lock, so it cannot deadlock with another batch or a multi-row DELETE, nor hold up the other sessions of the
  // batch behind one busy row. A change whose row was skipped (or is gone) returns nothing and is sent alone.
  return `WITH c AS (
  SELECT * FROM unnest(${columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')}) WITH ORDINALITY AS c(${columns.map(([name]) => name).join(', ')}, ord)
), locked AS (
  SELECT s.id FROM ${table} AS s WHERE s.id = ANY(ARRAY(SELECT c.id FROM c)) AND s.expires_at > now() FOR UPDATE SKIP LOCKED
)
UPDATE ${table} AS s SET
  ${assignments.join(',\n  ')}
FROM c
WHERE s.id = c.id AND s.id IN (SELECT locked.id FROM locked) AND s.expires_at > now()
RETURNING ${returned.join(', ')}`
}

/**
 * The read of a live session that slides its expiry, in one statement. The CTE reads the row and writes it only
 * when the expiry would move by more than a tenth of the sliding ttl or last_seen_at is older than the resolution
 * ($2 ms): most read-only requests write nothing, so they create no row version (no bloat, no WAL) and take no
 * row lock. A row's sliding_ttl_ms outside [1 ms, 100 years] is corrupt and the store's default ttl ($3) applies:
 * it must not put now() ± ttl outside timestamptz's range, which would fail the statement while the row exists.
 * `batch`: the form for several ids ($1 text[]), which locks the rows it slides with SKIP LOCKED instead of
 * waiting for them, and says which it skipped.
 */
function loadSql(table: string, batch: boolean): string {
  const due = `(abs(extract(epoch FROM live.slid_expires_at - live.expires_at)) * 10000 > live.sliding_ttl_ms
    OR extract(epoch FROM now() - live.last_seen_at) * 1000 > $2::float8)`
  const clamped = `SELECT ${batch ? 'c.ord, ' : ''}s.id, s.data, s.cookie, s.flash, s.expires_at, s.last_seen_at,
    CASE WHEN s.sliding_ttl_ms BETWEEN 1 AND ${MAX_SLIDING_TTL_MS} THEN s.sliding_ttl_ms ELSE $3::bigint END AS sliding_ttl_ms
  FROM ${batch ? `unnest($1::text[]) WITH ORDINALITY AS c(id, ord) JOIN ${table} AS s ON s.id = c.id` : `${table} AS s`}
  WHERE ${batch ? '' : 's.id = $1 AND '}s.expires_at > now()`
  const read = (slidExpiry: string): string => `live.data::text AS data, live.cookie::text AS cookie, live.flash::text AS flash,
  ${epochMillis(`coalesce(${slidExpiry}, live.expires_at)`)} AS expires_at`
  if (!batch) {
    return `WITH clamped AS (
  ${clamped}
), live AS (
  SELECT *, now() + sliding_ttl_ms * interval '1 millisecond' AS slid_expires_at FROM clamped
), slid AS (
  UPDATE ${table} AS s SET expires_at = live.slid_expires_at, last_seen_at = now()
  FROM live
  WHERE s.id = live.id AND ${due}
  RETURNING s.expires_at
)
SELECT ${read('(SELECT expires_at FROM slid)')}
FROM live`
  }
  return `WITH clamped AS (
  ${clamped}
), live AS (
  SELECT *, now() + sliding_ttl_ms * interval '1 millisecond' AS slid_expires_at FROM clamped
), due AS (
  SELECT live.id, live.slid_expires_at FROM live WHERE ${due}
), locked AS (
  SELECT s.id FROM ${table} AS s WHERE s.id = ANY(ARRAY(SELECT due.id FROM due)) AND s.expires_at > now() FOR UPDATE SKIP LOCKED
), slid AS (
  UPDATE ${table} AS s SET expires_at = due.slid_expires_at, last_seen_at = now()
  FROM due
  WHERE s.id = due.id AND s.id IN (SELECT locked.id FROM locked)
  RETURNING s.id, s.expires_at
)
SELECT live.ord, ${read('slid.expires_at')},
  (slid.id IS NULL AND live.id IN (SELECT due.id FROM due))::int AS unslid
FROM live LEFT JOIN slid ON slid.id = live.id`
}

/** The queries of the table `table` (already quoted). */
export function sessionQueriesFor(table: string): SessionQueries {

  return {
    get: `SELECT data::text AS data, cookie::text AS cookie, flash::text AS flash FROM ${table} WHERE id = $1 AND expires_at > now()`,
    load: loadSql(table, false),
    batchLoad: loadSql(table, true),
    set: upsertSql(table, true),
    setWithoutFlash: upsertSql(table, false),
    batchSets: { set: insertBatchSql(table, true), setWithoutFlash: insertBatchSql(table, false) },
    updates: Object.fromEntries(UPDATE_SHAPES.map((shape) => [updateShapeKey(shape), updateSql(table, shape, false)])) as Record<UpdateShapeKey, string>,
    batchUpdates: Object.fromEntries(UPDATE_SHAPES.map((shape) => [updateShapeKey(shape), updateSql(table, shape, true)])) as Record<UpdateShapeKey, string>,
    setUserOfData: `UPDATE ${table} SET user_id = $2::text WHERE id = $1 AND data = $3::jsonb AND user_id IS DISTINCT FROM $2::text`,
    expire: `DELETE FROM ${table} WHERE id = $1 AND expires_at > now() RETURNING 1 AS applied`,
    touch: `UPDATE ${table} SET
  cookie = CASE WHEN $2::boolean THEN $3::jsonb ELSE cookie END,
  sliding_ttl_ms = coalesce($4::bigint, sliding_ttl_ms),
  expires_at = now() + ${millis('$5')},
  last_seen_at = now()
WHERE id = $1 AND expires_at > now()`,
    destroy: `DELETE FROM ${table} WHERE id = $1`,
    all: `SELECT id, data::text AS data, cookie::text AS cookie, flash::text AS flash FROM ${table} WHERE expires_at > now()`,
    ids: `SELECT id FROM ${table} WHERE expires_at > now()`,
    length: `SELECT count(*)::float8 AS count FROM ${table} WHERE expires_at > now()`,
    clear: `DELETE FROM ${table}`,
    // Housekeeping never waits for a row lock: a row another transaction holds goes at the next prune.
    prune: `WITH doomed AS (SELECT id FROM ${table} WHERE expires_at <= now() FOR UPDATE SKIP LOCKED),
pruned AS (DELETE FROM ${table} WHERE id IN (SELECT doomed.id FROM doomed) RETURNING 1)
SELECT count(*)::float8 AS count FROM pruned`,
    listOfUser: `WITH doomed AS (SELECT id FROM ${table} WHERE user_id = $1 AND expires_at <= now() FOR UPDATE SKIP LOCKED),
stale AS (DELETE FROM ${table} WHERE id IN (SELECT doomed.id FROM doomed))
SELECT id, data::text AS data, cookie::text AS cookie, ${epochMillis('created_at')} AS created_at,
  ${epochMillis('last_seen_at')} AS last_seen_at, ${epochMillis('expires_at')} AS expires_at
FROM ${table} WHERE user_id = $1 AND expires_at > now() ORDER BY last_seen_at DESC, id`,
    // The rows are locked in id order first: two of these for one user (a "log out everywhere" sent twice) would
    // otherwise lock the same rows in different orders and deadlock.
    destroyOfUser: `WITH doomed AS (SELECT id FROM ${table} WHERE user_id = $1 AND NOT (id = ANY($2::text[])) ORDER BY id FOR UPDATE),
gone AS (DELETE FROM ${table} WHERE id IN (SELECT doomed.id FROM doomed) RETURNING expires_at > now() AS live)
SELECT count(*) FILTER (WHERE live)::float8 AS count FROM gone`,
  }
}

/** Every statement text of a table's queries, for preparing them by name. */
export function statementTextsOf(queries: SessionQueries): string[] {
  return Object.values(queries).flatMap((query: string | Readonly<Record<string, string>>) => (typeof query === 'string' ? [query] : Object.values(query)))
}
