-- Members, their support contacts, the due-time index the sweep reads, and spent link tokens.
-- Portable between H2 (2.x) and PostgreSQL.

CREATE TABLE member (
    member_id            VARCHAR(36)   PRIMARY KEY,
    external_id          VARCHAR(128)  NOT NULL,
    first_name           VARCHAR(100)  NOT NULL,
    email                VARCHAR(320)  NOT NULL,
    time_zone            VARCHAR(64)   NOT NULL,
    locale               VARCHAR(16)   NOT NULL,
    status               VARCHAR(16)   NOT NULL,
    treatment_ended_on   DATE,
    recovery_start_date  DATE,
    plan_json            TEXT          NOT NULL,
    coping_plan_json     TEXT          NOT NULL,
    preferences_json     TEXT          NOT NULL,
    revision             BIGINT        NOT NULL,
    published_revision   BIGINT        NOT NULL DEFAULT 0,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT member_external_id_unique UNIQUE (external_id)
);

CREATE INDEX member_unpublished ON member (published_revision, revision);

CREATE TABLE support_contact (
    member_id     VARCHAR(36)  NOT NULL REFERENCES member (member_id) ON DELETE CASCADE,
    contact_id    VARCHAR(36)  NOT NULL,
    position      INT          NOT NULL,
    name          VARCHAR(100) NOT NULL,
    email         VARCHAR(320) NOT NULL,
    relationship  VARCHAR(64),
    consent       VARCHAR(200) NOT NULL,
    state         VARCHAR(16)  NOT NULL,
    PRIMARY KEY (member_id, contact_id)
);

-- One row per member with a plan: the next instant a check-in falls due (UTC).
CREATE TABLE checkin_schedule (
    member_id     VARCHAR(36) PRIMARY KEY REFERENCES member (member_id) ON DELETE CASCADE,
    next_due_utc  TIMESTAMP WITH TIME ZONE
);

CREATE INDEX checkin_schedule_next_due ON checkin_schedule (next_due_utc);

-- Every check-in the scheduler emitted or skipped (after downtime), for the admin API and audits.
CREATE TABLE checkin (
    checkin_id    VARCHAR(40)  PRIMARY KEY,
    member_id     VARCHAR(36)  NOT NULL REFERENCES member (member_id) ON DELETE CASCADE,
    due_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    respond_by    TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome       VARCHAR(16)  NOT NULL,
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX checkin_member_due ON checkin (member_id, due_at);

-- Single-use links: the fingerprint of every action token already used.
CREATE TABLE spent_token (
    fingerprint   VARCHAR(32)  PRIMARY KEY,
    member_id     VARCHAR(36)  NOT NULL,
    spent_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX spent_token_member ON spent_token (member_id);
