import express4 from 'express4'
import express5 from 'express'

/** Every test of the express face runs on both major versions of Express. */
export const expressVersions = [
  { version: 'express 4', express: express4 as unknown as typeof express5 },
  { version: 'express 5', express: express5 },
]
