import { buildTemplate } from './pglite-template'

/** Builds the embedded-database template once per test run (see pglite-template.ts). */
export default async function setup() {
  await buildTemplate()
}
