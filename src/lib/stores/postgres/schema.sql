-- sessionkit PostgreSQL session store: one row per session.
-- data holds the application's keys (without cookie and flash); flash holds [{id, type, message}] oldest first.
CREATE TABLE IF NOT EXISTS "sessions" (
  id text PRIMARY KEY,
  data jsonb NOT NULL,
  cookie jsonb,
  flash jsonb NOT NULL DEFAULT '[]',
  flash_seq bigint NOT NULL DEFAULT 0,
  user_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  sliding_ttl_ms bigint NOT NULL
);
CREATE INDEX IF NOT EXISTS "sessions_expires_at_idx" ON "sessions" (expires_at);
CREATE INDEX IF NOT EXISTS "sessions_user_id_idx" ON "sessions" (user_id) WHERE user_id IS NOT NULL;
