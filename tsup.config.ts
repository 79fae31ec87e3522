import { readFile, writeFile } from 'node:fs/promises'
import { defineConfig } from 'tsup'

const shared = {
  outDir: 'dist',
  target: 'node20',
  platform: 'node',
  sourcemap: true,
  dts: true,
  treeshake: true,
} as const

// Rollup (treeshake) already turns the CommonJS express entry into `module.exports = session`; tsup's
// cjsInterop then appends `module.exports = exports.default`, which would undo it. cjsInterop stays on for
// the declarations it writes (`export = session`), and its extra line is removed here.
async function keepFactoryAsModuleExports(): Promise<void> {
  const file = 'dist/express.cjs'
  const code = await readFile(file, 'utf8')
  await writeFile(file, code.replace(/\nmodule\.exports = exports\.default;\n/, '\n'))
}

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
    cjsInterop: true,
    onSuccess: keepFactoryAsModuleExports,
  },
])
