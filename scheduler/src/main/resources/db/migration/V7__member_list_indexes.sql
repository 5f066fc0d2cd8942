-- The admin API's member list (GET /api/members): pages in member-id order (the primary key),
-- filtered by status; this index serves "status = ? AND member_id > ? ORDER BY member_id".
-- (V4 was never used; versions continue after V6.)
CREATE INDEX member_status_id ON member (status, member_id);
