-- Report snapshots (issue 12.1): the headline figures of every report written, so that the next
-- report of the same subject (area × type, baseline or scenario, travel mode) can show the change
-- since the previous one. One row per report and type; nothing else reads or writes them.

CREATE TABLE report_snapshots (
  id          serial PRIMARY KEY,
  subject     text NOT NULL,
  type        text NOT NULL,
  target      double precision NOT NULL,
  covered     double precision NOT NULL,
  rate        double precision,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX report_snapshots_subject ON report_snapshots (subject, type, created_at DESC);
