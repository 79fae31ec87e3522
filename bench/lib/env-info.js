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

const MEASURED_PACKAGES = ['express', 'express-session', 'connect-flash', 'connect-redis', 'connect-pg-simple', 'redis', 'pg', 'better-sqlite3', 'autocannon']

export function environmentInfo() {
  const cpus = os.cpus()
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    totalMemoryMiB: Math.round(os.totalmem() / 1048576),
    // sessionkit and every package it is measured against or with (the chart prints these).
    versions: {
      sessionkit: versionOf('package.json'),
      ...Object.fromEntries(MEASURED_PACKAGES.map((name) => [name, versionOf(`node_modules/${name}/package.json`)])),
    },
  }
}
