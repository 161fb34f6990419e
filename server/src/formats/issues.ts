/**
 * Collecting parse problems. A parser keeps reading after a bad record so that a planner sees
 * every broken row of a file in one answer, up to a cap that keeps the error response readable.
 */
import { type AppError, badRequest } from '../errors'
import type { ErrorDetail } from '../contract/errors'

/** At most this many issues are reported for one file; the rest are counted. */
export const MAX_ISSUES = 50

export class IssueList {
  readonly issues: ErrorDetail[] = []
  /** Issues seen in total, including those beyond MAX_ISSUES. */
  count = 0

  add(issue: ErrorDetail): void {
    this.count++
    if (this.issues.length < MAX_ISSUES) this.issues.push(issue)
  }

  /** True once enough issues are collected that reading on only costs time. */
  get full(): boolean {
    return this.count >= MAX_ISSUES
  }

  /** Throws one error listing every collected issue, if there is any. `what` names the file kind. */
  throwIfAny(what: string): void {
    if (this.count > 0) throw fileError(what, this.issues, this.count)
  }
}

/**
 * The error for a file that cannot be read: 400 `bad_request`, message led by the first issue,
 * details listing each issue (record, field, message).
 *
 * @example fileError('CSV file', [{ record: 3, field: 'lng', message: 'row 3: …' }])
 */
export function fileError(what: string, issues: ErrorDetail[], total = issues.length): AppError {
  const first = issues[0]?.message ?? 'unreadable'
  const more = total > 1 ? ` (and ${total - 1} more problem${total > 2 ? 's' : ''})` : ''
  return badRequest(`${what}: ${first}${more}`, issues.map(toDetail))
}

/** A single-problem file error, for faults of the whole file (empty, wrong format, corrupt). */
export function fileFault(message: string): AppError {
  return badRequest(message, [{ message }])
}

/** The error for a file with more records than allowed: names the limit. */
export function tooManyRecords(limit: number, what = 'records'): AppError {
  return fileFault(`file has more than ${limit} ${what}; the limit is ${limit}`)
}

export function toDetail(issue: ErrorDetail) {
  return {
    ...(issue.record !== undefined ? { record: issue.record } : {}),
    ...(issue.id !== undefined ? { id: issue.id } : {}),
    ...(issue.field !== undefined ? { field: issue.field } : {}),
    message: issue.message,
  }
}
