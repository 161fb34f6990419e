import fs from 'node:fs'
import path from 'node:path'
import { log } from '../../log'
import type { Tokens } from './tokens'

/** Where the first admin token is written (mode 0600). */
export const adminTokenFile = (dataDir: string) => path.join(dataDir, 'admin-token')

/**
 * On a database that has never had a token: creates an admin token named `admin` and writes it,
 * alone, to DATA_DIR/admin-token with mode 0600 (readable by the server's user only). The token
 * itself never goes to the log; the log says where it is and how to make more. Returns the file,
 * or null when tokens exist already (nothing is created or rewritten).
 */
export async function ensureFirstAdmin(tokens: Tokens, dataDir: string): Promise<string | null> {
  if ((await tokens.count()) > 0) return null
  let created
  try {
    created = await tokens.create({ name: 'admin', role: 'admin', createdBy: 'first start' })
  } catch (e) {
    log.warn(`no first admin token created (${(e as Error).message})`)
    return null
  }
  const file = adminTokenFile(dataDir)
  fs.mkdirSync(dataDir, { recursive: true })
  fs.rmSync(file, { force: true })
  const fd = fs.openSync(file, 'wx', 0o600)
  try {
    fs.writeSync(fd, `${created.token}\n`)
  } finally {
    fs.closeSync(fd)
  }
  fs.chmodSync(file, 0o600)
  log.info(`first start: admin token written to ${file} (mode 0600); send it as "Authorization: Bearer <token>". ` +
    'More tokens: npm run token -- create --role planner --name <name> (or POST /api/tokens as admin)')
  return file
}
