/**
 * The audit log of writes (API.md "Access, limits and audit"): one row per successful write,
 * recorded by the HTTP layer's request lifecycle, read by admins. Storage is db/audit.ts.
 */
export { countLayer as layerSize, insertAudit as recordAudit, listAudit as auditLog, type AuditInput } from '../../db/audit'
