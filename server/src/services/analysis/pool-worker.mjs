// Entry of a field worker thread (pool.ts): loads the TypeScript worker through tsx, whatever
// loader the parent process runs under (tsx, vitest), and hands Piscina its task function.
import { tsImport } from 'tsx/esm/api'

const worker = await tsImport('./pool-worker.ts', import.meta.url)
export default worker.default
