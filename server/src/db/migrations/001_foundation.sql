-- circle15 foundation schema: areas, catalogue, facilities, population grid, streets, projects,
-- import provenance. Runs unchanged on PGlite (PostgreSQL 18 + PostGIS 3.6) and on a
-- PostgreSQL 15 + PostGIS 3.3 server.

CREATE EXTENSION IF NOT EXISTS postgis;

-- Provenance: one row per import (who, when, which file, how many records).
CREATE TABLE import_batches (
  id          serial PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('areas', 'facilities', 'population', 'roads', 'projects')),
  file_name   text,
  format      text NOT NULL,
  source_crs  text NOT NULL DEFAULT 'wgs84',
  mode        text NOT NULL CHECK (mode IN ('append', 'replace')),
  imported    integer NOT NULL DEFAULT 0,
  updated     integer NOT NULL DEFAULT 0,
  skipped     integer NOT NULL DEFAULT 0,
  warnings    jsonb NOT NULL DEFAULT '[]',
  actor       text NOT NULL DEFAULT 'system',
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Monotonic version per kind of input data; derived results are keyed by these versions, so a
-- change to facilities, population, streets or areas invalidates exactly what depends on it.
CREATE TABLE data_versions (
  kind     text PRIMARY KEY,
  version  bigint NOT NULL DEFAULT 0,
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO data_versions (kind) VALUES ('areas'), ('facilities'), ('population'), ('roads'), ('projects'), ('catalogue');

CREATE TABLE areas (
  code        text PRIMARY KEY,
  name        text NOT NULL,
  level       text NOT NULL CHECK (level IN ('city', 'district', 'township', 'community', 'cluster')),
  parent      text,
  attributes  jsonb NOT NULL DEFAULT '{}',
  geom        geometry(MultiPolygon, 4326) NOT NULL,
  batch_id    integer REFERENCES import_batches (id),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX areas_geom_idx ON areas USING gist (geom);
CREATE INDEX areas_level_idx ON areas (level);
CREATE INDEX areas_parent_idx ON areas (parent);

-- Many-to-many membership, for clusters (片区) made of villages or townships.
CREATE TABLE area_members (
  cluster_code text NOT NULL REFERENCES areas (code) ON DELETE CASCADE,
  member_code  text NOT NULL REFERENCES areas (code) ON DELETE CASCADE,
  PRIMARY KEY (cluster_code, member_code)
);

CREATE TABLE domains (
  code      text PRIMARY KEY,
  name_zh   text NOT NULL,
  name_en   text NOT NULL,
  sort      integer NOT NULL
);

CREATE TABLE facility_types (
  code               text PRIMARY KEY,
  name_zh            text NOT NULL,
  name_en            text NOT NULL,
  domain             text NOT NULL REFERENCES domains (code),
  target_group       text NOT NULL,
  threshold_minutes  double precision NOT NULL CHECK (threshold_minutes > 0),
  radius_m           double precision,
  life_circle        integer CHECK (life_circle IN (5, 10, 15)),
  capacity_unit_zh   text,
  capacity_unit_en   text,
  sort               integer NOT NULL
);

CREATE TABLE modes (
  code       text PRIMARY KEY,
  name_zh    text NOT NULL,
  name_en    text NOT NULL,
  speed_kmh  double precision NOT NULL CHECK (speed_kmh > 0),
  network    text NOT NULL,
  sort       integer NOT NULL
);

CREATE TABLE facilities (
  id           serial PRIMARY KEY,
  external_id  text NOT NULL UNIQUE,
  name         text,
  type         text NOT NULL REFERENCES facility_types (code),
  capacity     double precision CHECK (capacity >= 0),
  status       text NOT NULL DEFAULT 'existing' CHECK (status IN ('existing', 'planned', 'under_construction')),
  attributes   jsonb NOT NULL DEFAULT '{}',
  geom         geometry(Point, 4326) NOT NULL,
  batch_id     integer REFERENCES import_batches (id),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX facilities_geom_idx ON facilities USING gist (geom);
CREATE INDEX facilities_type_idx ON facilities (type);

-- H3 resolution-10 cells. Age groups may be null where the source did not give them.
CREATE TABLE population_cells (
  h3           text PRIMARY KEY,
  population   double precision NOT NULL CHECK (population >= 0),
  age_0_2      double precision CHECK (age_0_2 >= 0),
  age_3_5      double precision CHECK (age_3_5 >= 0),
  age_6_11     double precision CHECK (age_6_11 >= 0),
  age_12_14    double precision CHECK (age_12_14 >= 0),
  age_15_59    double precision CHECK (age_15_59 >= 0),
  age_60_plus  double precision CHECK (age_60_plus >= 0),
  geom         geometry(Point, 4326) NOT NULL, -- the cell centroid
  batch_id     integer REFERENCES import_batches (id)
);
CREATE INDEX population_cells_geom_idx ON population_cells USING gist (geom);

-- Street segments between junctions (a way split wherever another way shares a vertex). Nodes are
-- numbered per data set; every tag a routing profile needs is kept in `tags`.
CREATE TABLE street_edges (
  id          bigserial PRIMARY KEY,
  way_id      text NOT NULL,
  seq         integer NOT NULL, -- segment number within the way
  source      bigint NOT NULL,
  target      bigint NOT NULL,
  highway     text,
  name        text,
  length_m    double precision NOT NULL CHECK (length_m >= 0),
  tags        jsonb NOT NULL DEFAULT '{}',
  geom        geometry(LineString, 4326) NOT NULL,
  batch_id    integer REFERENCES import_batches (id)
);
CREATE INDEX street_edges_geom_idx ON street_edges USING gist (geom);
CREATE UNIQUE INDEX street_edges_way_seq_idx ON street_edges (way_id, seq);

CREATE TABLE projects (
  id             serial PRIMARY KEY,
  external_id    text NOT NULL UNIQUE,
  name           text NOT NULL,
  domain         text NOT NULL,
  investment     double precision CHECK (investment >= 0), -- 亿元, annual planned investment
  status         text,
  year           integer,
  facility_ids   text[] NOT NULL DEFAULT '{}',
  attributes     jsonb NOT NULL DEFAULT '{}',
  geom           geometry(Point, 4326),
  batch_id       integer REFERENCES import_batches (id),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
