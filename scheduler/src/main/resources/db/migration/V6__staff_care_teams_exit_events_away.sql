-- Issue 11 (program staff in the loop).

-- Exit events (discharge, stopped medication, completed detox, release from custody) recorded by
-- staff on the member record, as a JSON list of {kind, date}; and a planned absence ("away until",
-- member-local date, inclusive), set by the member or staff, cleared once the date has passed.
ALTER TABLE member ADD COLUMN exit_events_json TEXT;
ALTER TABLE member ADD COLUMN away_until DATE;
ALTER TABLE member ADD COLUMN away_keep_prompts BOOLEAN;
ALTER TABLE member ADD COLUMN away_set_by VARCHAR(8);
CREATE INDEX member_away_until ON member (away_until);

-- Program staff (until the console service owns them): published to staff.directory (keyed by
-- staff_id) through the same outbox as member snapshots (revision / published_revision).
CREATE TABLE staff_member (
    staff_id            VARCHAR(64)   PRIMARY KEY,
    name                VARCHAR(100)  NOT NULL,
    work_email          VARCHAR(320)  NOT NULL,
    roles               VARCHAR(100)  NOT NULL,
    alerts_json         TEXT          NOT NULL,
    digest_at           VARCHAR(5)    NOT NULL,
    time_zone           VARCHAR(64)   NOT NULL,
    active              BOOLEAN       NOT NULL,
    revision            BIGINT        NOT NULL,
    published_revision  BIGINT        NOT NULL DEFAULT 0,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX staff_member_unpublished ON staff_member (published_revision, revision);

-- Each member's care team: the primary staff member and the others in order (comma-separated
-- staff ids). Published to care.assignments (keyed by member_id); deleted with the member, whose
-- erasure also sends the care.assignments tombstone (through erased_member).
CREATE TABLE care_team (
    member_id           VARCHAR(36)   PRIMARY KEY REFERENCES member (member_id) ON DELETE CASCADE,
    primary_staff_id    VARCHAR(64)   NOT NULL REFERENCES staff_member (staff_id),
    other_staff_ids     VARCHAR(1000) NOT NULL,
    revision            BIGINT        NOT NULL,
    published_revision  BIGINT        NOT NULL DEFAULT 0,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX care_team_unpublished ON care_team (published_revision, revision);
CREATE INDEX care_team_primary ON care_team (primary_staff_id);
