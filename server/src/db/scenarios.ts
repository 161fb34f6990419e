import type { Queryable } from './database'

export interface ScenarioRow {
  id: number
  name: string
  description: string | null
  actor: string
  changeCount: number
  createdAt: Date
  updatedAt: Date
}

export interface ChangeRow {
  id: number
  op: 'add' | 'move' | 'remove' | 'resize'
  facilityId: string
  type: string | null
  name: string | null
  capacity: number | null
  lng: number | null
  lat: number | null
  actor: string
  createdAt: Date
}

const SCENARIO_COLUMNS = `s.id, s.name, s.description, s.actor, s.created_at AS "createdAt", s.updated_at AS "updatedAt",
  (SELECT count(*)::int FROM scenario_changes c WHERE c.scenario_id = s.id) AS "changeCount"`

export async function createScenario(q: Queryable, s: { name: string; description?: string; actor: string }): Promise<number> {
  const [row] = await q.query<{ id: number }>('INSERT INTO scenarios (name, description, actor) VALUES ($1, $2, $3) RETURNING id', [s.name, s.description ?? null, s.actor])
  return row.id
}

export async function listScenarios(q: Queryable): Promise<ScenarioRow[]> {
  return q.query<ScenarioRow & Record<string, unknown>>(`SELECT ${SCENARIO_COLUMNS} FROM scenarios s ORDER BY s.id`)
}

export async function getScenario(q: Queryable, id: number): Promise<ScenarioRow | undefined> {
  const [row] = await q.query<ScenarioRow & Record<string, unknown>>(`SELECT ${SCENARIO_COLUMNS} FROM scenarios s WHERE s.id = $1`, [id])
  return row
}

export async function updateScenario(q: Queryable, id: number, p: { name?: string; description?: string }): Promise<boolean> {
  const rows = await q.query(
    `UPDATE scenarios SET name = coalesce($2, name), description = coalesce($3, description), updated_at = now() WHERE id = $1 RETURNING id`,
    [id, p.name ?? null, p.description ?? null],
  )
  return rows.length > 0
}

export async function deleteScenario(q: Queryable, id: number): Promise<boolean> {
  await q.query('DELETE FROM travel_results WHERE scenario_id = $1', [id])
  return (await q.query('DELETE FROM scenarios WHERE id = $1 RETURNING id', [id])).length > 0
}

const CHANGE_COLUMNS = `id, op, facility_id AS "facilityId", type, name, capacity, lng, lat, actor, created_at AS "createdAt"`

export async function listChanges(q: Queryable, scenarioId: number): Promise<ChangeRow[]> {
  return q.query<ChangeRow & Record<string, unknown>>(`SELECT ${CHANGE_COLUMNS} FROM scenario_changes WHERE scenario_id = $1 ORDER BY id`, [scenarioId])
}

/** Records a change; undefined when the scenario does not exist (any more). */
export async function insertChange(q: Queryable, scenarioId: number, c: Omit<ChangeRow, 'id' | 'createdAt'>): Promise<ChangeRow | undefined> {
  // One round trip: the change and the scenario's timestamp (an edit must answer in milliseconds).
  const [row] = await q.query<ChangeRow & Record<string, unknown>>(
    `WITH touched AS (UPDATE scenarios SET updated_at = now() WHERE id = $1 RETURNING id)
     INSERT INTO scenario_changes (scenario_id, op, facility_id, type, name, capacity, lng, lat, actor)
     SELECT touched.id, $2, $3, $4, $5, $6, $7, $8, $9 FROM touched RETURNING ${CHANGE_COLUMNS}`,
    [scenarioId, c.op, c.facilityId, c.type, c.name, c.capacity, c.lng, c.lat, c.actor],
  )
  return row
}

export async function deleteChange(q: Queryable, scenarioId: number, changeId: number): Promise<boolean> {
  const rows = await q.query('DELETE FROM scenario_changes WHERE scenario_id = $1 AND id = $2 RETURNING id', [scenarioId, changeId])
  if (rows.length) await q.query('UPDATE scenarios SET updated_at = now() WHERE id = $1', [scenarioId])
  return rows.length > 0
}
