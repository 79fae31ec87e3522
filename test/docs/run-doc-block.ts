import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import ts from 'typescript'
import { sessionTableDdl } from '../../src/lib/stores/postgres/session-table-ddl.ts'
import { connectPgSimpleTableSql } from '../support/connect-pg-simple-table.ts'
import { databaseUrl, redisUrl } from '../support/services.ts'
import type { MarkedBlock } from './markdown-code-blocks.ts'

const run = promisify(execFile)

// Examples read their servers and secret from the environment, as an app does. They get their own Redis database
// and their own PostgreSQL schema (PGOPTIONS sets the search_path of every connection `pg` opens), so an example
// can use the default key prefix and table name without touching what other test files keep there.
export const DOCS_REDIS_DATABASE = 13
export const DOCS_POSTGRES_SCHEMA = 'sessionkit_docs'

function docsRedisUrl(): string {
  const url = new URL(redisUrl)
  url.pathname = `/${DOCS_REDIS_DATABASE}`
  return url.toString()
}

export function exampleEnvironment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    REDIS_URL: docsRedisUrl(),
    DATABASE_URL: databaseUrl,
    PGOPTIONS: `-c search_path=${DOCS_POSTGRES_SCHEMA}`,
    SESSION_SECRET: 'the docs examples secret, 32 bytes or longer',
    NODE_NO_WARNINGS: '1',
  }
}

let schemaReady: Promise<void> | undefined

/**
 * Creates the examples' PostgreSQL schema once per test file, with the tables examples create themselves
 * (`createTable: true`, connect-pg-simple's `createTableIfMissing`): examples run in parallel, and two
 * `CREATE TABLE IF NOT EXISTS` of one table at once can collide in PostgreSQL's catalog.
 */
function ensureDocsSchema(): Promise<void> {
  schemaReady ??= (async () => {
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${DOCS_POSTGRES_SCHEMA}`)
      await client.query(`SET search_path TO ${DOCS_POSTGRES_SCHEMA}`)
      await client.query(sessionTableDdl())
      await client.query(connectPgSimpleTableSql('session'))
    } finally {
      await client.end()
    }
  })()
  return schemaReady
}

/** The block as JavaScript: ```ts blocks lose their types (and only that: the output keeps imports as written). */
function javascriptOf(block: MarkedBlock): string {
  if (block.language === 'js') return block.code
  return ts.transpileModule(block.code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  }).outputText
}

/**
 * Runs a block as an app would run it, with node. The module file sits in the package root, so `import … from
 * 'sessionkit/…'` resolves through the package's own exports map (the built `dist/`); it runs in a fresh
 * temporary directory, so relative paths in an example (`./data/sessions.db`) land there. A CommonJS block runs
 * with `node -e` from the package root (`require` resolves from there). Rejects with the block's stderr when it
 * exits non-zero (a failed assertion, an exception) or runs past `timeoutMs`.
 */
export async function runDocBlock(block: MarkedBlock, root: string, file: string, timeoutMs = 12_000): Promise<void> {
  const code = javascriptOf(block)
  if (block.needsPostgres) await ensureDocsSchema()
  const workDir = mkdtempSync(join(tmpdir(), 'sessionkit-docs-'))
  const options = { cwd: block.commonJs ? root : workDir, env: exampleEnvironment(), timeout: timeoutMs, encoding: 'utf8' as const }
  try {
    if (block.commonJs) {
      await run(process.execPath, ['--input-type=commonjs', '-e', code], options)
      return
    }
    writeFileSync(file, code)
    await run(process.execPath, [file], options)
  } catch (error) {
    const { stderr, stdout, killed } = error as { stderr?: string; stdout?: string; killed?: boolean }
    throw new Error(`${block.page}:${block.line} failed${killed ? ` (timed out after ${timeoutMs} ms)` : ''}:\n${stderr || stdout || String(error)}`)
  } finally {
    if (!block.commonJs) rmSync(file, { force: true })
    rmSync(workDir, { recursive: true, force: true })
  }
}
