import fs from 'node:fs'
import path from 'node:path'

export const LOCK_FILE = 'circle15.pid'

/**
 * Claims an embedded data directory for this process: the embedded database is single-process,
 * and a second process opening it (a CLI import or a backup while the server runs) would corrupt
 * it. The claim is a file holding the owner's pid; a claim whose process is gone (a crash, kill -9)
 * is taken over. Returns the release function.
 */
export function claimDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, LOCK_FILE)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' })
      return () => {
        if (readOwner(file) === process.pid) fs.rmSync(file, { force: true })
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const owner = readOwner(file)
      if (owner !== null && owner !== process.pid && alive(owner)) {
        throw new Error(`the embedded database in ${dataDir} is in use by process ${owner} (stop the server first)`)
      }
      if (owner === process.pid) throw new Error(`the embedded database in ${dataDir} is already open in this process`)
      fs.rmSync(file, { force: true }) // stale: its process is gone
    }
  }
  throw new Error(`could not claim ${file}`)
}

function readOwner(file: string): number | null {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return null
  }
  const pid = Number(text.trim())
  return Number.isInteger(pid) && pid > 0 ? pid : null
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
