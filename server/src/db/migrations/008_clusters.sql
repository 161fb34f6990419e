-- Rural clusters (片区组团, issue 11): the catalogue's rural tiers, and named cluster plans per
-- area. A plan groups units (villages/communities or townships) into clusters, each unit in at
-- most one cluster of the plan (many-to-one), each cluster with a hub: one of its units or a
-- facility. Several plans per area ("status quo by township", "draft 2025", suggestions).

CREATE TABLE rural_tiers (
  code      text PRIMARY KEY,
  name_zh   text NOT NULL,
  name_en   text NOT NULL,
  mode      text NOT NULL,
  minutes   double precision NOT NULL CHECK (minutes > 0),
  types     jsonb NOT NULL,
  source    text NOT NULL,
  verify    boolean NOT NULL,
  sort      integer NOT NULL
);

CREATE TABLE cluster_plans (
  id          serial PRIMARY KEY,
  name        text NOT NULL,
  area        text NOT NULL REFERENCES areas (code) ON DELETE CASCADE,
  unit_level  text NOT NULL CHECK (unit_level IN ('township', 'community')),
  description text,
  source      text NOT NULL DEFAULT 'manual',
  actor       text NOT NULL DEFAULT 'system',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (area, name)
);

CREATE TABLE plan_clusters (
  plan_id   integer NOT NULL REFERENCES cluster_plans (id) ON DELETE CASCADE,
  code      text NOT NULL,
  name      text NOT NULL,
  hub_kind  text NOT NULL CHECK (hub_kind IN ('unit', 'facility')),
  hub       text NOT NULL,
  -- a polygon drawn or imported for the cluster; null = the union of its members
  geom      geometry(MultiPolygon, 4326),
  sort      integer NOT NULL DEFAULT 0,
  PRIMARY KEY (plan_id, code)
);

CREATE TABLE plan_cluster_members (
  plan_id      integer NOT NULL,
  cluster_code text NOT NULL,
  member_code  text NOT NULL REFERENCES areas (code) ON DELETE CASCADE,
  PRIMARY KEY (plan_id, member_code),
  FOREIGN KEY (plan_id, cluster_code) REFERENCES plan_clusters (plan_id, code) ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX plan_cluster_members_cluster_idx ON plan_cluster_members (plan_id, cluster_code);

