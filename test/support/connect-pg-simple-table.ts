/**
 * connect-pg-simple's own table.sql, for a table of any name. Its `createTableIfMissing` names the primary key
 * `session_pkey` whatever the table, so two test files (or a leftover bench table) creating tables at once
 * collide; these names follow the table's.
 */
export function connectPgSimpleTableSql(table: string): string {
  return (
    `CREATE TABLE IF NOT EXISTS "${table}" ("sid" varchar NOT NULL COLLATE "default", "sess" json NOT NULL, "expire" timestamp(6) NOT NULL, ` +
    `CONSTRAINT "${table}_pkey" PRIMARY KEY ("sid") NOT DEFERRABLE INITIALLY IMMEDIATE); ` +
    `CREATE INDEX IF NOT EXISTS "${table}_expire" ON "${table}" ("expire");`
  )
}
