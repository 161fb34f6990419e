// shpjs ships no types: the part circle15 uses (lib/index.js getShapefile with an object of parts).
declare module 'shpjs' {
  const getShapefile: (parts: { shp: Uint8Array; dbf?: Uint8Array; cpg?: string; prj?: string }) => Promise<unknown>
  export default getShapefile
}
