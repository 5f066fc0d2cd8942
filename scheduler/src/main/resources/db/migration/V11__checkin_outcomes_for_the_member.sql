-- Issue 13 (the member's own progress page): what became of each check-in, as the member sees it.
-- answered_at / craving / mood: the first answer recorded through one of its links (the note and the
-- status are never kept here); member_away: the member was set away on its day when it fell due.
-- Check-ins from before this version were never marked (answers_kept false): the page shows them as
-- "no record", never as missed. Deleted with the member (ON DELETE CASCADE of checkin).
-- (V10 is left to another change of issue 13.)
ALTER TABLE checkin ADD COLUMN answered_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE checkin ADD COLUMN craving INT;
ALTER TABLE checkin ADD COLUMN mood INT;
ALTER TABLE checkin ADD COLUMN member_away BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE checkin ADD COLUMN answers_kept BOOLEAN DEFAULT TRUE NOT NULL;
UPDATE checkin SET answers_kept = FALSE;
