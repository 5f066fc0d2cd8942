-- The member list's search (GET /api/members?q=): a case-insensitive prefix of the first name or
-- the external id, answered from an index instead of a scan of every member. The lower-cased
-- values are stored generated columns (the same names as H2's V7_1); varchar_pattern_ops lets
-- LIKE 'prefix%' use the index whatever the database's collation.
ALTER TABLE member ADD COLUMN first_name_key VARCHAR(100) GENERATED ALWAYS AS (LOWER(first_name)) STORED;
ALTER TABLE member ADD COLUMN external_id_key VARCHAR(128) GENERATED ALWAYS AS (LOWER(external_id)) STORED;
CREATE INDEX member_first_name_key ON member (first_name_key varchar_pattern_ops, member_id);
CREATE INDEX member_external_id_key ON member (external_id_key varchar_pattern_ops, member_id);
