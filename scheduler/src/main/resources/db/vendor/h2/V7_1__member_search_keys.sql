-- The member list's search (GET /api/members?q=): a case-insensitive prefix of the first name or
-- the external id, answered from an index instead of a scan of every member. H2 has no index on an
-- expression, so the lower-cased values are generated columns (kept by H2 on every write).
-- PostgreSQL's V7_1 is the same with its own syntax.
ALTER TABLE member ADD COLUMN first_name_key VARCHAR(100) GENERATED ALWAYS AS (LOWER(first_name));
ALTER TABLE member ADD COLUMN external_id_key VARCHAR(128) GENERATED ALWAYS AS (LOWER(external_id));
CREATE INDEX member_first_name_key ON member (first_name_key, member_id);
CREATE INDEX member_external_id_key ON member (external_id_key, member_id);
