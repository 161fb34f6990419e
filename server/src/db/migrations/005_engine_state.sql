-- Prepared engine state, built once from the stored data (at import, or at the first start after an
-- upgrade) and read back at start instead of being rebuilt: each travel mode's street network
-- (graph and snapping index) and, per network, the cells snapped to it. The binary is the
-- typed-pack format (services/analysis/typed-pack.ts) in pieces of at most 8 MiB, so no single
-- value grows with the city. `input_key` says what a row was built from (data versions, build
-- fingerprint); a row whose key no longer matches is stale and is replaced, never used.
CREATE TABLE engine_state (
  kind        text NOT NULL CHECK (kind IN ('network', 'context')),
  name        text NOT NULL,    -- the network's code (walk, bike, car…)
  part        integer NOT NULL CHECK (part >= 0),
  parts       integer NOT NULL CHECK (parts > part),
  input_key   text NOT NULL,
  byte_length bigint NOT NULL,  -- of the whole binary
  bytes       bytea NOT NULL,
  built_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, name, part)
);
