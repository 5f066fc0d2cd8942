-- When a member's row was made as a stub (an event read before, or without, the member's profile).
-- A stub whose profile never comes is a member erased before this read model was (re)built from the
-- topics: the profile's tombstone had been compacted away, but the member's events were still on the
-- other topics. Such stubs are erased after a grace period (ReadModelWriter.eraseOrphans).
ALTER TABLE rm_member ADD COLUMN stub_since TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP;
UPDATE rm_member SET stub_since = NULL WHERE revision > 0;
