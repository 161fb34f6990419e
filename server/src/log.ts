/** Minimal levelled logger writing one line per event to stderr. */
type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent'
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 }
let threshold: Level = (process.env.LOG_LEVEL as Level) in order ? (process.env.LOG_LEVEL as Level) : 'info'

export function setLogLevel(level: Level) {
  threshold = level
}

function write(level: Exclude<Level, 'silent'>, msg: string, extra?: Record<string, unknown>) {
  if (order[level] < order[threshold]) return
  const line = `${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${msg}`
  process.stderr.write(extra ? `${line} ${JSON.stringify(extra)}\n` : `${line}\n`)
}

export const log = {
  debug: (m: string, e?: Record<string, unknown>) => write('debug', m, e),
  info: (m: string, e?: Record<string, unknown>) => write('info', m, e),
  warn: (m: string, e?: Record<string, unknown>) => write('warn', m, e),
  error: (m: string, e?: Record<string, unknown>) => write('error', m, e),
}
