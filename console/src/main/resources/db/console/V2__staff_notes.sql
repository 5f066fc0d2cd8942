-- Staff notes: the console's own data (DESIGN.md: the console owns staff notes). A note is erased with
-- the member when the profile tombstone arrives (ReadModelWriter's erasure deletes by member_id).
CREATE TABLE console_staff_note (
    note_id    VARCHAR(64)   NOT NULL PRIMARY KEY,
    member_id  VARCHAR(64)   NOT NULL,
    staff_id   VARCHAR(128)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    text       VARCHAR(2000) NOT NULL
);

CREATE INDEX console_staff_note_by_member ON console_staff_note (member_id, created_at);
