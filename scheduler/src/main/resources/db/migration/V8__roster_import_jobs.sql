-- Roster import jobs (the admin API's POST /api/members/import-jobs): where each job stands, so a
-- job outlives a restart of the scheduler as "failed: interrupted" rather than vanishing. The
-- instance that runs a job beats its heartbeat while the job is queued or running; a job whose
-- heartbeat has stopped was interrupted (its instance stopped or died).
CREATE TABLE import_job (
    job_id        VARCHAR(36)   PRIMARY KEY,
    state         VARCHAR(16)   NOT NULL,
    failure       VARCHAR(32),
    owner         VARCHAR(36)   NOT NULL,
    bytes_total   BIGINT        NOT NULL,
    bytes_read    BIGINT        NOT NULL,
    rows_read     INTEGER       NOT NULL,
    enrolled      INTEGER       NOT NULL,
    unchanged     INTEGER       NOT NULL,
    rejected      INTEGER       NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE,
    finished_at   TIMESTAMP WITH TIME ZONE,
    heartbeat_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX import_job_state ON import_job (state, heartbeat_at);

-- Every rejected row of a job, one entry per column at fault: the line in the file, the column
-- (or "row"), the rule's fixed words (never the value) and the row's external id (for staff; the
-- report is served through the admin API only and never logged).
CREATE TABLE import_rejection (
    job_id       VARCHAR(36)   NOT NULL REFERENCES import_job (job_id) ON DELETE CASCADE,
    seq          INTEGER       NOT NULL,
    line         INTEGER       NOT NULL,
    column_name  VARCHAR(64)   NOT NULL,
    reason       VARCHAR(300)  NOT NULL,
    external_id  VARCHAR(128),
    PRIMARY KEY (job_id, seq)
);
