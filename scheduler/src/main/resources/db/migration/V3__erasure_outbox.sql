-- Members erased whose tombstone is not on member.profile yet (the outbox of erasures): the row
-- holds only the id, and is deleted once Kafka acknowledged the tombstone.
CREATE TABLE erased_member (
    member_id   VARCHAR(36)  PRIMARY KEY,
    erased_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
