-- Finished questionnaires (MeasureCompleted on checkin.responses, issue 13): one row per response
-- (its id keeps a replay to one row), and one per score with the band it fell in. Item values are
-- not kept here: the charts need the scores and bands only. Erased with the member (and by the
-- orphan sweep), as every member table is.
CREATE TABLE rm_measure (
    response_id          VARCHAR(128)  PRIMARY KEY,
    member_id            VARCHAR(64)   NOT NULL,
    instrument_id        VARCHAR(64)   NOT NULL,
    instrument_version   INT           NOT NULL,
    completed_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    highest_severity     VARCHAR(16)
);

-- A member's results of one instrument in time order (the member page's charts).
CREATE INDEX rm_measure_member ON rm_measure (member_id, instrument_id, completed_at);

CREATE TABLE rm_measure_score (
    response_id   VARCHAR(128)  NOT NULL,
    member_id     VARCHAR(64)   NOT NULL,
    score_id      VARCHAR(64)   NOT NULL,
    score         INT           NOT NULL,
    band          VARCHAR(64),
    PRIMARY KEY (response_id, score_id)
);

CREATE INDEX rm_measure_score_member ON rm_measure_score (member_id);
