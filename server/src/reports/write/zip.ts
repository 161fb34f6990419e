/** A zip of named files (the multi-file forms of the CSV and GeoJSON writers), deflated. */

export async function zipFiles(files: { name: string; content: Buffer | string }[]): Promise<Buffer> {
  const { default: JSZip } = await import('jszip') // on first use, not at every server start
  const zip = new JSZip()
  const used = new Set<string>()
  for (const f of files) {
    let name = f.name
    for (let k = 2; used.has(name); k++) name = f.name.replace(/(\.[^.]*)?$/, `-${k}$1`)
    used.add(name)
    // A fixed date: the same report gives the same bytes (cache validators, tests).
    zip.file(name, f.content, { date: new Date(Date.UTC(2020, 0, 1)) })
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } })
}
