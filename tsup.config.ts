import { defineConfig } from 'tsup'

const shared = {
  outDir: 'dist',
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  dts: true,
  treeshake: true,
} as const

export default defineConfig([
  {
    ...shared,
    entry: { index: 'src/index.ts', express: 'src/express.ts' },
    format: ['esm'],
    splitting: true,
    clean: true,
  },
  {
    ...shared,
    // require('sessionkit/express') must return the factory function itself, as require('express-session')
    // does, so its CommonJS entry has only a default export; the classes hang off the function.
    entry: { index: 'src/index.ts', express: 'src/express.cjs.ts' },
    format: ['cjs'],
    splitting: true,
    // Rollup (treeshake) turns this entry, which has only a default export, into `module.exports = session`.
    // Its declarations are written by hand (src/express.d.cts, copied by the build script): a bundled d.cts
    // cannot express `export =` with every type reachable as `session.X`.
    dts: { entry: { index: 'src/index.ts' } },
  },
])
