/**
 * Stand-in for express-session's test/support/gencert.sh: a throw-away
 * self-signed certificate for CN=express-session.local, made with the
 * openssl CLI into a temporary directory.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export interface Certificate { key: string, cert: string }

let generated: Certificate | undefined

/** made once per test file (openssl takes ~0.4 s), then shared */
export function generateCertificate (): Certificate {
  generated ??= makeCertificate()
  return generated
}

function makeCertificate (): Certificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sessionkit-compat-cert-'))
  try {
    const keyFile = path.join(dir, 'server.key')
    const certFile = path.join(dir, 'server.crt')
    execFileSync('openssl', [
      'req', '-x509', '-nodes', '-newkey', 'rsa:2048',
      '-keyout', keyFile, '-out', certFile, '-days', '3650',
      '-subj', '/C=US/ST=Illinois/L=Chicago/O=node-express-session/CN=express-session.local'
    ], { stdio: 'pipe' })
    return {
      key: fs.readFileSync(keyFile, 'ascii'),
      cert: fs.readFileSync(certFile, 'ascii')
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
