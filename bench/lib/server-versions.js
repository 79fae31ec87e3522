// Versions of the database servers the store comparisons ran against, recorded with the results and printed on
// the chart: a Redis or PostgreSQL upgrade moves the store figures as much as a library change does.
import pg from 'pg'

/** `7.0.15` from Redis's INFO server, through an already connected node-redis client; null when unreadable. */
export async function redisServerVersion(client) {
  try {
    return (await client.info('server')).match(/^redis_version:(\S+)/m)?.[1] ?? null
  } catch {
    return null
  }
}

/** `15.20` from PostgreSQL's server_version (distribution suffix dropped); null when it cannot be reached. */
export async function postgresServerVersion(connectionString) {
  const client = new pg.Client({ connectionString })
  try {
    await client.connect()
    const { rows } = await client.query('SHOW server_version')
    return String(rows[0]?.server_version ?? '').split(' ')[0] || null
  } catch {
    return null
  } finally {
    await client.end().catch(() => {})
  }
}
