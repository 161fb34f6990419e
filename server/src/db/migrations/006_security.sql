-- API tokens and the audit log (issue 10). A token is `c15_<key>_<secret>`: `key` is stored in
-- clear to find the row, the secret only as a salted scrypt hash. Tokens are never deleted, only
-- revoked, so the names recorded as actors stay traceable.
CREATE TABLE api_tokens (
  id            serial PRIMARY KEY,
  key           text NOT NULL UNIQUE,
  name          text NOT NULL,
  role          text NOT NULL CHECK (role IN ('viewer', 'planner', 'admin')),
  salt          text NOT NULL,
  hash          text NOT NULL,
  created_by    text NOT NULL DEFAULT 'system',
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
-- One active token per name: the name is the actor written into provenance.
CREATE UNIQUE INDEX api_tokens_active_name_idx ON api_tokens (name) WHERE revoked_at IS NULL;

-- Every successful write: who (token name and role), when, which route, which object, and a
-- short before/after summary.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor       text NOT NULL,
  role        text NOT NULL,
  token_id    integer REFERENCES api_tokens (id),
  method      text NOT NULL,
  route       text NOT NULL,
  path        text NOT NULL,
  object      text,
  status      integer NOT NULL,
  before      jsonb,
  after       jsonb
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_idx ON audit_log (actor, at);
