-- Questionnaires of the member's plan (issue 13): one row per occurrence (the scheduler's qn-... id),
-- from questionnaire.due on checkin.due (sent: due_at and expires_at), questionnaire.missed on
-- checkin.status (missed_at: the link expired unanswered) and measure.completed on checkin.responses
-- naming the occurrence (completed_at, response_id). The topics are read in any order, so any of the
-- three may make the row; a row only a completion made (due_at then stands in with the completion's
-- time) is not listed until the occurrence's due or missed event is read. No answer is kept here.
-- A questionnaire not answered is not a missed check-in: it is never in rm_checkin, so no count,
-- rate or chart of check-ins sees it. Erased with the member, as every member table is.
CREATE TABLE rm_questionnaire (
    questionnaire_id   VARCHAR(200)  PRIMARY KEY,
    member_id          VARCHAR(64)   NOT NULL,
    instrument_id      VARCHAR(64)   NOT NULL,
    due_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at         TIMESTAMP WITH TIME ZONE,
    missed_at          TIMESTAMP WITH TIME ZONE,
    completed_at       TIMESTAMP WITH TIME ZONE,
    response_id        VARCHAR(128)
);

-- A member's occurrences newest first (the member page).
CREATE INDEX rm_questionnaire_member ON rm_questionnaire (member_id, due_at);

-- The instrument a questionnaire row of the timeline is about (sent, not answered, finished). Ids are
-- up to 64 characters, more than the status column holds, where finished ones named it before.
ALTER TABLE rm_timeline ADD COLUMN instrument_id VARCHAR(64);
UPDATE rm_timeline SET instrument_id = status, status = NULL WHERE kind = 'measure.completed';
