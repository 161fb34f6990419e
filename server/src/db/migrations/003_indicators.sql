-- The plan's indicators as loaded from geodata/indicators.json: bilingual names and units, the
-- target as written and parsed, the lead agency, and how (if at all) the data compute it.
DROP TABLE indicator_values;
DROP TABLE indicators;

CREATE TABLE indicators (
  code          text PRIMARY KEY,
  number        integer NOT NULL,
  domain        text NOT NULL,
  domain_zh     text NOT NULL,
  domain_en     text NOT NULL,
  name_zh       text NOT NULL,
  name_en       text NOT NULL,
  unit_zh       text,
  unit_en       text,
  target_raw    text,
  target_op     text,
  target_value  double precision,
  direction     text,
  lead_zh       text,
  lead_en       text,
  computable    jsonb
);

CREATE TABLE indicator_values (
  id           serial PRIMARY KEY,
  indicator    text NOT NULL REFERENCES indicators (code) ON DELETE CASCADE,
  value        double precision NOT NULL,
  year         integer,
  note         text,
  actor        text NOT NULL DEFAULT 'system',
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX indicator_values_indicator_idx ON indicator_values (indicator, recorded_at);
