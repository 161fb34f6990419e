/**
 * API tokens on the command line (works on a new or existing DATA_DIR or DATABASE_URL: the
 * database is created and migrated first if needed):
 *   npm run token -- create --role viewer|planner|admin --name <name>   prints the token alone on the last line
 *   npm run token -- list
 *   npm run token -- revoke <id | name>
 * With the embedded database, stop the server first (or use POST/GET/DELETE /api/tokens as admin).
 */
import { ConfigError, loadConfig } from '../server/src/config'
import { CreateTokenBody, ROLES } from '../server/src/contract/auth'
import { openDatabase } from '../server/src/db'
import { isAppError } from '../server/src/errors'
import { setLogLevel } from '../server/src/log'
import { Tokens } from '../server/src/services/auth/tokens'

const usage = `usage:
  npm run token -- create --role <${ROLES.join('|')}> --name <name>
  npm run token -- list
  npm run token -- revoke <id|name>`

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`)
  if (i >= 0) return argv[i + 1]
  return argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)
}

async function main(argv: string[]) {
  const [command, ...rest] = argv
  if (!command || command === '--help' || command === '-h') return void console.log(usage)
  if (!['create', 'list', 'revoke'].includes(command)) throw new Error(`unknown command ${command}\n${usage}`)
  let create: { name: string; role: (typeof ROLES)[number] } | undefined
  if (command === 'create') {
    const parsed = CreateTokenBody.safeParse({ name: option(rest, 'name'), role: option(rest, 'role') })
    if (!parsed.success) throw new Error(`${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n${usage}`)
    create = parsed.data
  }
  const target = command === 'revoke' ? rest.find((a) => !a.startsWith('--')) : undefined
  if (command === 'revoke' && !target) throw new Error(usage)

  const config = loadConfig()
  setLogLevel(config.logLevel === 'info' ? 'warn' : config.logLevel)
  const db = await openDatabase(config)
  try {
    const tokens = new Tokens(db)
    if (create) {
      const t = await tokens.create({ ...create, createdBy: `cli:${process.env.USER ?? 'unknown'}` })
      console.log(`created token ${t.id} "${t.name}" (${t.role}) on ${config.databaseUrl ? 'the server database' : config.dataDir}; it is shown once:`)
      console.log(t.token)
    } else if (command === 'list') {
      const list = await tokens.list()
      if (!list.length) console.log('no tokens yet')
      for (const t of list) {
        const state = t.revokedAt ? `revoked ${t.revokedAt}` : `last used ${t.lastUsedAt ?? 'never'}`
        console.log(`${String(t.id).padStart(4)}  ${t.role.padEnd(7)}  ${t.name}  (created ${t.createdAt} by ${t.createdBy}; ${state})`)
      }
    } else {
      const t = await tokens.revoke(/^\d+$/.test(target!) ? Number(target) : target!)
      console.log(`revoked token ${t.id} "${t.name}" (${t.role})`)
    }
  } finally {
    await db.close()
  }
}

main(process.argv.slice(2)).catch((e) => {
  if (e instanceof ConfigError) console.error(e.message)
  else if (isAppError(e)) console.error(`error (${e.code}): ${e.message}`)
  else console.error(e?.message ?? e)
  process.exit(1)
})
