/**
 * The one table `npm run bench` prints: sections of rows, each with our median, optionally a
 * peer's median measured in the same run, and the ratio peer ÷ ours (how many times faster ours
 * is). The same rows go into the JSON file, so the printed table and the file cannot disagree.
 */

export interface TableRow {
  /** Section heading this row belongs to. */
  section: string
  measure: string
  /** Our median in milliseconds, or a non-time value already formatted (bytes per arc, MiB). */
  oursMs?: number | null
  ours?: string
  /** The peer measured in the same run, its median in milliseconds, and peer ÷ ours. */
  peer?: string
  peerMs?: number | null
  ratio?: number | null
  /** Targets, checks, run counts, or "skipped: reason". */
  note?: string
}

/** Milliseconds with sensible precision: 0.465 ms, 9.07 ms, 72.0 ms, 1,918 ms. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—'
  if (ms < 1) return `${ms.toFixed(3)} ms`
  if (ms < 10) return `${ms.toFixed(2)} ms`
  if (ms < 100) return `${ms.toFixed(1)} ms`
  return `${Math.round(ms).toLocaleString('en-US')} ms`
}

export function formatRatio(r: number | null | undefined): string {
  if (r === null || r === undefined || !Number.isFinite(r)) return ''
  return r >= 10 ? `${Math.round(r)}×` : `${r.toFixed(1)}×`
}

export const count = (n: number) => n.toLocaleString('en-US')

const WIDTH = { measure: 50, ours: 11, peer: 46, peerMs: 11, ratio: 7 }

/**
 * Prints the rows as one table, a heading line per section.
 * @example printTable('circle15 bench (quick)', rows)
 */
export function printTable(title: string, rows: readonly TableRow[], log: (line: string) => void = console.log): void {
  const line = (r: { measure: string; ours: string; peer: string; peerMs: string; ratio: string; note: string }) =>
    `${r.measure.padEnd(WIDTH.measure)} ${r.ours.padStart(WIDTH.ours)}  ${r.peer.padEnd(WIDTH.peer)} ${r.peerMs.padStart(WIDTH.peerMs)} ${r.ratio.padStart(WIDTH.ratio)}  ${r.note}`.trimEnd()
  const header = line({ measure: 'measure', ours: 'ours', peer: 'peer (same run, same input)', peerMs: 'peer', ratio: 'ratio', note: 'note (ratio = peer ÷ ours)' })
  log(title)
  log(header)
  log('─'.repeat(Math.min(160, header.length + 10)))
  let section = ''
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section
      log(section)
    }
    log(line({
      measure: `  ${r.measure}`,
      ours: r.ours ?? (r.oursMs === undefined ? '' : formatMs(r.oursMs)),
      peer: r.peer ?? '',
      peerMs: r.peer === undefined ? '' : formatMs(r.peerMs),
      ratio: formatRatio(r.ratio),
      note: r.note ?? '',
    }))
  }
}
