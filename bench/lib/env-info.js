// Machine, runtime and package versions recorded with the results.
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

function versionOf(packageJsonPath) {
  try {
    return JSON.parse(readFileSync(ROOT + packageJsonPath, 'utf8')).version
  } catch {
    return 'unknown'
  }
}

export function environmentInfo() {
  const cpus = os.cpus()
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    totalMemoryMiB: Math.round(os.totalmem() / 1048576),
    versions: {
      express: versionOf('node_modules/express/package.json'),
      'express-session': versionOf('node_modules/express-session/package.json'),
      sessionkit: versionOf('package.json'),
      autocannon: versionOf('node_modules/autocannon/package.json'),
    },
  }
}
