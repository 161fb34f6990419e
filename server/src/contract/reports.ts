import { z } from 'zod'
import { queryNumber } from './query-params'

const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a lower-case catalogue code')

/** Formats of a report: the page formats (reports/) and the data formats (reports/write/). */
export const REPORT_FORMATS = ['pdf', 'html', 'xlsx', 'csv', 'geojson', 'gpkg'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/**
 * `GET /api/reports/coverage` (API.md Reports): one area (default: the whole data set), one type or
 * a whole domain, the baseline or a scenario, a cluster plan (`plan`, TD/T 1062 tiers), zh or en.
 */
export const ReportQuery = z
  .object({
    area: z.string().min(1).max(64).optional(),
    type: code.optional(),
    domain: code.optional(),
    format: z.enum(REPORT_FORMATS).default('pdf'),
    lang: z.enum(['zh', 'en']).default('zh'),
    scenario: queryNumber(z.number().int().positive()).optional(),
    plan: z.string().min(1).max(200).optional(),
    mode: code.optional(),
    /** Year of the projects listed (default: the latest year with projects). */
    year: queryNumber(z.number().int().min(1900).max(2200)).optional(),
  })
  .superRefine((q, ctx) => {
    if (!q.type && !q.domain) ctx.addIssue({ code: 'custom', path: ['type'], message: 'give type= (one facility type) or domain= (all its types)' })
    if (q.type && q.domain) ctx.addIssue({ code: 'custom', path: ['domain'], message: 'give type= or domain=, not both' })
  })
export type ReportQuery = z.infer<typeof ReportQuery>
