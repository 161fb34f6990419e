/**
 * An independent reference for cell minutes on a real street network: PostGIS snaps every point
 * onto the nearest street segment and pgRouting's withPoints family routes between points on
 * edges (`pid, edge_id, fraction`). Nothing here calls circle15's engine: the only inputs taken
 * from circle15 are *which* raw segments a mode may use (the parser's segments filtered by the
 * street profile, by the caller) and the mode's rules as the public API states them.
 *
 * The reference, step by step (all in SQL on a PostgreSQL server with PostGIS + pgRouting):
 *   1. edges = the walkable segments as pgRouting edges (vertex ids = the parser's node keys),
 *      cost = the polyline's length on the sphere (ST_Length(geography, false)) in minutes at the
 *      road class's speed; small islands dropped by pgr_connectedComponents (components with fewer
 *      than `minComponentNodes` vertices, never the largest), as circle15's rules say;
 *   2. each cell centre and facility snaps to the nearest edge by KNN (`<->` on the edges in a
 *      transverse Mercator on the sphere, where nearest points are true nearest points), fraction by
 *      ST_LineLocatePoint, straight access leg = ST_Distance in that plane (the sphere's within 2 ppm);
 *      a point with no edge within the snap limit is off the network;
 *   3. pgr_withPointsDD from each facility point (undirected, details => true so the cell points
 *      are reported) gives network minutes to every cell point; pgRouting itself handles a cell on
 *      its facility's edge (it splits the edge at both points: the direct piece, or around the
 *      block when that is shorter);
 *   4. cell minutes = min over facilities of (facility leg + network + cell leg), legs at the
 *      access speed; a cell off the network: straight line × detour factor at the mode speed to the
 *      nearest facility.
 * A cell with a rival snap point (almost) as near — on another segment, or another local minimum
 * of the distance along its own curved segment — also gets the minutes it would have there
 * (`tieMinutes`), so a test can tell a tie from an error.
 *
 * pgRouting mis-routes through points at fraction exactly 0 or 1 (pgRouting/pgrouting#2253,
 * #2966, fixed after 3.4 by PR #3019; #760: "0, 1 are not fractions"; here pgr_withPointsDD and
 * pgr_withPointsCost disagreed by minutes): such points are given to it as the edge's vertex.
 */
import type { Database } from '../../server/src/db/database'
import { lineWkt, sphereTransverseMercator } from './sphere-plane'

export interface ReferenceRules {
  /** Snap limit (metres, inclusive). */
  snapLimitM: number
  detourFactor: number
  /** Mode speed and the speed of the straight legs (km/h). */
  speedKmh: number
  accessSpeedKmh: number
  /** Class speeds (km/h) by `highway`; unlisted classes at speedKmh. */
  classSpeedKmh?: Record<string, number>
  /** Components with fewer vertices are dropped (the largest always stays). */
  minComponentNodes: number
}

export interface ReferenceSegment {
  source: number
  target: number
  coords: readonly (readonly [number, number])[]
  highway?: string
}

export interface ReferenceInput {
  segments: readonly ReferenceSegment[]
  cells: { lng: Float64Array; lat: Float64Array }
  facilities: { lng: Float64Array; lat: Float64Array }
  rules: ReferenceRules
  /**
   * `segment` (default): the nearest point on the nearest segment. `vertex`: the nearest segment
   * end (junction snapping, circle15's rule before issue 9) — only to check the harness itself.
   */
  snapTo?: 'segment' | 'vertex'
}

export interface PointSnap {
  /** Edge id (0 = off the network), fraction along it, straight leg (metres). */
  edge: number
  fraction: number
  legM: number
}

export interface FacilitySnap extends PointSnap {
  /** Metres between the nearest and the second-nearest distinct snap point's legs. */
  tieGapM: number
}

export interface ReferenceCell extends PointSnap {
  /** Minutes to the nearest facility (Infinity = unreachable). */
  minutes: number
  /** Index of that facility (−1 if none). */
  facility: number
  /** On the facility's own edge; and whether pgRouting went around the block instead of along it. */
  sameEdge: boolean
  aroundShorter: boolean
  /** Metres between the nearest and second-nearest distinct snap point's legs (Infinity: no rival). */
  tieGapM: number
  /** Minutes with the rival snap (null when there is none within the tie window). */
  tieMinutes: number | null
}

export interface Reference {
  cells: ReferenceCell[]
  facilities: FacilitySnap[]
  /** pgRouting node of each point: the vertex id at fraction 0 or 1, else −pid (0 = off the network). */
  facilityNode: number[]
  cellNode: number[]
  edges: number
  edgesPruned: number
}

/** Rival snaps closer than this (metres, plus 0.1 % of the leg) count as ties. */
export const TIE_WINDOW_M = 1

/**
 * Computes the reference in the scratch database `db` (tables seg, edges, pts are created there).
 * @example const ref = await withPointsReference(scratch.db, { segments, cells, facilities, rules })
 * Contract: cells and facilities keep their input order; minutes in minutes; O(seconds) per city.
 */
export async function withPointsReference(db: Database, input: ReferenceInput, log: (step: string) => void = () => {}): Promise<Reference> {
  const { rules } = input
  const t0 = performance.now()
  const step = (name: string) => log(`${name} ${Math.round(performance.now() - t0)} ms`)
  const lngs = input.segments.map((s) => s.coords[0][0])
  const lats = input.segments.map((s) => s.coords[0][1])
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length
  const project = sphereTransverseMercator(mean(lngs), mean(lats))
  const minPerM = (kmh: number) => 60 / (kmh * 1000)
  await db.exec(`
    DROP TABLE IF EXISTS seg, edges, pts, snaps;
    CREATE TABLE seg (id bigint PRIMARY KEY, source bigint NOT NULL, target bigint NOT NULL, highway text,
      geom geometry(LineString, 4326) NOT NULL, geom_m geometry(LineString) NOT NULL);`)
  await db.copyIn('seg', ['id', 'source', 'target', 'highway', 'geom', 'geom_m'],
    input.segments.map((s, k) => [k + 1, s.source, s.target, s.highway ?? null, lineWkt(s.coords), lineWkt(s.coords.map(([x, y]) => project(x, y)), '')]))

  step('loaded')
  // 1. Edges: self-loops never carry a trip (circle15 drops them too); islands pruned by component size.
  const speeds = Object.entries(rules.classSpeedKmh ?? {})
  const classMinPerM = speeds.length === 0 ? `${minPerM(rules.speedKmh)}`
    : `CASE ${speeds.map(([h, v]) => `WHEN s.highway = '${h.replace(/'/g, "''")}' THEN ${v > 0 ? minPerM(v) : 'NULL'}`).join(' ')} ELSE ${minPerM(rules.speedKmh)} END`
  await db.exec(`
    DELETE FROM seg WHERE source = target;
    CREATE TABLE edges AS
      WITH comp AS (SELECT component, node FROM pgr_connectedComponents('SELECT id, source, target, 1::float8 AS cost, 1::float8 AS reverse_cost FROM seg')),
           size AS (SELECT component, count(*) AS n FROM comp GROUP BY component),
           kept AS (SELECT c.node FROM comp c JOIN size z USING (component)
                    WHERE z.n >= ${rules.minComponentNodes} OR z.n = (SELECT max(n) FROM size))
      SELECT s.id, s.source, s.target, s.highway,
             ST_Length(s.geom::geography, false) AS length_m,
             ST_Length(s.geom::geography, false) * (${classMinPerM}) AS cost,
             s.geom_m
      FROM seg s WHERE s.source IN (SELECT node FROM kept);
    DELETE FROM edges WHERE cost IS NULL;
    ALTER TABLE edges ADD PRIMARY KEY (id);
    CREATE INDEX ON edges USING gist (geom_m);
    ANALYZE edges;
    CREATE TABLE pts (pid bigint PRIMARY KEY, kind text NOT NULL, idx int NOT NULL, geom geometry(Point, 4326) NOT NULL, geom_m geometry(Point) NOT NULL);`)
  const F = input.facilities.lng.length
  const N = input.cells.lng.length
  const pointRows = function* () {
    const row = (pid: number, kind: string, idx: number, x: number, y: number) => [pid, kind, idx, `SRID=4326;POINT(${x} ${y})`, `POINT(${project(x, y).join(' ')})`]
    for (let j = 0; j < F; j++) yield row(j + 1, 'facility', j, input.facilities.lng[j], input.facilities.lat[j])
    for (let i = 0; i < N; i++) yield row(F + i + 1, 'cell', i, input.cells.lng[i], input.cells.lat[i])
  }
  await db.copyIn('pts', ['pid', 'kind', 'idx', 'geom', 'geom_m'], pointRows())

  step('edges')
  // 2. Snapping: the nearest edge (rank 1) and the nearest rival snap point more than 1 m away from it.
  if (input.snapTo === 'vertex') {
    await db.exec(`
      DROP TABLE IF EXISTS verts;
      CREATE TABLE verts AS
        SELECT DISTINCT ON (vid) vid, edge_id, fraction, geom_m FROM (
          SELECT source AS vid, id AS edge_id, 0::float8 AS fraction, ST_StartPoint(geom_m) AS geom_m FROM edges
          UNION ALL SELECT target, id, 1::float8, ST_EndPoint(geom_m) FROM edges) v
        ORDER BY vid, edge_id;
      CREATE INDEX ON verts USING gist (geom_m);`)
  }
  await db.exec(`
    CREATE TABLE snaps AS
      WITH near AS (
        SELECT p.pid, p.kind, p.idx, p.geom, p.geom_m AS pm, k.rank, k.id AS edge_id, k.fraction, k.at_m
        FROM pts p
        CROSS JOIN LATERAL (${input.snapTo === 'vertex' ? `
          SELECT v.edge_id AS id, v.fraction, v.geom_m AS at_m, row_number() OVER (ORDER BY v.d, v.vid) AS rank
          FROM (SELECT vid, edge_id, fraction, geom_m, geom_m <-> p.geom_m AS d FROM verts ORDER BY d LIMIT 6) v` : `
          SELECT e.id, e.fraction, ST_LineInterpolatePoint(e.geom_m, e.fraction) AS at_m, row_number() OVER (ORDER BY e.d, e.id) AS rank
          FROM (SELECT id, geom_m, ST_LineLocatePoint(geom_m, p.geom_m) AS fraction, geom_m <-> p.geom_m AS d
                FROM edges ORDER BY d LIMIT 6) e`}
        ) k),
      first AS (SELECT * FROM near WHERE rank = 1),
      -- Other local minima of the distance along the nearest edge itself (a curved street round the point).
      same AS (
        SELECT f.pid, f.kind, f.idx, f.geom, f.pm, 2::bigint AS rank, f.edge_id, ST_LineLocatePoint(e.geom_m, q.at_m) AS fraction, q.at_m
        FROM first f JOIN edges e ON e.id = f.edge_id
        CROSS JOIN LATERAL (
          SELECT ST_LineInterpolatePoint(d.geom, t.t) AS at_m
          FROM ST_DumpSegments(e.geom_m) d CROSS JOIN LATERAL (SELECT ST_LineLocatePoint(d.geom, f.pm) AS t) t
          WHERE t.t > 0 AND t.t < 1) q),
      rival AS (
        SELECT DISTINCT ON (n.pid) n.pid, n.kind, n.idx, n.geom, n.pm, 2::bigint AS rank, n.edge_id, n.fraction, n.at_m
        FROM (SELECT * FROM near WHERE rank > 1 UNION ALL SELECT * FROM same) n JOIN first f ON f.pid = n.pid
        WHERE NOT ST_DWithin(n.at_m, f.at_m, 1.0) ORDER BY n.pid, ST_Distance(n.at_m, n.pm), n.edge_id)
      SELECT pid, kind, idx, rank, edge_id, fraction,
             ST_Distance(pm, at_m) AS leg_m
      FROM (SELECT * FROM first UNION ALL SELECT * FROM rival) x;
    CREATE INDEX ON snaps (pid);`)
  const snaps = await db.query<{ pid: number; kind: string; idx: number; rank: number; edge_id: number; fraction: number; leg_m: number }>(
    'SELECT pid::int, kind, idx, rank::int, edge_id::int, fraction, leg_m FROM snaps ORDER BY pid, rank')
  const facilities: FacilitySnap[] = Array.from({ length: F }, () => ({ edge: 0, fraction: 0, legM: Infinity, tieGapM: Infinity }))
  const primary: PointSnap[] = Array.from({ length: N }, () => ({ edge: 0, fraction: 0, legM: Infinity }))
  const rival: (PointSnap | null)[] = new Array(N).fill(null)
  for (const s of snaps) {
    const snap = { edge: s.edge_id, fraction: s.fraction, legM: s.leg_m }
    if (s.kind === 'facility') {
      if (s.rank === 1) Object.assign(facilities[s.idx], snap)
      else facilities[s.idx].tieGapM = s.leg_m
    } else if (s.rank === 1) primary[s.idx] = snap
    else rival[s.idx] = snap
  }
  for (const f of facilities) f.tieGapM -= f.legM
  const onNetwork = (p: PointSnap) => p.legM <= rules.snapLimitM
  const tieGap = (i: number) => (rival[i] ? rival[i]!.legM - primary[i].legM : Infinity)
  const isTie = (i: number) => tieGap(i) <= TIE_WINDOW_M + 0.001 * primary[i].legM

  step('snapped')
  // 3. pgRouting from every snapped facility; cell points = primary snaps + rival snaps of ties.
  const edgeOf = new Map((await db.query<{ id: number; source: number; target: number; cost: number }>(
    'SELECT id::int, source::float8 AS source, target::float8 AS target, cost FROM edges')).map((e) => [e.id, e]))
  const nodeOf = (pid: number, p: PointSnap) => (p.fraction === 0 ? edgeOf.get(p.edge)!.source : p.fraction === 1 ? edgeOf.get(p.edge)!.target : -pid)
  const pointsSql: string[] = []
  // Points at an edge's end are given to pgRouting as that vertex, never as a point: pgRouting 3.4
  // mis-measures from points at fraction 0 or 1 (seen here: pgr_withPointsDD and pgr_withPointsCost differ by minutes).
  const add = (pid: number, p: PointSnap) => {
    if (p.fraction > 0 && p.fraction < 1) pointsSql.push(`(${pid}, ${p.edge}, ${p.fraction})`)
  }
  /** Start vertex (or −pid) → the facilities there. */
  const starts = new Map<number, number[]>()
  facilities.forEach((p, j) => {
    if (!onNetwork(p)) return
    add(j + 1, p)
    const v = nodeOf(j + 1, p)
    starts.set(v, [...(starts.get(v) ?? []), j])
  })
  const rivalPid = (i: number) => F + N + i + 1
  for (let i = 0; i < N; i++) {
    if (!onNetwork(primary[i])) continue
    add(F + i + 1, primary[i])
    if (isTie(i) && onNetwork(rival[i]!)) add(rivalPid(i), rival[i]!)
  }
  await db.exec(`DROP TABLE IF EXISTS wp; CREATE TABLE wp (pid bigint PRIMARY KEY, edge_id bigint NOT NULL, fraction float8 NOT NULL);
    ${pointsSql.length ? `INSERT INTO wp VALUES ${pointsSql.join(",")};` : ""}`)
  const rows = starts.size === 0 ? [] : await db.query<{ start_vid: number; node: number; agg_cost: number }>(
    `SELECT start_vid::float8 AS start_vid, node::float8 AS node, agg_cost FROM pgr_withPointsDD(
       'SELECT id, source, target, cost, cost AS reverse_cost FROM edges',
       'SELECT pid, edge_id, fraction FROM wp',
       $1::bigint[], 1e9::float8, directed => false, details => true, equicost => false)`, [[...starts.keys()]])
  // Network minutes from each facility to each graph node (vertex id, or −pid for a point inside an edge).
  const net = new Map<number, Float64Array>()
  const netTo = (node: number) => {
    let a = net.get(node)
    if (!a) net.set(node, (a = new Float64Array(F).fill(Infinity)))
    return a
  }
  for (const r of rows) for (const j of starts.get(r.start_vid)!) netTo(r.node)[j] = r.agg_cost
  for (const [v, js] of starts) for (const j of js) netTo(v)[j] = 0 // (pgRouting may leave out the start itself)
  step('withPointsDD')
  const edgeCost = new Map([...edgeOf].map(([id, e]) => [id, e.cost]))

  // 4. Cell minutes.
  const legMin = minPerM(rules.accessSpeedKmh)
  const best = (pid: number, p: PointSnap): [number, number] => {
    const d = net.get(nodeOf(pid, p))
    const cellLegM = p.legM
    let m = Infinity, arg = -1
    if (d) for (let j = 0; j < F; j++) {
      const t = facilities[j].legM * legMin + d[j] + cellLegM * legMin
      if (t < m) [m, arg] = [t, j]
    }
    return [m, arg]
  }
  const straight = await straightLineMinutes(db, rules)
  const cells: ReferenceCell[] = primary.map((p, i) => {
    if (!onNetwork(p)) {
      const [minutes, facility] = straight.get(i) ?? [Infinity, -1]
      return { ...p, edge: 0, minutes, facility, sameEdge: false, aroundShorter: false, tieGapM: tieGap(i), tieMinutes: null }
    }
    const [minutes, facility] = best(F + i + 1, p)
    const f = facility >= 0 ? facilities[facility] : null
    const sameEdge = f !== null && f.edge === p.edge
    const direct = sameEdge ? Math.abs(f!.fraction - p.fraction) * edgeCost.get(p.edge)! : Infinity
    const aroundShorter = sameEdge && net.get(nodeOf(F + i + 1, p))![facility] < direct - 1e-9
    const r = rival[i]
    const tieMinutes = isTie(i) && r && onNetwork(r) ? best(rivalPid(i), r)[0] : null
    return { ...p, minutes, facility, sameEdge, aroundShorter, tieGapM: tieGap(i), tieMinutes }
  })
  step('minutes')
  const [{ n: edges }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM edges')
  const facilityNode = facilities.map((p, j) => (onNetwork(p) ? nodeOf(j + 1, p) : 0))
  const cellNode = primary.map((p, i) => (onNetwork(p) ? nodeOf(F + i + 1, p) : 0))
  return { cells, facilities, facilityNode, cellNode, edges, edgesPruned: input.segments.length - edges }
}

/** Off-network cells: straight line on the sphere × detour factor, at the mode speed, to the nearest facility. */
async function straightLineMinutes(db: Database, rules: ReferenceRules): Promise<Map<number, [number, number]>> {
  const rows = await db.query<{ idx: number; facility: number; m: number }>(
    `SELECT c.idx, f.idx AS facility, ST_Distance(c.geom::geography, f.geom::geography, false) AS m
     FROM pts c JOIN snaps s ON s.pid = c.pid AND s.rank = 1 AND s.leg_m > $1
     CROSS JOIN LATERAL (SELECT idx, geom FROM pts WHERE kind = 'facility' ORDER BY ST_Distance(c.geom::geography, geom::geography, false), idx LIMIT 1) f
     WHERE c.kind = 'cell'`, [rules.snapLimitM])
  return new Map(rows.map((r) => [r.idx, [(r.m * rules.detourFactor * 60) / (rules.speedKmh * 1000), r.facility]]))
}
