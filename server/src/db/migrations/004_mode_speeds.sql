-- Travel time by road class (issue 9): a mode's access-leg speed and its road speeds
-- (catalogue `modes[].accessSpeedKmh` and `modes[].roads`, see contract/catalogue.ts). Null = the
-- mode's speedKmh everywhere, as before.
ALTER TABLE modes ADD COLUMN access_speed_kmh double precision CHECK (access_speed_kmh > 0);
ALTER TABLE modes ADD COLUMN roads jsonb;
