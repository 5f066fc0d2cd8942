-- Questionnaire occurrences (issue 13): one row per questionnaire a member was asked to fill in,
-- from when it was opened until it expires. The instrument's version is fixed when it is opened
-- (the latest ready one then), so a definition changed later never changes a form half-filled or
-- the scores stored. The partial answers are kept as the member goes (item id to value, JSON) with
-- the item they are on, so a member who leaves resumes where they were; revision guards every save
-- against a stale or replayed form. When completed, result holds the scores, bands and raised flag
-- rules, recomputable from answers and the definition. Answers are member data: erasing the member
-- removes their rows (cascade); they are never logged.
CREATE TABLE questionnaire (
    questionnaire_id    VARCHAR(40)   PRIMARY KEY,
    member_id           VARCHAR(36)   NOT NULL REFERENCES member (member_id) ON DELETE CASCADE,
    instrument_id       VARCHAR(64)   NOT NULL,
    instrument_version  INTEGER       NOT NULL,
    opened_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at        TIMESTAMP WITH TIME ZONE,
    answers             VARCHAR(8000) NOT NULL,
    current_item        VARCHAR(64),
    revision            INTEGER       NOT NULL,
    result              VARCHAR(8000),
    critical            BOOLEAN       NOT NULL
);
CREATE INDEX questionnaire_member ON questionnaire (member_id, opened_at);
