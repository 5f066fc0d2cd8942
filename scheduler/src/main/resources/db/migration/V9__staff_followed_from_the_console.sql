-- Issue 12: the console owns staff records and care teams. The scheduler no longer publishes them
-- (its staff outbox is gone): staff_member and care_team are its copy of staff.directory and
-- care.assignments, applied by revision. (V8 is left free: another change of issue 12 may take it.)

DROP INDEX staff_member_unpublished;
ALTER TABLE staff_member DROP COLUMN published_revision;

-- A care team may now arrive before the staff it names (two topics, no order between them), so it
-- no longer references staff_member; and a team the console emptied (no primary) is kept with its
-- revision, so an older record read later cannot bring it back. The table is rebuilt (the name of
-- the foreign key differs between H2 and PostgreSQL) and its rows kept.
CREATE TABLE care_team_followed (
    member_id           VARCHAR(36)   PRIMARY KEY REFERENCES member (member_id) ON DELETE CASCADE,
    primary_staff_id    VARCHAR(64),
    other_staff_ids     VARCHAR(1000) NOT NULL,
    revision            BIGINT        NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO care_team_followed (member_id, primary_staff_id, other_staff_ids, revision, updated_at)
    SELECT member_id, primary_staff_id, other_staff_ids, revision, updated_at FROM care_team;
DROP TABLE care_team;
ALTER TABLE care_team_followed RENAME TO care_team;
CREATE INDEX care_team_primary ON care_team (primary_staff_id);
