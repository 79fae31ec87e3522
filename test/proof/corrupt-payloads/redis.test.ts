import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { createClient } from 'redis'
import { RedisStore, type RedisCommandClient } from '../../../src/stores/redis.ts'
import { redisAvailable, redisUrl } from '../../support/services.ts'
import { anyString } from '../support/cookie-arbitraries.ts'
import { describeCorruptStoredPayloads } from '../support/corrupt-store-harness.ts'
import { jsonishText, trickyJsonValue } from '../support/payload-arbitraries.ts'

/**
 * Garbage written straight into a real Redis (REDIS_URL) over sessions the RedisStore wrote: any value in any
 * of its hash fields, fields it never writes, the key replaced by another Redis type, the hash emptied of all
 * but junk. Both faces must answer 200 with a fresh session (or the intact one, for harmless junk).
 */

const up = await redisAvailable()
const RUNS = Number(process.env.PROOF_CORRUPT_RUNS ?? 1000)

type Damage = { kind: 'field'; field: string; value: string } | { kind: 'only'; fields: Array<[string, string]> } | { kind: 'type'; command: (key: string) => string[] }

const field = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('c', 'd:user', 'd:views', 'f:1', 'f:2', 'm:ttl', 'm:created', 'm:seen', 'm:user', 'm:fseq') },
  fc.tuple(fc.constantFrom('c', 'd:', 'f:', 'm:', ''), anyString(8)).map(([prefix, rest]) => prefix + rest),
)
const value = fc.oneof(
  { weight: 4, arbitrary: jsonishText() },
  jsonishText(fc.record({ type: trickyJsonValue, message: trickyJsonValue }, { requiredKeys: [] })),
  fc.stringMatching(/^-?\d{0,22}$/),
  fc.constantFrom('1e+30', '-1e+30', 'inf', 'nan', '9007199254740993'),
)
const damage: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('field' as const), field, value }) },
  fc.record({ kind: fc.constant('only' as const), fields: fc.array(fc.tuple(field, value), { minLength: 1, maxLength: 4 }) }),
  fc.record({
    kind: fc.constant('type' as const),
    command: fc.constantFrom(
      (key: string) => ['SET', key, '{"user":"mj"}'],
      (key: string) => ['RPUSH', key, 'c', '{}'],
      (key: string) => ['SADD', key, 'c'],
      (key: string) => ['ZADD', key, '1', 'c'],
      (key: string) => ['XADD', key, '*', 'c', '{}'],
    ),
  }),
)

describeCorruptStoredPayloads(
  'Redis',
  RUNS,
  async () => {
    const client = createClient({ url: redisUrl })
    await client.connect()
    const prefix = `sk-proof:corrupt:${randomBytes(4).toString('hex')}:`
    const send = (args: string[]) => client.sendCommand(args)
    return {
      store: new RedisStore({ client: client as unknown as RedisCommandClient, prefix }),
      garbage: damage,
      async corrupt(id, d) {
        const key = `${prefix}{${id}}`
        if (d.kind === 'field') await send(['HSET', key, d.field, d.value])
        else {
          await send(['DEL', key])
          if (d.kind === 'only') await send(['HSET', key, ...d.fields.flat()])
          else await send(d.command(key))
          await send(['PEXPIRE', key, '60000'])
        }
        return true
      },
      async cleanup() {
        let cursor = '0'
        do {
          const [next, keys] = (await send(['SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '1000'])) as unknown as [string, string[]]
          cursor = next
          if (keys.length > 0) await send(['DEL', ...keys])
        } while (cursor !== '0')
        await client.quit()
      },
    }
  },
  !up,
)
