-- The profile outbox reads the members whose snapshot is not yet on member.profile, oldest change
-- first (MemberStore.lockUnpublished). The index of V1 on (published_revision, revision) cannot
-- serve "published_revision < revision ORDER BY updated_at": every run scanned and sorted the
-- whole member table (16 minutes of a 1,000,000-member import, and a full scan every 5 s after).
-- This partial index holds only the members owed a snapshot: normally none.
CREATE INDEX member_unpublished_pending ON member (updated_at) WHERE published_revision < revision;
