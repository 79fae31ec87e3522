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

/** The SQL text of each operation of one session table. */
export interface SessionQueries {
  /** $1 id → data, cookie, flash (text) of the live row. */
  readonly get: string
  /**
   * $1 id, $2 last-seen resolution ms → data, cookie, flash, expires_at (ms) of the live row, sliding its expiry
   * only when worth a write.
   */
  readonly load: string
  /** $1 id, $2 data, $3 cookie, $4 flash [{type, message}], $5 user_id, $6 ttl ms, $7 sliding ttl ms. */
  readonly set: string
  /**
   * $1 id, $2 set (object), $3 unset (text[]), $4 replace cookie?, $5 cookie, $6 flashAdd, $7 flashRemove (text[]),
   * $8 replace user?, $9 user_id, $10 sliding ttl ms or null, $11 ttl ms, $12 last-seen resolution ms → one row
   * when applied. The expiry (and last seen) move only when the expiry would move by more than a second, a tenth
   * of the lifetime or the resolution, whichever is least.
   */
  readonly update: string
  /** Same parameters as `update`, also returning the new data (text), for a function `userKey`. */
  readonly updateReturningData: string
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

/** The queries of the table `table` (already quoted). */
export function sessionQueriesFor(table: string): SessionQueries {
  const update = (returning: string): string => `UPDATE ${table} AS s SET
  data = (s.data || $2::jsonb) - $3::text[],
  cookie = CASE WHEN $4::boolean THEN $5::jsonb ELSE s.cookie END,
  flash = CASE WHEN $6::jsonb = '[]'::jsonb AND cardinality($7::text[]) = 0 THEN s.flash ELSE (
    SELECT coalesce(jsonb_agg(kept.entry ORDER BY kept.part, kept.n), '[]'::jsonb) FROM (
      SELECT 0 AS part, old.n, old.entry FROM jsonb_array_elements(s.flash) WITH ORDINALITY AS old(entry, n)
        WHERE NOT ((old.entry->>'id') = ANY($7::text[]))
      UNION ALL
      SELECT 1, added.n, jsonb_build_object('id', (s.flash_seq + added.n)::text, 'type', added.entry->'type', 'message', added.entry->'message')
        FROM jsonb_array_elements($6::jsonb) WITH ORDINALITY AS added(entry, n)
    ) AS kept) END,
  flash_seq = s.flash_seq + jsonb_array_length($6::jsonb),
  user_id = CASE WHEN $8::boolean THEN $9::text ELSE s.user_id END,
  sliding_ttl_ms = coalesce($10::bigint, s.sliding_ttl_ms),
  expires_at = CASE WHEN ${expiryMoves('$11', '$12')} THEN now() + ${millis('$11')} ELSE s.expires_at END,
  last_seen_at = CASE WHEN ${expiryMoves('$11', '$12')} THEN now() ELSE s.last_seen_at END
WHERE s.id = $1 AND s.expires_at > now()
RETURNING ${returning}`

  return {
    get: `SELECT data::text AS data, cookie::text AS cookie, flash::text AS flash FROM ${table} WHERE id = $1 AND expires_at > now()`,
    // One statement: the CTE reads the live row and, only when the expiry would move by more than a tenth of
    // the sliding ttl or last_seen_at is older than the resolution ($2 ms), writes it. Most read-only requests write nothing, so
    // they create no row version (no bloat, no WAL) and take no row lock.
    // A row's sliding_ttl_ms outside [1 ms, 100 years] is corrupt and the store's default ttl ($3) applies: it
    // must not put now() ± ttl outside timestamptz's range, which would fail this statement while the row exists.
    load: `WITH clamped AS (
  SELECT id, data, cookie, flash, expires_at, last_seen_at,
    CASE WHEN sliding_ttl_ms BETWEEN 1 AND ${MAX_SLIDING_TTL_MS} THEN sliding_ttl_ms ELSE $3::bigint END AS sliding_ttl_ms
  FROM ${table} WHERE id = $1 AND expires_at > now()
), live AS (
  SELECT *, now() + sliding_ttl_ms * interval '1 millisecond' AS slid_expires_at FROM clamped
), slid AS (
  UPDATE ${table} AS s SET expires_at = live.slid_expires_at, last_seen_at = now()
  FROM live
  WHERE s.id = live.id AND (
    abs(extract(epoch FROM live.slid_expires_at - live.expires_at)) * 10000 > live.sliding_ttl_ms
    OR extract(epoch FROM now() - live.last_seen_at) * 1000 > $2::float8)
  RETURNING s.expires_at
)
SELECT data::text AS data, cookie::text AS cookie, flash::text AS flash,
  ${epochMillis('coalesce((SELECT expires_at FROM slid), live.expires_at)')} AS expires_at
FROM live`,
    set: `INSERT INTO ${table} AS s (id, data, cookie, flash, flash_seq, user_id, created_at, last_seen_at, expires_at, sliding_ttl_ms)
VALUES ($1, $2::jsonb, $3::jsonb, ${numberedFlash('$4', '0')}, jsonb_array_length($4::jsonb), $5::text, now(), now(), now() + ${millis('$6')}, $7::bigint)
ON CONFLICT (id) DO UPDATE SET
  data = EXCLUDED.data,
  cookie = EXCLUDED.cookie,
  flash = ${numberedFlash('$4', 's.flash_seq')},
  flash_seq = s.flash_seq + jsonb_array_length($4::jsonb),
  user_id = EXCLUDED.user_id,
  created_at = CASE WHEN s.expires_at > now() THEN s.created_at ELSE now() END,
  last_seen_at = EXCLUDED.last_seen_at,
  expires_at = EXCLUDED.expires_at,
  sliding_ttl_ms = EXCLUDED.sliding_ttl_ms`,
    update: update('1 AS applied'),
    updateReturningData: update('s.data::text AS data, s.user_id'),
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
    prune: `WITH pruned AS (DELETE FROM ${table} WHERE expires_at <= now() RETURNING 1) SELECT count(*)::float8 AS count FROM pruned`,
    listOfUser: `WITH stale AS (DELETE FROM ${table} WHERE user_id = $1 AND expires_at <= now())
SELECT id, data::text AS data, cookie::text AS cookie, ${epochMillis('created_at')} AS created_at,
  ${epochMillis('last_seen_at')} AS last_seen_at, ${epochMillis('expires_at')} AS expires_at
FROM ${table} WHERE user_id = $1 AND expires_at > now() ORDER BY last_seen_at DESC, id`,
    destroyOfUser: `WITH gone AS (DELETE FROM ${table} WHERE user_id = $1 AND NOT (id = ANY($2::text[])) RETURNING expires_at > now() AS live)
SELECT count(*) FILTER (WHERE live)::float8 AS count FROM gone`,
  }
}
