import { describe, expect, it } from 'vitest'
import { sessionQueriesFor, statementTextsOf, type UpdateShapeKey } from '../../../../src/lib/stores/postgres/session-queries.ts'

const queries = sessionQueriesFor('"sessions"')
const shapes = Object.keys(queries.updates) as UpdateShapeKey[]
const parametersOf = (text: string): number[] => [...new Set([...text.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])))].sort((a, b) => a - b)

describe('the UPDATE statements, one per shape of change', () => {
  it('has all 16 shapes', () => {
    expect(shapes).toHaveLength(16)
  })

  // A CASE on a parameter lets PostgreSQL's custom plans fold it away, so they look cheaper than the generic plan
  // and the statement is planned again on every execution.
  it.each(shapes)('%s: no CASE decided by a parameter alone, and parameters $1…$n all used', (key) => {
    const text = queries.updates[key]
    expect(text).not.toMatch(/CASE WHEN \$\d+/)
    const parameters = parametersOf(text)
    expect(parameters).toEqual(parameters.map((_, i) => i + 1))
    const expected = 5 + (key[0] === 'c' ? 2 : 0) + (key[1] === 'u' ? 1 : 0) + (key[2] === 'f' ? 2 : 0)
    expect(parameters).toHaveLength(expected)
  })

  it('merges flash messages only in the shapes that change them', () => {
    for (const key of shapes) expect(queries.updates[key].includes('jsonb_agg')).toBe(key[2] === 'f')
  })

  it('lists every statement for preparing, updates and their batched forms included, each once', () => {
    const texts = statementTextsOf(queries)
    for (const key of shapes) expect(texts).toContain(queries.updates[key])
    for (const key of shapes) expect(texts).toContain(queries.batchUpdates[key])
    expect(texts).toContain(queries.load)
    expect(texts).toContain(queries.batchLoad)
    expect(new Set(texts).size).toBe(texts.length)
  })
})

describe('the batched UPDATEs, one per shape of change', () => {
  // Each parameter of a batched form is the array of the single form's parameter of the same number.
  it.each(shapes)('%s: takes the same parameters as arrays, from one unnest, and returns each row by position', (key) => {
    const text = queries.batchUpdates[key]
    expect(text).not.toMatch(/CASE WHEN \$\d+/)
    expect(parametersOf(text)).toEqual(parametersOf(queries.updates[key]))
    expect(text.match(/\$\d+::\w+\[\]/g)).toHaveLength(parametersOf(text).length)
    expect(text).toContain('WITH ORDINALITY AS c(')
    expect(text).toMatch(/RETURNING c\.ord\b/)
    expect(text.includes('s.data::text AS data')).toBe(key[3] === 'd')
    expect(text.includes('jsonb_agg')).toBe(key[2] === 'f')
  })
})

describe('the reads that slide the expiry', () => {
  it('take the same parameters, the batched one an array of ids, and the batched one locks only without waiting', () => {
    expect(parametersOf(queries.load)).toEqual([1, 2, 3])
    expect(parametersOf(queries.batchLoad)).toEqual([1, 2, 3])
    expect(queries.batchLoad).toContain('unnest($1::text[]) WITH ORDINALITY')
    expect(queries.load).not.toContain('FOR UPDATE')
    expect(queries.batchLoad).toContain('FOR UPDATE SKIP LOCKED')
    expect(queries.batchLoad).toMatch(/SELECT live\.ord\b[\s\S]*AS unslid/)
  })
})

describe('the statements that delete several rows', () => {
  // Housekeeping skips rows others hold; destroying a user's sessions must take them all, so it locks them in one
  // order (any two such statements then lock their shared rows in the same order and cannot deadlock).
  it('prune and the expired rows of listSessionsOfUser never wait for a lock; destroySessionsOfUser locks in id order', () => {
    expect(queries.prune).toContain('FOR UPDATE SKIP LOCKED')
    expect(queries.listOfUser).toContain('FOR UPDATE SKIP LOCKED')
    expect(queries.destroyOfUser).toContain('ORDER BY id FOR UPDATE)')
  })
})

describe('the upserts of a whole record', () => {
  it('numbers flash messages only in the one that has them, and uses parameters $1…$n', () => {
    expect(queries.set).toContain('jsonb_agg')
    expect(queries.setWithoutFlash).not.toContain('jsonb_agg')
    expect(parametersOf(queries.set)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(parametersOf(queries.setWithoutFlash)).toEqual([1, 2, 3, 4, 5, 6])
  })

  // A batch inserts only free ids, never waiting for (nor locking) a taken one, which then goes alone as the upsert.
  it.each(['set', 'setWithoutFlash'] as const)('%s: the batched form takes the same parameters as arrays, inserts in id order and skips taken ids', (kind) => {
    const text = queries.batchSets[kind]
    expect(parametersOf(text)).toEqual(parametersOf(queries[kind]))
    expect(text.match(/\$\d+::\w+\[\]/g)).toHaveLength(parametersOf(text).length)
    expect(text).toContain('WHERE NOT EXISTS (SELECT 1 FROM "sessions" AS s WHERE s.id = c.id) ORDER BY c.id, c.ord')
    expect(text).toContain('ON CONFLICT (id) DO NOTHING')
    expect(text).toMatch(/SELECT DISTINCT ON \(inserted\.id\) c\.ord FROM inserted/)
    expect(statementTextsOf(queries)).toContain(text)
  })
})
