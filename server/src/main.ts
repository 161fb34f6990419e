import { ConfigError, loadConfig } from './config'
import { openDatabase } from './db'
import { createApp } from './http/app'
import { drain } from './http/drain'
import { log, setLogLevel } from './log'
import { createServices, installReferenceData } from './services/context'
import { isEmpty, loadDemo } from './services/demo'
import { loadDemoPlans } from './services/clusters/demo'
import { ensureFirstAdmin } from './services/auth/first-admin'

/** Start-up: validate settings, open and migrate the database, load catalogue and demo data, serve. */
async function main() {
  const t0 = Date.now()
  let config
  try {
    config = loadConfig()
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`circle15 cannot start: ${e.message}\n`)
      process.exit(2)
    }
    throw e
  }
  setLogLevel(config.logLevel)
  log.info(config.databaseUrl ? 'opening PostgreSQL server database' : `opening embedded database in ${config.dataDir}`)
  const db = await openDatabase(config)
  await installReferenceData(db)
  const demo = config.demo && (await isEmpty(db))
  if (demo) {
    log.info('empty database: loading the Ningbo demo data set (DEMO=0 skips this)')
    await loadDemo(db, { maxRecords: config.importMaxRecords })
  }
  const services = createServices(db, config)
  if (demo) await loadDemoPlans(services)
  if (config.auth.bootstrapAdmin) await ensureFirstAdmin(services.tokens, config.dataDir)
  // Networks and snapped cells load now (built here only if never stored), not on a request;
  // a request that arrives meanwhile waits for the same load.
  services.analysis.inputs.prepare().then(() => services.analysis.pool.warm()).catch(() => {})
  const app = createApp(services)
  const server = app.listen(config.port, config.host, () => {
    const loopback = ['127.0.0.1', 'localhost', '::1'].includes(config.host)
    log.info(`circle15 ready on http://localhost:${config.port} (${db.backend}) in ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
      (loopback ? 'listening on this machine only (HOST=0.0.0.0 opens it to the network)' : `listening on ${config.host}`))
  })
  // SIGTERM/SIGINT: in-flight requests finish (up to SHUTDOWN_TIMEOUT_S), then results still being
  // written are flushed, the worker threads stopped and the database closed.
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info(`${signal}: finishing requests in flight, accepting no new ones`)
    const drained = await drain(server, config.shutdownTimeoutMs)
    if (!drained) log.warn(`requests still running after SHUTDOWN_TIMEOUT_S=${config.shutdownTimeoutMs / 1000}: cut`)
    await services.analysis.close() // pending writes, then the worker threads
    await db.close()
    log.info('circle15 stopped')
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((e) => {
  log.error(`start-up failed: ${e?.message ?? e}`)
  process.exit(1)
})
