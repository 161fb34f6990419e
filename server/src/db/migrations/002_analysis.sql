-- Analysis results, scenarios and the plan's indicators.

-- Network distance from every populated cell to the nearest facility of a type, one row per
-- (scenario, type, network profile). Compact: one bytea per array, cells in the order of
-- population_cells sorted by h3. Distances do not depend on speed (minutes = distance / speed),
-- so one row serves every speed of a profile. `input_key` fingerprints what the row was computed
-- from (cells, streets, the type's facilities, catalogue); a row whose key no longer matches is stale.
CREATE TABLE travel_results (
  scenario_id  integer NOT NULL DEFAULT 0, -- 0 = the baseline
  type         text NOT NULL,
  network      text NOT NULL,
  input_key    text NOT NULL,
  method       text NOT NULL CHECK (method IN ('network', 'straight-line', 'mixed')),
  cell_count   integer NOT NULL,
  distance_mm  bytea NOT NULL, -- uint32 little-endian per cell; 4294967295 = unreachable
  nearest      bytea NOT NULL, -- int32 little-endian per cell: facility index in the type's list, -1 = none
  computed_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scenario_id, type, network)
);

CREATE TABLE scenarios (
  id          serial PRIMARY KEY,
  name        text NOT NULL,
  description text,
  actor       text NOT NULL DEFAULT 'system',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- A scenario is the baseline facilities plus its changes applied in order.
CREATE TABLE scenario_changes (
  id           serial PRIMARY KEY,
  scenario_id  integer NOT NULL REFERENCES scenarios (id) ON DELETE CASCADE,
  op           text NOT NULL CHECK (op IN ('add', 'move', 'remove', 'resize')),
  facility_id  text NOT NULL,
  type         text,
  name         text,
  capacity     double precision,
  lng          double precision,
  lat          double precision,
  actor        text NOT NULL DEFAULT 'system',
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scenario_changes_scenario_idx ON scenario_changes (scenario_id, id);

-- The plan's indicators (geodata/indicators.json) and their recorded values.
CREATE TABLE indicators (
  code          text PRIMARY KEY,
  number        integer NOT NULL,
  domain        text NOT NULL,
  name_zh       text NOT NULL,
  name_en       text NOT NULL,
  target_raw    text,
  target_op     text,
  target_value  double precision,
  unit          text,
  lead_zh       text,
  lead_en       text,
  computable    text
);

CREATE TABLE indicator_values (
  id           serial PRIMARY KEY,
  indicator    text NOT NULL REFERENCES indicators (code) ON DELETE CASCADE,
  value        double precision NOT NULL,
  year         integer,
  note         text,
  source       text NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'computed')),
  actor        text NOT NULL DEFAULT 'system',
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX indicator_values_indicator_idx ON indicator_values (indicator, recorded_at);
