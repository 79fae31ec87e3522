import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isSessionFileName, sessionFileName } from '../../../../src/lib/stores/fs/session-file-name.ts'

describe('sessionFileName', () => {
  it.each(['../../etc/passwd', 'a/b', '..', 'nul\0byte', 'x'.repeat(10_000)])('names a session %j by a hash inside the directory', (id) => {
    const name = sessionFileName(id)
    expect(name).toMatch(/^[0-9a-f]{64}\.json$/)
    expect(isSessionFileName(name)).toBe(true)
  })

  it('never gives a name with a path separator or dot segment, for any id', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (id) => {
        expect(isSessionFileName(sessionFileName(id))).toBe(true)
      }),
    )
  })
})
