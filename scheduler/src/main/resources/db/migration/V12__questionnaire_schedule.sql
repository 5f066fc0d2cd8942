-- The questionnaires' due-time index (issue 13): one row per questionnaire a member's plan names,
-- with the next instant it falls due (UTC), read by the sweep like checkin_schedule: in due order,
-- in batches, rows claimed with FOR UPDATE (SKIP LOCKED on PostgreSQL). A paused or discharged
-- member's rows have no next instant. Rows go with the member (cascade).
CREATE TABLE questionnaire_schedule (
    member_id      VARCHAR(36) NOT NULL REFERENCES member (member_id) ON DELETE CASCADE,
    instrument_id  VARCHAR(64) NOT NULL,
    next_due_utc   TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (member_id, instrument_id)
);

CREATE INDEX questionnaire_schedule_next_due ON questionnaire_schedule (next_due_utc);
