/** The services every router needs; defined below http/ (services/context.ts), where they are wired. */
export type { AppContext } from '../services/context'
