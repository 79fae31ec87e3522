import { describe, expect, it } from 'vitest'
import { KeyedSerialQueue } from '../../../../src/lib/stores/fs/keyed-serial-queue.ts'

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('KeyedSerialQueue', () => {
  it('runs tasks of one key one at a time, in order, and of different keys side by side', async () => {
    const queue = new KeyedSerialQueue()
    const log: string[] = []
    const task = (name: string) => async () => {
      log.push(`start ${name}`)
      await tick()
      log.push(`end ${name}`)
      return name
    }
    const results = await Promise.all([queue.run('a', task('a1')), queue.run('a', task('a2')), queue.run('b', task('b1'))])
    expect(results).toEqual(['a1', 'a2', 'b1'])
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'))
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'))
  })

  it('a failing task rejects its own caller only; the next one still runs', async () => {
    const queue = new KeyedSerialQueue()
    const failed = queue.run('a', () => Promise.reject(new Error('boom')))
    const next = queue.run('a', async () => 'ran')
    await expect(failed).rejects.toThrow('boom')
    await expect(next).resolves.toBe('ran')
  })

  it('forgets a key once its last task settles', async () => {
    const queue = new KeyedSerialQueue()
    await Promise.all([queue.run('a', async () => 1), queue.run('a', async () => 2), queue.run('b', async () => 3)])
    await tick()
    expect(queue.size).toBe(0)
  })
})
