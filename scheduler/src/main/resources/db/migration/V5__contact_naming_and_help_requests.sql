-- Issue 9. Every contact carries the id of the naming its confirmation is for: a new value each
-- time the contact is (re)invited (added, new address, wider consent, invited again). Links sent
-- to the contact are bound to it and to the address. Contacts from before keep their contact id
-- as their first naming.
ALTER TABLE support_contact ADD COLUMN invitation_id VARCHAR(36);
UPDATE support_contact SET invitation_id = contact_id WHERE invitation_id IS NULL;

-- The last "I need help now" the scheduler accepted from a member outside a check-in, to limit how
-- often one member's requests are passed on (each accepted one reaches streams). Deleted with the member.
CREATE TABLE help_request (
    member_id        VARCHAR(36)  PRIMARY KEY,
    last_accepted_at TIMESTAMP WITH TIME ZONE NOT NULL,
    accepted_count   BIGINT       NOT NULL
);
