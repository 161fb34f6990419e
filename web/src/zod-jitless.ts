import { config } from 'zod'

// The contract's zod schemas reach the bundle with a few shared constants. zod probes
// `Function('')` to decide whether it may compile parsers; under the server's
// Content-Security-Policy (no 'unsafe-eval') that probe is a reported violation. The app never
// needs compiled parsers: tell zod so before any schema is built (this module is imported first).
config({ jitless: true })
