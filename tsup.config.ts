import { defineConfig } from 'tsup'

const shared = {
  outDir: 'dist',
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  dts: true,
  treeshake: true,
} as const

// Subpaths whose CommonJS entry is an ordinary module (named exports), built alike for both formats: the Fetch
// face, and one entry per store (sessionkit/stores/<name>): importing one never loads another's database client.
const namedEntries = {
  fetch: 'src/fetch.ts',
  'stores/redis': 'src/stores/redis.ts',
  'stores/postgres': 'src/stores/postgres.ts',
  'stores/sqlite': 'src/stores/sqlite.ts',
  'stores/fs': 'src/stores/fs.ts',
}

export default defineConfig([
  {
    ...shared,
    entry: { index: 'src/index.ts', express: 'src/express.ts', flash: 'src/flash.ts', ...namedEntries },
    format: ['esm'],
    splitting: true,
    clean: true,
  },
  {
    ...shared,
    // require('sessionkit/express') and require('sessionkit/flash') must return the factory function itself, as
    // require('express-session') and require('connect-flash') do, so their CommonJS entries have only a default export.
    entry: { index: 'src/index.ts', express: 'src/express.cjs.ts', flash: 'src/flash.cjs.ts', ...namedEntries },
    format: ['cjs'],
    splitting: true,
    // Rollup (treeshake) turns those entries, which have only a default export, into `module.exports = …`.
    // Their declarations are written by hand (src/*.d.cts, copied by the build script): a bundled d.cts
    // cannot express `export =` with every type reachable as `session.X`.
    dts: { entry: { index: 'src/index.ts', ...namedEntries } },
  },
])
